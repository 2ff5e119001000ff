import type { TrialDefinition } from '@prospect/domain';

/** How often each kind of real-world mess appears, as probabilities per patient. */
export interface MessRates {
  /** A required covariate Observation is absent. */
  readonly missingCovariate: number;
  /** The only baseline study lies outside the protocol's window. */
  readonly imagingOutsideWindow: number;
  /** The treatment record reaches the FHIR server only after enrollment (a "late" bundle). */
  readonly lateTreatmentRecord: number;
  /** The baseline study is recorded twice (same Study Instance UID). */
  readonly duplicateStudy: number;
}

export const DEFAULT_MESS: MessRates = {
  missingCovariate: 0.08,
  imagingOutsideWindow: 0.06,
  lateTreatmentRecord: 0.1,
  duplicateStudy: 0.05,
};

/** Clean records: none of the kinds of mess. */
export const NO_MESS: MessRates = {
  missingCovariate: 0,
  imagingOutsideWindow: 0,
  lateTreatmentRecord: 0,
  duplicateStudy: 0,
};

/** {@link CohortOptions.signalStrength} when not given. */
export const DEFAULT_SIGNAL_STRENGTH = 1;

/** {@link CohortOptions.prevalence} when not given. */
export const DEFAULT_PREVALENCE = 0.35;

export interface CohortOptions {
  /** The trial the cohort is for: codes, windows and covariates come from its protocol. */
  readonly definition: TrialDefinition;
  readonly patients: number;
  readonly seed: number | string;
  /**
   * How strongly the imaging marker tracks the latent response: 0 is none (AUC 0.5); 1 gives an
   * AUC of the marker for the outcome of about 0.7 (the myeloma study's response model).
   */
  readonly signalStrength?: number;
  /** Share of patients who reach the endpoint (MRD negativity, pCR). */
  readonly prevalence?: number;
  readonly mess?: Partial<MessRates>;
  /** First treatment start; later patients start a few days apart. ISO-8601 UTC. */
  readonly firstTreatmentStart?: string;
  /** Identifier system for the synthetic medical record numbers. */
  readonly mrnSystem?: string;
}

export const DEFAULT_MRN_SYSTEM = 'urn:prospect:synthetic:mrn';
