import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A patient enrolled in a trial at a site, under a pseudonymous subject id. Append-only. */
@Entity({ name: 'enrollment' })
export class EnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 40 })
  subjectId!: string;

  @Column({ name: 'subject_sequence', type: 'integer' })
  subjectSequence!: number;

  /** `Patient/<id>` on the FHIR server: the only link to the person, never exported. */
  @Column({ name: 'fhir_patient_reference', type: 'varchar', length: 300 })
  fhirPatientReference!: string;

  @Column({ name: 'protocol_version', type: 'integer' })
  protocolVersion!: number;

  /** The database clock's time at enrollment; the baseline link is evaluated as of this instant. */
  @Column({ name: 'enrolled_at', type: 'timestamptz', update: false })
  enrolledAt!: Date;

  @Column({ name: 'enrolled_by', type: 'uuid' })
  enrolledBy!: string;
}
