/**
 * Input of the tabulation mappings: a pseudonymised export of one prospective validation trial
 * (locked predictions, treatment starts and followed-up outcomes). Defined here because
 * `@prospect/cdisc` has no dependencies; callers map their own records onto it.
 */

/** Sex or administrative gender as recorded at enrolment. */
export type ExportSex = 'male' | 'female' | 'other' | 'unknown' | null;

/** Kind of primary endpoint. */
export type ExportEndpointType = 'mrd' | 'pcr' | 'other';

/** A participating site. */
export interface ExportSite {
  /** Site code, e.g. `HD01` (becomes SITEID). */
  code: string;
  name: string;
  /** ISO 3166-1 alpha-3 country code, e.g. `DEU` (becomes DM.COUNTRY when given). */
  country?: string;
}

/** The locked protocol of the trial. */
export interface ExportProtocol {
  version: string;
  /** Probability at or above which the predicted class is 1. */
  decisionThreshold: number;
  endpoint: {
    type: ExportEndpointType;
    /** What outcome value 1 means, e.g. `MRD-negative` or `pCR`. */
    positiveClass: string;
    assessmentWindowDays: number;
  };
  modelSha256: string;
  modelName: string;
  modelVersion: string;
}

/** A prediction locked in the signed log before treatment. */
export interface ExportLock {
  leafIndex: number;
  /** ISO 8601 date-time (UTC). */
  lockedAt: string;
  /** Predicted probability of class 1; `null` while blinded. */
  probability: number | null;
  /** Predicted class; `null` while blinded. */
  predictedClass: 0 | 1 | null;
  inputsSha256: string;
  imageSha256: string;
  modelSha256: string;
  commitmentDigest: string;
}

/** The followed-up outcome of a subject. */
export interface ExportOutcome {
  /** Status of the follow-up, e.g. `observed`, `missing`, `pending`. */
  status: string;
  /** 1 = the protocol's positive class, 0 = not; `null` when not obtained. */
  value: 0 | 1 | null;
  /** ISO 8601 date or date-time (UTC) of the assessment. */
  assessedAt: string | null;
  studyDay: number | null;
  /** Whether the assessment fell inside the protocol's assessment window. */
  inWindow: boolean | null;
  source: 'fhir' | 'assessor' | 'adjudication';
  /** Free-text detail (e.g. the assay or the adjudication note). */
  detail: string;
}

/** One enrolled subject (pseudonymous: no names, MRNs or birth dates). */
export interface ExportSubject {
  /** Pseudonymous subject id, e.g. `MM-RAD-01-HD01-0001` (trial code, site code, number). */
  subjectId: string;
  /** Site code (one of `TrialExport.sites`). */
  site: string;
  sex: ExportSex;
  ageYears: number | null;
  /** ISO 8601 date-time (UTC) of enrolment. */
  enrolledAt: string;
  withdrawal: { date: string; reason: string } | null;
  treatmentStart: {
    at: string;
    source: 'MedicationAdministration' | 'Procedure';
    code: string;
    display: string;
  } | null;
  lock: ExportLock | null;
  deviation: { kind: string; reason: string } | null;
  imagingOutsideWindow: boolean;
  outcome: ExportOutcome | null;
  perProtocol: boolean;
  covariates: Record<string, string | number | null>;
}

/** A whole trial export. */
export interface TrialExport {
  /** Study identifier (becomes STUDYID), e.g. `MM-RAD-01`. */
  studyId: string;
  /** Trial code used as prefix of subject ids, e.g. `MM-RAD-01`. */
  trialCode: string;
  trialTitle: string;
  indication: string;
  sites: ExportSite[];
  protocol: ExportProtocol;
  subjects: ExportSubject[];
}
