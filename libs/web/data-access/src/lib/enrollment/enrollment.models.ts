import type { Job } from '../jobs/jobs.api';

/** Search criteria of `GET …/candidates`; at least one is required. */
export interface CandidateQuery {
  /** `system|value` or `value`. */
  readonly identifier?: string;
  /** Part of a name. */
  readonly name?: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly birthDate?: string;
  /** `system|code` of a Condition. */
  readonly conditionCode?: string;
}

/** A FHIR patient found by the search. */
export interface Candidate {
  readonly reference: string;
  readonly identifiers: readonly { readonly system?: string; readonly value?: string }[];
  readonly name: string;
  readonly birthDate: string | null;
  readonly gender: string | null;
  /** The subject id when the patient is already enrolled in this trial. */
  readonly enrolledAs: string | null;
}

export interface EnrollRequest {
  readonly patientReference: string;
  readonly siteCode: string;
  /** When no treatment record exists yet. */
  readonly plannedTreatmentStart?: { readonly at: string; readonly reason: string };
}

export type EligibilityOutcome = 'passed' | 'failed' | 'needs-review';
export type TreatmentStartStatus = 'actual' | 'planned' | 'unknown';

export type OpenIssueCode =
  | 'treatment-start-unknown'
  | 'treatment-start-planned'
  | 'imaging-none'
  | 'imaging-outside-window'
  | 'imaging-ambiguous'
  | 'covariate-missing'
  | 'covariate-unit-mismatch'
  | 'eligibility-needs-review'
  | 'eligibility-failed';

/** Something a coordinator still has to resolve; `subject` names the item (`rule:…`, `covariate:…`, a FHIR reference). */
export interface OpenIssue {
  readonly code: OpenIssueCode;
  readonly severity: 'blocking' | 'warning';
  readonly message: string;
  readonly subject?: string;
}

export interface FhirSourceRef {
  readonly resourceType: string;
  readonly id: string;
}

export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

export type TreatmentStartResult =
  | {
      readonly status: 'actual';
      readonly at: string;
      readonly precision: string;
      readonly source: FhirSourceRef;
      readonly candidates: number;
    }
  | { readonly status: 'planned'; readonly at: string; readonly precision: string; readonly source: null }
  | { readonly status: 'unknown' };

export interface ImagingCandidate {
  readonly imagingStudyId: string;
  readonly duplicateIds: readonly string[];
  readonly studyInstanceUid: string | null;
  readonly started: string | null;
  readonly daysBeforeTreatment: number | null;
  readonly reason: string;
  readonly detail: string;
}

export interface SelectedImaging {
  readonly imagingStudyId: string;
  readonly started: string;
  readonly startedPrecision: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUids: readonly string[];
  readonly endpoints: readonly string[];
  readonly modality: string;
  readonly bodySite: Coding;
  readonly daysBeforeTreatment: number;
}

interface ValueProvenance {
  readonly source: FhirSourceRef;
  readonly effectiveAt: string;
}

export type CovariateValue =
  | (ValueProvenance & {
      readonly valueType: 'quantity';
      readonly value: number;
      readonly unit: string | null;
      readonly comparator?: string;
    })
  | (ValueProvenance & { readonly valueType: 'coded'; readonly coding: Coding })
  | (ValueProvenance & { readonly valueType: 'boolean'; readonly value: boolean });

export interface RuleEvaluation {
  readonly ruleId: string;
  readonly kind: 'inclusion' | 'exclusion';
  readonly result: 'met' | 'not-met' | 'unknown';
  readonly reason: string;
  readonly evidence: readonly FhirSourceRef[];
}

/** Everything linked to one enrollment at baseline. */
export interface BaselineLink {
  readonly treatmentStart: TreatmentStartResult;
  readonly imaging: {
    readonly selected: SelectedImaging | null;
    readonly candidates: readonly ImagingCandidate[];
    readonly rule: string;
    readonly issues: readonly OpenIssue[];
  };
  readonly covariates: {
    readonly at: string;
    readonly values: Readonly<Record<string, CovariateValue | null>>;
    readonly issues: readonly OpenIssue[];
  };
  readonly eligibility: {
    readonly at: string;
    readonly outcome: EligibilityOutcome;
    readonly rules: readonly RuleEvaluation[];
  };
  readonly issues: readonly OpenIssue[];
}

