import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the append-only audit trail (21 CFR 11.10(e)). */
@Entity({ name: 'audit_event' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Commit order as the database assigned it; bigint arrives as a string. */
  @Column({ type: 'bigint', insert: false, update: false })
  sequence!: string;

  /** The database server's clock, not the API host's. */
  @Column({ name: 'occurred_at', type: 'timestamptz', insert: false, update: false })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 200, nullable: true })
  entityId!: string | null;

  @Column({ name: 'trial_id', type: 'uuid', nullable: true })
  trialId!: string | null;

  @Column({ name: 'before_value', type: 'jsonb', nullable: true })
  beforeValue!: object | null;

  @Column({ name: 'after_value', type: 'jsonb', nullable: true })
  afterValue!: object | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;
}
