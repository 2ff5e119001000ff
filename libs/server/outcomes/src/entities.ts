import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AnalysisResult, AnalysisSnapshot } from '@prospect/analysis';
import type { HealthEconomicsPlan } from '@prospect/domain';
import type { EconomicEvaluationResult } from '@prospect/economics';

/** Where an outcome result's evidence lies: FHIR references and what they said. */
export interface OutcomeEvidence {
  readonly references: readonly string[];
  readonly detail: string;
}

/** One outcome result, from the FHIR server or an outcome assessor. Append-only. */
@Entity({ name: 'outcome_result' })
export class OutcomeResultEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'enrollment_id', type: 'uuid' }) enrollmentId!: string;
  @Column({ type: 'varchar', length: 16 }) source!: 'fhir' | 'assessor';
  @Column({ type: 'smallint', nullable: true }) outcome!: 0 | 1 | null;
  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true }) assessedAt!: Date | null;
  @Column({ name: 'study_day', type: 'integer', nullable: true }) studyDay!: number | null;
  @Column({ name: 'in_window', type: 'boolean', nullable: true }) inWindow!: boolean | null;
  @Column({ type: 'jsonb' }) evidence!: OutcomeEvidence;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'char', length: 64 }) fingerprint!: string;
  @Column({ type: 'uuid', nullable: true }) supersedes!: string | null;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false }) recordedAt!: Date;
}

/** A second assessor's signed decision on a conflicting or missing outcome. Append-only. */
@Entity({ name: 'outcome_adjudication' })
export class OutcomeAdjudicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'enrollment_id', type: 'uuid' }) enrollmentId!: string;
  @Column({ type: 'smallint', nullable: true }) outcome!: 0 | 1 | null;
  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true }) assessedAt!: Date | null;
  @Column({ name: 'study_day', type: 'integer', nullable: true }) studyDay!: number | null;
  @Column({ name: 'in_window', type: 'boolean', nullable: true }) inWindow!: boolean | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'jsonb' }) considered!: string[];
  @Column({ name: 'adjudicated_by', type: 'uuid' }) adjudicatedBy!: string;
  @Column({ name: 'signature_id', type: 'uuid' }) signatureId!: string;
  @Column({ name: 'adjudicated_at', type: 'timestamptz', insert: false, update: false })
  adjudicatedAt!: Date;
}

/** A subject leaving the trial. Append-only; at most one per enrollment. */
@Entity({ name: 'enrollment_withdrawal' })
export class EnrollmentWithdrawalEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'enrollment_id', type: 'uuid' }) enrollmentId!: string;
  @Column({ name: 'withdrawn_on', type: 'date' }) withdrawnOn!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false }) recordedAt!: Date;
}

/** A requested look with its frozen snapshot. Append-only; one per look. */
@Entity({ name: 'analysis' })
export class AnalysisEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'look_number', type: 'integer' }) lookNumber!: number;
  @Column({ name: 'protocol_version', type: 'integer' }) protocolVersion!: number;
  @Column({ type: 'jsonb' }) snapshot!: AnalysisSnapshot;
  @Column({ name: 'snapshot_sha256', type: 'char', length: 64 }) snapshotSha256!: string;
  @Column({ name: 'sync_job_id', type: 'uuid' }) syncJobId!: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'requested_at', type: 'timestamptz', insert: false, update: false }) requestedAt!: Date;
}

/** The computed result of an analysis. Append-only. */
@Entity({ name: 'analysis_result' })
export class AnalysisResultEntity {
  @PrimaryColumn({ name: 'analysis_id', type: 'uuid' }) analysisId!: string;
  @Column({ type: 'jsonb' }) result!: AnalysisResult;
  @Column({ name: 'result_sha256', type: 'char', length: 64 }) resultSha256!: string;
  @Column({ name: 'computed_at', type: 'timestamptz', insert: false, update: false }) computedAt!: Date;
}

/** A requested cost-effectiveness evaluation of one analysis' snapshot. Append-only. */
@Entity({ name: 'economic_evaluation' })
export class EconomicEvaluationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'evaluation_number', type: 'integer' }) evaluationNumber!: number;
  @Column({ name: 'analysis_id', type: 'uuid' }) analysisId!: string;
  @Column({ name: 'protocol_version', type: 'integer' }) protocolVersion!: number;
  @Column({ type: 'jsonb' }) plan!: HealthEconomicsPlan;
  @Column({ name: 'plan_sha256', type: 'char', length: 64 }) planSha256!: string;
  @Column({ type: 'integer' }) draws!: number;
  @Column({ type: 'varchar', length: 100 }) seed!: string;
  @Column({ name: 'sync_job_id', type: 'uuid' }) syncJobId!: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'requested_at', type: 'timestamptz', insert: false, update: false }) requestedAt!: Date;
}

/** The computed result of an economic evaluation. Append-only. */
@Entity({ name: 'economic_evaluation_result' })
export class EconomicEvaluationResultEntity {
  @PrimaryColumn({ name: 'evaluation_id', type: 'uuid' }) evaluationId!: string;
  @Column({ type: 'jsonb' }) result!: EconomicEvaluationResult;
  @Column({ name: 'result_sha256', type: 'char', length: 64 }) resultSha256!: string;
  @Column({ name: 'computed_at', type: 'timestamptz', insert: false, update: false }) computedAt!: Date;
}

/** A user's statement on a CHEERS 2022 item. Append-only; the latest per item counts. */
@Entity({ name: 'cheers_entry' })
export class CheersEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'item_number', type: 'integer' }) itemNumber!: number;
  @Column({ type: 'varchar', length: 16 }) status!: 'reported' | 'not-reported' | 'not-applicable';
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false }) recordedAt!: Date;
}

/** A requested submission package, built by a job into the data folder. Append-only. */
@Entity({ name: 'submission_package' })
export class SubmissionPackageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'trial_id', type: 'uuid' }) trialId!: string;
  @Column({ name: 'package_number', type: 'integer' }) packageNumber!: number;
  @Column({ name: 'sync_job_id', type: 'uuid' }) syncJobId!: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'requested_at', type: 'timestamptz', insert: false, update: false }) requestedAt!: Date;
}

/** A built package's manifest and its SHA-256 (what regulatory staff sign). Append-only. */
@Entity({ name: 'submission_package_manifest' })
export class SubmissionPackageManifestEntity {
  @PrimaryColumn({ name: 'package_id', type: 'uuid' }) packageId!: string;
  @Column({ type: 'jsonb' }) manifest!: Record<string, unknown>;
  @Column({ name: 'manifest_sha256', type: 'char', length: 64 }) manifestSha256!: string;
  @Column({ name: 'built_at', type: 'timestamptz', insert: false, update: false }) builtAt!: Date;
}

export const OUTCOME_ENTITIES = [
  OutcomeResultEntity,
  OutcomeAdjudicationEntity,
  EnrollmentWithdrawalEntity,
  AnalysisEntity,
  AnalysisResultEntity,
  EconomicEvaluationEntity,
  EconomicEvaluationResultEntity,
  CheersEntryEntity,
  SubmissionPackageEntity,
  SubmissionPackageManifestEntity,
];