export interface BaselineChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One version of the baseline link. */
export interface BaselineVersion {
  readonly version: number;
  readonly syncedAt: string;
  readonly eligibility: EligibilityOutcome;
  readonly treatmentStart: { readonly status: TreatmentStartStatus; readonly at: string | null };
  readonly blockingIssues: number;
  readonly issues: readonly OpenIssue[];
  readonly link: BaselineLink;
  /** What changed from the previous version; null for the first. */
  readonly changes: readonly BaselineChange[] | null;
}

/** `GET …/enrollments/{subjectId}` and the answer to enrolling. */
export interface Enrollment {
  readonly id: string;
  readonly subjectId: string;
  readonly siteCode: string;
  readonly fhirPatientReference: string;
  readonly protocolVersion: number;
  readonly enrolledAt: string;
  readonly baseline: BaselineVersion;
  readonly writeBack: {
    readonly status: 'pending' | 'done' | 'failed';
    readonly reference: string | null;
    readonly lastError: string | null;
  } | null;
}

/** A row of `GET …/enrollments`. */
export interface EnrollmentSummary {
  readonly subjectId: string;
  readonly siteCode: string;
  readonly enrolledAt: string;
  readonly eligibility: EligibilityOutcome;
  readonly treatmentStart: { readonly status: TreatmentStartStatus; readonly at: string | null };
  readonly blockingIssues: number;
  readonly baselineVersion: number;
}

export interface ImageGrid {
  readonly dims: readonly number[];
  readonly spacingMm: readonly number[];
  readonly origin: readonly number[];
  readonly direction: readonly number[];
}

export interface StoredImage {
  readonly sha256: string;
  readonly format: 'dicom-series' | 'nifti';
  readonly fileCount: number;
  readonly byteSize: number;
  readonly grid: ImageGrid;
  /** Acquisition attributes from DICOM; null for NIfTI. */
  readonly header: Record<string, unknown> | null;
}

export interface AcquisitionDeviation {
  readonly attribute: string;
  readonly dicomTag: string | null;
  readonly expected: string;
  readonly found: string | number | null;
  readonly message: string;
}

