import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A coordinator's planned treatment start, used until a treatment record appears. Append-only. */
@Entity({ name: 'planned_treatment_start' })
export class PlannedTreatmentStartEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'enrollment_id', type: 'uuid' })
  enrollmentId!: string;

  @Column({ name: 'planned_at', type: 'timestamptz' })
  plannedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
}
