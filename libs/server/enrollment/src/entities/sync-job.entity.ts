import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SyncJobKind =
  | 'baseline-sync'
  | 'fhir-write-back'
  | 'baseline-prediction'
  | 'prediction-lock'
  | 'lock-write-back'
  | 'outcome-sync'
  | 'analysis'
  | 'economic-evaluation'
  | 'submission-package';
export type SyncJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A background job's visible state: what users see of re-syncs and write-backs. */
@Entity({ name: 'sync_job' })
export class SyncJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: SyncJobKind;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'enrollment_id', type: 'uuid', nullable: true })
  enrollmentId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: SyncJobStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
