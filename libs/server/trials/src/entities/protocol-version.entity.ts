import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProtocolContent } from '@prospect/domain';

/** One version of a trial's protocol: the whole document as JSONB, plus the columns that are queried. */
@Entity({ name: 'protocol_version' })
export class ProtocolVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  content!: ProtocolContent;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ name: 'endpoint_type', type: 'varchar', length: 16 })
  endpointType!: string;

  @Column({ name: 'decision_threshold', type: 'double precision' })
  decisionThreshold!: number;

  @Column({ name: 'planned_sample_size', type: 'integer' })
  plannedSampleSize!: number;

  @Column({ name: 'amendment_reason', type: 'text', nullable: true })
  amendmentReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;
}
