import type { BaselineLink, BaselineLinkChange } from '@prospect/fhir-mapping';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One version of an enrollment's baseline link; a re-sync that finds changes adds the next. Append-only. */
@Entity({ name: 'baseline_link' })
export class BaselineLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'enrollment_id', type: 'uuid' })
  enrollmentId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  link!: BaselineLink;

  @Column({ name: 'link_sha256', type: 'char', length: 64 })
  linkSha256!: string;

  @Column({ type: 'varchar', length: 16 })
  eligibility!: 'passed' | 'failed' | 'needs-review';

  @Column({ name: 'blocking_issues', type: 'integer' })
  blockingIssues!: number;

  @Column({ name: 'treatment_start', type: 'timestamptz', nullable: true })
  treatmentStart!: Date | null;

  @Column({ name: 'treatment_start_status', type: 'varchar', length: 16 })
  treatmentStartStatus!: 'actual' | 'planned' | 'unknown';

  @Column({ type: 'jsonb', nullable: true })
  changes!: BaselineLinkChange[] | null;

  @Column({ name: 'synced_at', type: 'timestamptz', insert: false, update: false })
  syncedAt!: Date;

  @Column({ name: 'synced_by', type: 'uuid', nullable: true })
  syncedBy!: string | null;
}
