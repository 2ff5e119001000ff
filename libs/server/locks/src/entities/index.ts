import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@prospect/platform';
import type { TreatmentStartKnown } from '@prospect/ledger';

/** One leaf of a trial's log: the exact canonical JSON bytes that were hashed. Append-only. */
@Entity({ name: 'ledger_entry' })
export class LedgerEntryEntity {
  @PrimaryColumn({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @PrimaryColumn({ name: 'leaf_index', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  leafIndex!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: 'prediction-lock' | 'key-rotation';

  @Column({ name: 'entry_json', type: 'text' })
  entryJson!: string;

  @Column({ name: 'leaf_hash', type: 'char', length: 64 })
  leafHash!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 40, nullable: true })
  subjectId!: string | null;

  /** The entry's own time (a lock's `lockedAt`, a rotation's `effectiveAt`), for ordering checks. */
  @Column({ name: 'entry_time', type: 'timestamptz' })
  entryTime!: Date;

  @Column({ name: 'appended_at', type: 'timestamptz', insert: false, update: false })
  appendedAt!: Date;
}

/** A public key of a trial's log, recorded by the key-rotation entry at `leafIndex`. Append-only. */
@Entity({ name: 'ledger_key' })
export class LedgerKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'char', length: 64 })
  keyId!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'public_key', type: 'varchar', length: 43 })
  publicKey!: string;

  @Column({ name: 'leaf_index', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  leafIndex!: number;

  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

export type TreeHeadReason = 'trial-created' | 'lock-batch' | 'daily' | 'key-rotation' | 'on-request';

/** A signed tree head (checkpoint) of a trial's log. Append-only. */
@Entity({ name: 'ledger_tree_head' })
export class TreeHeadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'tree_size', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  treeSize!: number;

  @Column({ name: 'root_hash', type: 'char', length: 64 })
  rootHash!: string;

  /** The signed timestamp, exactly as signed (`YYYY-MM-DDTHH:mm:ss.sssZ`). */
  @Column({ name: 'signed_at', type: 'varchar', length: 24 })
  signedAt!: string;

  @Column({ name: 'key_id', type: 'char', length: 64 })
  keyId!: string;

  @Column({ type: 'varchar', length: 86 })
  signature!: string;

  @Column({ type: 'varchar', length: 32 })
  reason!: TreeHeadReason;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** A witness's countersignature of a tree head, checked before it was stored. Append-only. */
@Entity({ name: 'ledger_cosignature' })
export class CosignatureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tree_head_id', type: 'uuid' })
  treeHeadId!: string;

  @Column({ type: 'varchar', length: 200 })
  witness!: string;

  @Column({ name: 'witness_key_id', type: 'char', length: 64 })
  witnessKeyId!: string;

  @Column({ name: 'witness_public_key', type: 'varchar', length: 43 })
  witnessPublicKey!: string;

  @Column({ name: 'signed_at', type: 'varchar', length: 24 })
  signedAt!: string;

  @Column({ type: 'varchar', length: 86 })
  signature!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false })
  recordedAt!: Date;
}

/** The lock of one enrollment's prediction: at most one per enrollment. Append-only. */
@Entity({ name: 'prediction_lock' })
export class PredictionLockEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'trial_id', type: 'uuid' })
  trialId!: string;

  @Column({ name: 'enrollment_id', type: 'uuid' })
  enrollmentId!: string;

  @Column({ name: 'prediction_id', type: 'uuid' })
  predictionId!: string;

  @Column({ name: 'leaf_index', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  leafIndex!: number;

  @Column({ name: 'locked_at', type: 'timestamptz' })
  lockedAt!: Date;

  @Column({ name: 'treatment_start_known', type: 'jsonb' })
  treatmentStartKnown!: TreatmentStartKnown;

  @Column({ name: 'baseline_link_version', type: 'integer' })
  baselineLinkVersion!: number;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;
}

/** The opening (prediction + salt) of a lock's commitment, as canonical JSON. Append-only; blinded. */
@Entity({ name: 'prediction_opening' })
export class PredictionOpeningEntity {
  @PrimaryColumn({ name: 'lock_id', type: 'uuid' })
  lockId!: string;

  @Column({ name: 'opening_json', type: 'text' })
  openingJson!: string;
}

/** A lock later found not to be prospective; kept, flagged, excluded from the primary analysis. */
@Entity({ name: 'lock_deviation' })
export class LockDeviationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'lock_id', type: 'uuid' })
  lockId!: string;

  @Column({ type: 'varchar', length: 48 })
  kind!: 'treatment-started-before-lock';

  @Column({ name: 'treatment_start', type: 'jsonb' })
  treatmentStart!: Record<string, unknown>;

  @Column({ name: 'baseline_link_version', type: 'integer' })
  baselineLinkVersion!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'detected_at', type: 'timestamptz', insert: false, update: false })
  detectedAt!: Date;
}

/** Delivery of a lock's RiskAssessment and Provenance to the FHIR server (retried until done). */
@Entity({ name: 'lock_write_back' })
export class LockWriteBackEntity {
  @PrimaryColumn({ name: 'lock_id', type: 'uuid' })
  lockId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'pending' | 'done' | 'failed';

  @Column({ name: 'risk_assessment_reference', type: 'varchar', length: 300, nullable: true })
  riskAssessmentReference!: string | null;

  @Column({ name: 'provenance_reference', type: 'varchar', length: 300, nullable: true })
  provenanceReference!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export const LOCK_ENTITIES = [
  LedgerEntryEntity,
  LedgerKeyEntity,
  TreeHeadEntity,
  CosignatureEntity,
  PredictionLockEntity,
  PredictionOpeningEntity,
  LockDeviationEntity,
  LockWriteBackEntity,
];
