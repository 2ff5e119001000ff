import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The state of writing a ResearchStudy (per trial) or ResearchSubject (per enrollment) to the FHIR server. */
@Entity({ name: 'fhir_write_back' })
export class FhirWriteBackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'enrollment_id', type: 'uuid', nullable: true })
  enrollmentId!: string | null;

  @Column({ name: 'resource_type', type: 'varchar', length: 40 })
  resourceType!: 'ResearchStudy' | 'ResearchSubject';

  @Column({ type: 'varchar', length: 16 })
  status!: 'pending' | 'done' | 'failed';

  @Column({ name: 'fhir_reference', type: 'varchar', length: 300, nullable: true })
  fhirReference!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
