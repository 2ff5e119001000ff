/** A subject's outcome status as the API derives it from every result and adjudication. */
export const OUTCOME_STATUSES = [
  'pending',
  'conflicting',
  'missing',
  'observed',
  'adjudicated',
  'withdrawn',
] as const;
export type SubjectOutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** What `GET /outcomes?status=` accepts: a status, or every outcome awaiting adjudication. */
export type OutcomeStatusFilter = SubjectOutcomeStatus | 'needs-adjudication';

/** 1 = the endpoint's positive class, 0 = not, null = no outcome (or not assessable). */
export type OutcomeValue = 0 | 1 | null;

/**
 * One subject on the outcome worklist (`GET /trials/{code}/outcomes`). Never a prediction. For
 * roles that may not see outcome values (coordinators), `valuesBlinded` is true, `outcome` is
 * absent and `explanation` is value-free; status, dates and window flags stay.
 */
export interface OutcomeSummary {
  readonly subjectId: string;
  readonly site: string;
  readonly locked: boolean;
  readonly status: SubjectOutcomeStatus;
  /** True when the caller's roles may not see outcome values: every value field is absent. */
  readonly valuesBlinded: boolean;
  /** Absent when `valuesBlinded` (which is not the same as null: no outcome or not assessable). */
  readonly outcome?: OutcomeValue;
  /** The endpoint's positive class, e.g. `mrd-negative`. */
  readonly positiveClass: string;
  readonly assessedAt: string | null;
  readonly inWindow: boolean | null;
  readonly needsAdjudication: boolean;
  /** Why the status is what it is, in words. */
  readonly explanation: string;
  readonly treatmentStart: string | null;
  readonly windowClosesAt: string | null;
  readonly withdrawn: boolean;
  /** How many results (FHIR and assessor) are recorded. */
  readonly results: number;
}

export interface OutcomeEvidence {
  readonly references: readonly string[];
  readonly detail: string;
}

/**
 * One result: read from the FHIR server or entered by an assessor (append-only). `outcome`,
 * `evidence` and `reason` (which state or imply the value) are absent when the detail's
 * `valuesBlinded` is true.
 */
export interface OutcomeResult {
  readonly id: string;
  readonly source: 'fhir' | 'assessor';
  readonly outcome?: OutcomeValue;
  readonly assessedAt: string | null;
  readonly studyDay: number | null;
  readonly inWindow: boolean | null;
  readonly evidence?: OutcomeEvidence;
  readonly reason?: string | null;
  /** The assessor result this one corrects. */
  readonly supersedes: string | null;
  /** The correction that replaced this result. */
  readonly supersededBy: string | null;
  /** User id of who recorded it (the sync job's requester for FHIR results). */
  readonly recordedBy: string | null;
  readonly recordedAt: string;
}

/**
 * A second assessor's signed decision on a conflicting or missing outcome. The decision
 * (`outcome`) and its `reason` are absent when the detail's `valuesBlinded` is true.
 */
export interface OutcomeAdjudication {
  readonly id: string;
  readonly outcome?: OutcomeValue;
  readonly assessedAt: string | null;
  readonly studyDay: number | null;
  readonly inWindow: boolean | null;
  readonly reason?: string;
  /** Ids of the results the decision considered. */
  readonly considered: readonly string[];
  readonly adjudicatedBy: string;
  readonly signatureId: string;
  readonly adjudicatedAt: string;
}

/** `GET /trials/{code}/enrollments/{subjectId}/outcome`. */
export interface OutcomeDetail extends OutcomeSummary {
  readonly resultHistory: readonly OutcomeResult[];
  readonly adjudications: readonly OutcomeAdjudication[];
  readonly withdrawal: { readonly withdrawnOn: string; readonly reason: string } | null;
}

/** `POST …/outcome-results` (RecordOutcomeDto). */
export interface RecordOutcomeRequest {
  readonly outcome: OutcomeValue;
  /** `YYYY-MM-DD` or a date-time with a time zone; not in the future. */
  readonly assessedAt: string;
  /** Required for "not assessable" (outcome null) and for corrections. */
  readonly reason?: string;
  /** The assessor result this one corrects. */
  readonly supersedes?: string;
  /** Source document or remark (no patient identifiers). */
  readonly comment?: string;
}

/** `POST …/outcome-adjudications` (AdjudicateOutcomeDto), signed with the password. */
export interface AdjudicateOutcomeRequest {
  /** null = confirmed missing. */
  readonly outcome: OutcomeValue;
  /** Required when outcome is 0 or 1. */
  readonly assessedAt?: string;
  readonly reason: string;
  readonly password: string;
}

/** What an outcome sync job reports when it succeeds. */
export interface OutcomeSyncCounts {
  readonly enrollments?: number;
  readonly newResults?: number;
  readonly unchanged?: number;
  readonly noResultYet?: number;
  readonly awaitingTreatmentStart?: number;
  readonly missingFromFhir?: number;
}
