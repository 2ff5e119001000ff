import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNATURE_MEANINGS } from '@prospect/platform';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { OUTCOME_STATUS_FILTERS } from './outcomes.service';

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE_OR_DATE_TIME_MESSAGE = 'must be a date (YYYY-MM-DD) or a date-time with a time zone';

export class RecordOutcomeDto {
  @ApiProperty({
    enum: [0, 1],
    nullable: true,
    description:
      '1 = the endpoint’s positive class (e.g. mrd-negative, pcr), 0 = not; null = not assessable (reason required)',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsIn([0, 1], { message: 'must be 0, 1 or null (not assessable)' })
  outcome!: 0 | 1 | null;

  @ApiProperty({
    example: '2027-04-12',
    description: 'When the outcome was assessed (specimen or surgery date)',
  })
  @IsString()
  @Matches(DATE_OR_DATE_TIME, { message: DATE_OR_DATE_TIME_MESSAGE })
  assessedAt!: string;

  @ApiPropertyOptional({ description: 'Required for "not assessable" and for corrections' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The assessor result this one corrects' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of an outcome result' })
  supersedes?: string;

  @ApiPropertyOptional({ description: 'Source document or remark (no patient identifiers)' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export class AdjudicateOutcomeDto {
  @ApiProperty({
    enum: [0, 1],
    nullable: true,
    description: '1 = positive class, 0 = not, null = confirmed missing',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsIn([0, 1], { message: 'must be 0, 1 or null (confirmed missing)' })
  outcome!: 0 | 1 | null;

  @ApiPropertyOptional({ example: '2027-04-12', description: 'Required when outcome is 0 or 1' })
  @IsOptional()
  @IsString()
  @Matches(DATE_OR_DATE_TIME, { message: DATE_OR_DATE_TIME_MESSAGE })
  assessedAt?: string;

  @ApiProperty({ description: 'Why this decision' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiProperty({ format: 'password', description: 'Your password, re-entered to sign (21 CFR 11.200).' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class WithdrawalDto {
  @ApiProperty({ example: '2027-02-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date (YYYY-MM-DD)' })
  withdrawnOn!: string;

  @ApiProperty({ description: 'Why the subject left (no identifiers)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class OutcomeListQueryDto {
  @ApiPropertyOptional({ enum: OUTCOME_STATUS_FILTERS })
  @IsOptional()
  @IsIn(OUTCOME_STATUS_FILTERS as string[])
  status?: string;
}

export class AnalysisRequestDto {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'The planned look to analyse (the next one)' })
  @IsInt()
  @Min(1)
  @Max(10)
  lookNumber!: number;
}

export class SignAnalysisDto {
  @ApiProperty({ format: 'password', description: 'Your password, re-entered to sign (21 CFR 11.200).' })
  @IsString()
  @Length(1, 256)
  password!: string;

  @ApiPropertyOptional({ enum: SIGNATURE_MEANINGS, default: 'authorship' })
  @IsOptional()
  @IsIn(SIGNATURE_MEANINGS as unknown as string[])
  meaning?: (typeof SIGNATURE_MEANINGS)[number];
}

export class OutcomeSummaryDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty() site!: string;
  @ApiProperty() locked!: boolean;
  @ApiProperty({ enum: ['observed', 'adjudicated', 'pending', 'conflicting', 'missing', 'withdrawn'] })
  status!: string;
  @ApiProperty({
    description:
      'True when the caller’s roles in the trial may not see outcome values (coordinators): `outcome` and every value field of the history are then absent, and `explanation` is value-free.',
  })
  valuesBlinded!: boolean;
  @ApiPropertyOptional({
    enum: [0, 1],
    nullable: true,
    description:
      '1 = the positive class, 0 = not, null = no outcome (or not assessable). Absent when `valuesBlinded`.',
  })
  outcome?: number | null;
  @ApiProperty({ example: 'mrd-negative' }) positiveClass!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) assessedAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) inWindow!: boolean | null;
  @ApiProperty() needsAdjudication!: boolean;
  @ApiProperty({
    description:
      'Why the status is what it is. May quote reasons (and so the value) for roles that see values; from the status, counts and dates only when `valuesBlinded`.',
  })
  explanation!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) treatmentStart!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) windowClosesAt!: string | null;
  @ApiProperty() withdrawn!: boolean;
  @ApiProperty() results!: number;
}

export class OutcomeDetailDto extends OutcomeSummaryDto {
  @ApiProperty({
    type: [Object],
    description:
      'Every result: id, source, outcome, assessedAt, studyDay, inWindow, evidence, reason, supersedes, supersededBy, recordedBy, recordedAt. When `valuesBlinded`, `outcome`, `evidence` and `reason` are absent.',
  })
  resultHistory!: Record<string, unknown>[];
  @ApiProperty({
    type: [Object],
    description:
      'Every signed adjudication: id, outcome, assessedAt, studyDay, inWindow, reason, considered, adjudicatedBy, signatureId, adjudicatedAt. When `valuesBlinded`, `outcome` and `reason` are absent.',
  })
  adjudications!: Record<string, unknown>[];
  @ApiProperty({ type: Object, nullable: true }) withdrawal!: Record<string, unknown> | null;
}

export class ConsortFlowDto {
  @ApiProperty() enrolled!: number;
  @ApiProperty() notLocked!: number;
  @ApiProperty() locked!: number;
  @ApiProperty({ type: Object, description: 'Locked subjects by outcome status' }) outcome!: Record<
    string,
    number
  >;
  @ApiProperty() withOutcome!: number;
  @ApiProperty() analysedPrimary!: number;
  @ApiProperty() analysedSensitivity!: number;
  @ApiProperty() excludedFromPrimary!: number;
  @ApiProperty({ type: Object }) exclusions!: Record<string, number>;
}

export class BlindedAnalysisDto {
  @ApiProperty() lookNumber!: number;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) frozenAt!: string;
  @ApiProperty() snapshotSha256!: string;
  @ApiProperty() subjects!: number;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'computed'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ nullable: true, type: String }) resultSha256!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) computedAt!: string | null;
  @ApiProperty({ type: [Object] }) signatures!: Record<string, unknown>[];
}

export class UnblindedAnalysisDto extends BlindedAnalysisDto {
  @ApiProperty({ type: Object, nullable: true, description: 'prospect.analysis-result/1' })
  result!: Record<string, unknown> | null;
}

export class AnalysisRequestedDto {
  @ApiProperty({ type: Object }) job!: Record<string, unknown>;
  @ApiProperty({ type: BlindedAnalysisDto }) analysis!: BlindedAnalysisDto;
}

export class ProgressDto {
  @ApiProperty() trialCode!: string;
  @ApiProperty() plannedSampleSize!: number;
  @ApiProperty({ type: [Object] }) plannedLooks!: Record<string, unknown>[];
  @ApiProperty({ type: ConsortFlowDto }) flow!: ConsortFlowDto;
  @ApiProperty() informationFraction!: number;
  @ApiProperty({ nullable: true, type: Number }) completeness!: number | null;
  @ApiProperty() outcomesAwaitingAdjudication!: number;
  @ApiProperty({ type: Object, nullable: true }) nextLook!: Record<string, unknown> | null;
}

export class ReproductionDto {
  @ApiProperty() lookNumber!: number;
  @ApiProperty() snapshotSha256!: string;
  @ApiProperty() snapshotIntact!: boolean;
  @ApiProperty() storedResultSha256!: string;
  @ApiProperty() recomputedResultSha256!: string;
  @ApiProperty() identical!: boolean;
}

export class InputShiftDto {
  @ApiProperty() trialCode!: string;
  @ApiProperty() modelSha256!: string;
  @ApiProperty({ type: Object }) thresholds!: Record<string, number>;
  @ApiProperty({ type: [Object] }) inputs!: Record<string, unknown>[];
  @ApiProperty({ type: [String] }) flaggedSites!: string[];
}

export class HealthEconomicsPlanRequestDto {
  @ApiProperty({
    type: Object,
    description: 'The protocol’s healthEconomics plan (validated as the protocol is)',
  })
  @IsObject()
  plan!: Record<string, unknown>;

  @ApiProperty({ description: 'Why the plan is defined or changed (the amendment reason)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class EconomicEvaluationRequestDto {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'The computed look whose snapshot is evaluated' })
  @IsInt()
  @Min(1)
  @Max(10)
  lookNumber!: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100000,
    default: 1000,
    description: 'PSA draws (0: deterministic only)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  draws?: number;

  @ApiPropertyOptional({ default: 'prospect', description: 'PSA seed: the same seed gives the same result' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  seed?: string;
}

export class CheersEntryDto {
  @ApiProperty({ minimum: 1, maximum: 28 }) @IsInt() @Min(1) @Max(28) itemNumber!: number;

  @ApiProperty({ enum: ['reported', 'not-reported', 'not-applicable'] })
  @IsIn(['reported', 'not-reported', 'not-applicable'])
  status!: 'reported' | 'not-reported' | 'not-applicable';

  @ApiProperty({ description: 'What is reported, or the reason it is not (applicable)' })
  @IsString()
  @Length(1, 4000)
  text!: string;
}

export class EconomicEvaluationDto {
  @ApiProperty() evaluationNumber!: number;
  @ApiProperty() lookNumber!: number;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty() planSha256!: string;
  @ApiProperty() draws!: number;
  @ApiProperty() seed!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'computed'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ nullable: true, type: String }) resultSha256!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) computedAt!: string | null;
  @ApiProperty({ type: [Object] }) signatures!: Record<string, unknown>[];
}

export class UnblindedEconomicEvaluationDto extends EconomicEvaluationDto {
  @ApiProperty({ type: Object, nullable: true, description: 'prospect.economic-evaluation/1' })
  result!: Record<string, unknown> | null;
}

export class EconomicEvaluationRequestedDto {
  @ApiProperty({ type: Object }) job!: Record<string, unknown>;
  @ApiProperty({ type: EconomicEvaluationDto }) evaluation!: EconomicEvaluationDto;
}

export class HealthEconomicsPlanDto {
  @ApiProperty() protocolVersion!: number;
  @ApiProperty({ type: Object }) plan!: Record<string, unknown>;
}

export class CheersChecklistDto {
  @ApiProperty({ type: [Object] }) items!: Record<string, unknown>[];
  @ApiProperty() complete!: boolean;
  @ApiProperty({ type: [Number] }) ignoredEntries!: number[];
}

export class SubmissionPackageDto {
  @ApiProperty() packageNumber!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'built'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ nullable: true, type: String }) manifestSha256!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) builtAt!: string | null;
  @ApiProperty({ type: Object, nullable: true, description: 'prospect.submission-package/1' })
  manifest!: Record<string, unknown> | null;
  @ApiProperty({ type: [Object] }) signatures!: Record<string, unknown>[];
}

export class SubmissionPackageRequestedDto {
  @ApiProperty({ type: Object }) job!: Record<string, unknown>;
  @ApiProperty({ type: SubmissionPackageDto }) package!: SubmissionPackageDto;
}

export class PackageFileQueryDto {
  @ApiProperty({ example: 'datasets/sdtm/dm.xpt', description: 'A path listed in the package manifest' })
  @IsString()
  @Length(1, 300)
  @Matches(/^[A-Za-z0-9._/-]+$/, { message: 'must be a manifest path (letters, digits, ".", "_", "-", "/")' })
  path!: string;
}
