import type { InterimPlan, PrimaryHypothesis, Subgroup } from '@prospect/domain';

/** Why a subject with a locked prediction and an outcome is left out of the per-protocol analysis. */
export const PER_PROTOCOL_EXCLUSIONS = [
  'lock-after-treatment-start',
  'imaging-outside-window',
  'outcome-outside-window',
  'withdrawn',
] as const;
export type PerProtocolExclusion = (typeof PER_PROTOCOL_EXCLUSIONS)[number];

/**
 * Where a subject's outcome stands:
 * - `observed`: one agreeing result (from FHIR or an assessor), or several that agree;
 * - `adjudicated`: decided by a second assessor after a conflict or a missing result;
 * - `pending`: nothing yet and the assessment window has not closed (or no treatment start yet);
 * - `conflicting`: results disagree and await adjudication;
 * - `missing`: no usable result, recorded with a reason (by an assessor or adjudication);
 * - `withdrawn`: the subject left the trial before the outcome.
 */
export const OUTCOME_STATUSES = [
  'observed',
  'adjudicated',
  'pending',
  'conflicting',
  'missing',
  'withdrawn',
] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** One locked subject, as frozen into an analysis snapshot. */
export interface SnapshotSubject {
  readonly subjectId: string;
  /** Site code (e.g. HD01). */
  readonly site: string;
  readonly leafIndex: number;
  readonly lockedAt: string;
  /** The locked probability of the endpoint's positive class. */
  readonly probability: number;
  /** 1 = the endpoint's positive class, 0 = not, null = no usable outcome. */
  readonly outcome: 0 | 1 | null;
  readonly outcomeStatus: OutcomeStatus;
  /** Empty for a per-protocol subject; otherwise every reason it is excluded (sorted). */
  readonly exclusions: readonly PerProtocolExclusion[];
  /** The value of each pre-registered subgroup's covariate at baseline (null when unknown). */
  readonly subgroups: Readonly<Record<string, string | null>>;
}

/** A previous look of the same trial, as its stored result recorded it. */
export interface PreviousLook {
  readonly lookNumber: number;
  readonly informationFraction: number;
  readonly z: number | null;
}

/** What the analysis plan fixes, copied into the snapshot so the snapshot alone reproduces the result. */
export interface AnalysisDesign {
  readonly threshold: number;
  readonly plannedSampleSize: number;
  readonly primaryHypothesis: PrimaryHypothesis;
  readonly interimPlan: InterimPlan;
  readonly subgroups: readonly Subgroup[];
  /** Two-sided confidence level of every interval. */
  readonly confidence: number;
}

/**
 * The data of one look, frozen when the statistician requests it: every locked subject with the
 * outcome as adjudicated at that moment, the earlier looks and the design. The analysis is a pure
 * function of this object, so re-running it from the stored snapshot gives identical numbers;
 * its SHA-256 (of the canonical JSON) is stored and signed with the result.
 */
export interface AnalysisSnapshot {
  readonly format: 'prospect.analysis-snapshot/1';
  readonly trialCode: string;
  readonly protocolVersion: number;
  readonly lookNumber: number;
  /** Database clock when the snapshot was frozen (UTC, ms). */
  readonly frozenAt: string;
  readonly design: AnalysisDesign;
  readonly previousLooks: readonly PreviousLook[];
  /** Sorted by subjectId. */
  readonly subjects: readonly SnapshotSubject[];
}
