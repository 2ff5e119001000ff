import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TrialRole } from '@prospect/domain';

/** A role a user holds in one trial, until revoked with a reason. */
@Entity({ name: 'role_assignment' })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: TrialRole;

  @Column({ name: 'granted_at', type: 'timestamptz', insert: false, update: false })
  grantedAt!: Date;

  @Column({ name: 'granted_by', type: 'uuid' })
  grantedBy!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: string | null;
}