/** One version of the enrollment's baseline image (`…/baseline-image(s)`). */
export interface BaselineImage {
  readonly id: string;
  readonly subjectId: string;
  readonly version: number;
  readonly image: StoredImage;
  readonly mask: StoredImage;
  readonly studyCheck: {
    readonly result: 'matches' | 'not-verifiable';
    readonly linkedStudyInstanceUid: string | null;
    readonly seriesStudyInstanceUid: string | null;
    readonly seriesInstanceUid: string | null;
  };
  readonly acquisitionDeviations: readonly AcquisitionDeviation[];
  readonly reason: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface BaselineImageUpload {
  /** DICOM files of the series, or one NIfTI. */
  readonly image: readonly File[];
  /** The lesion mask as NIfTI. */
  readonly mask: File;
  /** Why an earlier baseline image is replaced (required then). */
  readonly reason?: string;
}

/**
 * A prediction as coordinators and monitors see it: hashes only. The API adds the value for the
 * DMC and regulatory staff; these screens never ask for or show it.
 */
export interface PredictionHashes {
  readonly id: string;
  readonly subjectId: string;
  readonly modelSha256: string;
  readonly protocolVersion: number;
  readonly baselineImageVersion: number;
  readonly imageSha256: string;
  readonly maskSha256: string;
  readonly featureSettingsSha256: string;
  readonly featuresSha256: string;
  readonly inputsSha256: string;
  readonly predictedAt: string;
}

export interface TreatmentStartKnown {
  readonly at: string | null;
  readonly status: TreatmentStartStatus;
  readonly source: string | null;
}

export interface LockDeviation {
  readonly subjectId: string;
  readonly leafIndex: number;
  readonly kind: 'treatment-started-before-lock';
  readonly lockedAt: string;
  readonly treatmentStart: Record<string, unknown>;
  readonly baselineLinkVersion: number;
  readonly reason: string;
  readonly detectedAt: string;
}

/** A lock (`GET …/lock`), blinded: hashes and the commitment, never the prediction. */
export interface EnrollmentLock {
  readonly subjectId: string;
  readonly leafIndex: number;
  readonly lockedAt: string;
  readonly protocolVersion: number;
  readonly modelSha256: string;
  readonly imageSha256: string;
  readonly maskSha256: string;
  readonly featuresSha256: string;
  readonly inputsSha256: string;
  readonly featureSettingsSha256: string;
  readonly threshold: number;
  readonly treatmentStartKnown: TreatmentStartKnown;
  readonly predictionCommitment: { readonly algorithm: string; readonly digest: string };
  readonly baselineLinkVersion: number;
  readonly inPrimaryAnalysis: boolean;
  readonly deviation: LockDeviation | null;
  readonly fhirWriteBack: {
    readonly status: 'pending' | 'done' | 'failed';
    readonly riskAssessment: string | null;
    readonly provenance: string | null;
    readonly attempts: number;
    readonly lastError: string | null;
  } | null;
}

/** What asking for a lock did: a job was queued, or the subject was locked already. */
export type LockRequest =
  | { readonly kind: 'queued'; readonly job: Job }
  | { readonly kind: 'already-locked'; readonly lock: EnrollmentLock };

/** One subject's fate in a lock job (`job.result`). */
export interface LockJobSummary {
  readonly enrollments: number;
  readonly processed: number;
  readonly locked: number;
  readonly alreadyLocked: number;
  readonly refusedTreatmentStarted: readonly {
    readonly subjectId: string;
    readonly problems?: readonly string[];
  }[];
  readonly withoutBaselineImage: number;
  readonly notReady: readonly { readonly subjectId: string; readonly problems?: readonly string[] }[];
  readonly notPredicted: number;
}

export interface ReceiptTreeHead {
  readonly trialCode: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly keyId: string;
  readonly signature: string;
}

/** A prediction-lock receipt as the API hands it out (verifiable offline). */
export interface LockReceipt {
  readonly type: 'prediction-lock-receipt';
  readonly formatVersion: number;
  readonly trialCode: string;
  readonly leafIndex: number;
  readonly entry: Record<string, unknown> & {
    readonly trialCode: string;
    readonly subjectId: string;
    readonly lockedAt: string;
    readonly treatmentStartKnown: TreatmentStartKnown;
  };
  readonly inclusionProof: readonly string[];
  readonly treeHead: ReceiptTreeHead;
  readonly publicKey: string;
}

/** The log's public face (`GET …/ledger`): the keys and the latest signed head. */
export interface LedgerTrustAnchor {
  readonly trialCode: string;
  readonly treeSize: number;
  readonly publicKeys: readonly {
    readonly keyId: string;
    readonly publicKey: string;
    readonly leafIndex: number;
    readonly reason: string;
    readonly createdAt: string;
  }[];
  readonly latestTreeHead: (ReceiptTreeHead & { readonly reason: string }) | null;
}

/** The server's own verification of the whole log (`GET …/ledger/verify`). */
export interface ServerLedgerVerification {
  readonly ok: boolean;
  readonly trialCode: string;
  readonly summary: Record<string, unknown>;
  readonly failures: readonly { readonly check: string; readonly index?: number; readonly message: string }[];
  readonly deviations: readonly Record<string, unknown>[];
  readonly databaseChecks: Record<string, number>;
}

export interface PlanTreatmentStart {
  /** ISO date or date-time with zone. */
  readonly plannedAt: string;
  readonly reason: string;
}

export interface WithdrawalRequest {
  /** YYYY-MM-DD. */
  readonly withdrawnOn: string;
  readonly reason: string;
}

/** What the API answers to a withdrawal; only the withdrawal is shown (never the outcome). */
export interface EnrollmentWithdrawal {
  readonly subjectId: string;
  readonly withdrawn: boolean;
  readonly withdrawal: WithdrawalRequest | null;
}
