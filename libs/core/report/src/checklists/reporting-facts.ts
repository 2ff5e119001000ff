/**
 * What the platform knows about a trial when it fills in the reporting checklists. Everything is
 * aggregate, trial-level information: no field holds patient-level data. Optional fields are ones
 * the platform may not know (typically the model card's or the sponsor's statements); an item that
 * needs an absent fact is marked `sponsor-to-complete` rather than guessed.
 */

/** Sections of the generated report that results can be found in. */
export const REPORT_SECTION_IDS = [
  'flow',
  'roc',
  'calibration',
  'decision-curve',
  'forest',
  'boundaries',
  'economics',
  'input-shift',
] as const;

/** A section of the generated report; see {@link REPORT_SECTION_IDS}. */
export type ReportSectionId = (typeof REPORT_SECTION_IDS)[number];

/** An assessment window in days relative to treatment start (day 0), inclusive. */
export interface DayWindow {
  readonly start: number;
  readonly end: number;
}

/** The primary endpoint: the binary outcome the model predicts. */
export type EndpointFacts =
  | {
      readonly type: 'mrd';
      /** MRD negativity threshold, e.g. 1e-5. */
      readonly negativityThreshold: number;
      /** The assay, e.g. `next-generation sequencing (clonoSEQ)`, when known. */
      readonly assay?: string;
      readonly assessmentWindowDays: DayWindow;
    }
  | {
      readonly type: 'pcr';
      /** The pCR definition, e.g. `ypT0/is ypN0`. */
      readonly definition: string;
      readonly assessmentWindowDays: DayWindow;
    }
  | {
      readonly type: 'other';
      readonly description: string;
      /** The outcome value counted as positive. */
      readonly positiveClass: string;
      readonly assessmentWindowDays: DayWindow;
    };

/** An alpha spending function (same shape as the protocol's). */
export type SpendingFunctionFacts =
  | { readonly type: 'obrien-fleming' | 'pocock' }
  | { readonly type: 'hwang-shih-decani'; readonly gamma: number }
  | { readonly type: 'power'; readonly rho: number };

/** A futility rule (same shape as the protocol's). */
export type FutilityRuleFacts =
  | { readonly type: 'none' }
  | { readonly type: 'non-binding-beta-spending'; readonly beta: number }
  | { readonly type: 'conditional-power'; readonly threshold: number };

/** The pre-registered group-sequential design. */
export interface DesignFacts {
  readonly plannedSampleSize: number;
  /** Expected share of the positive class, when the protocol states it. */
  readonly expectedPrevalence?: number;
  /** Primary hypothesis on the AUC: H0 AUC <= nullValue against H1 AUC = alternativeValue. */
  readonly hypothesis?: { readonly nullValue: number; readonly alternativeValue: number };
  /** Power of the design, when computed. */
  readonly power?: number;
  /** The analyses by information fraction, the last one (1) being the final analysis. */
  readonly looks: readonly { readonly informationFraction: number }[];
  readonly alpha: number;
  readonly sided: 1 | 2;
  readonly spending: SpendingFunctionFacts;
  readonly futility: FutilityRuleFacts;
}

/** A participating site. */
export interface SiteFacts {
  readonly code: string;
  readonly name: string;
}

/** A model input (predictor). */
export interface InputFeatureFacts {
  readonly name: string;
  readonly unit?: string;
  /** Where the value comes from, e.g. `radiomics` or `clinical`. */
  readonly source?: string;
}

/** The frozen model under evaluation, from the protocol and its model card. */
export interface ModelFacts {
  readonly name: string;
  readonly version: string;
  /** SHA-256 of the ONNX artefact. */
  readonly sha256: string;
  readonly registryId?: string;
  /** Model type from the model card, e.g. `gradient-boosted decision trees`. */
  readonly type?: string;
  readonly inputFeatures: readonly InputFeatureFacts[];
  /** What the model outputs, e.g. `probability of MRD negativity`. */
  readonly output: string;
  /** The decision threshold locked in the protocol (a prediction >= threshold is positive). */
  readonly decisionThreshold: number;
  /** How the threshold was chosen, from the model card. */
  readonly thresholdRationale?: string;
  /** Intended use statement from the model card. */
  readonly intendedUse?: string;
  /** Intended users from the model card. */
  readonly intendedUsers?: string;
  /** Whether the model card carries the training distribution of the inputs. */
  readonly trainingDistributionAvailable: boolean;
  /** The development data described in the model card. */
  readonly developmentData?: string;
  /** Pre-existing evidence for the model (earlier validation studies). */
  readonly priorEvidence?: string;
  /** Class imbalance handling during development, from the model card. */
  readonly classImbalance?: string;
  /** Whether and how the model and/or its code can be accessed, with restrictions. */
  readonly access?: string;
}

/** How the baseline image (the model input) is chosen, from the protocol. */
export interface BaselineInputFacts {
  /** DICOM modality, e.g. `MR`. */
  readonly modality: string;
  /** Body site(s), e.g. `breast`. */
  readonly bodySite?: string;
  readonly windowDaysBeforeTreatment: number;
  readonly minDaysBeforeTreatment: number;
  readonly selection: 'latest-before-treatment' | 'earliest-in-window';
  /** Acquisition constraints, summarised, e.g. `1.5 or 3 T; slice thickness <= 3 mm`. */
  readonly acquisition?: string;
}

/** Radiomics extraction settings. */
export interface PreprocessingFacts {
  /** e.g. `1 x 1 x 1 mm isotropic, B-spline interpolation`. */
  readonly resampling?: string;
  /** Intensity discretisation bin width. */
  readonly binWidth?: number;
  readonly normalisation?: string;
  readonly featureClasses: readonly string[];
  /** Extraction software and version. */
  readonly software?: string;
  /** How the region of interest is segmented, and by whom. */
  readonly segmentation?: string;
}

/** How poor-quality or unavailable input is handled. */
export interface InputQualityFacts {
  /** What happens when no qualifying baseline image can be linked. */
  readonly unavailable: string;
  /** What quality checks run and what happens when an input fails them. */
  readonly poorQuality?: string;
}

/** The prediction ledger. */
export interface LockingFacts {
  /** Whether every analysed prediction was locked before its patient's treatment start. */
  readonly lockedBeforeTreatmentStart: boolean;
  /** e.g. `append-only SHA-256 hash chain with Merkle tree heads`. */
  readonly ledger: string;
  readonly signedTreeHeads: boolean;
  readonly signatureAlgorithm?: string;
  readonly cosigners: number;
  /** Command that verifies the ledger offline. */
  readonly verificationCommand?: string;
}

/** A role and what it is blinded to. */
export interface BlindingRoleFacts {
  readonly role: string;
  readonly blindedTo: string;
}

/** Blinding of outcome assessment. */
export interface BlindingFacts {
  readonly outcomeAssessorsBlindedToPredictions: boolean;
  readonly roles: readonly BlindingRoleFacts[];
  /** How outcomes are adjudicated, e.g. `two independent adjudicators, a third on disagreement`. */
  readonly adjudication?: string;
  /** Qualifications of outcome assessors. */
  readonly assessorQualifications?: string;
}

/** Aggregate counts. */
export interface CountFacts {
  readonly enrolled: number;
  readonly locked: number;
  readonly analysedPerProtocol: number;
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
  readonly missingOutcomes: number;
  /** Analysed participants with the positive / negative outcome, when known. */
  readonly outcomePositive?: number;
  readonly outcomeNegative?: number;
}

/** Human-AI interaction: facts, not assumptions. */
export interface HumanAiFacts {
  readonly predictionsShownToTreatingClinicians: boolean;
  readonly predictionsUsedForCareDecisions: boolean;
  /** Who, if anyone, handles the input data and with what expertise (e.g. manual segmentation). */
  readonly inputHandling?: string;
}

/** Thresholds at which a site's inputs count as shifted from training. */
export interface InputShiftFacts {
  readonly smd: number;
  readonly psi: number;
  readonly minimumSubjects: number;
}

/** Files of the submission package. */
export interface PackageFacts {
  readonly datasets?: readonly string[];
  readonly defineXml?: string;
  readonly ledger?: string;
  readonly auditTrail?: string;
  readonly protocol?: string;
  readonly modelCard?: string;
}

/** Statements only the sponsor can make; reported verbatim when given. */
export interface SponsorStatements {
  readonly ethics?: string;
  readonly funding?: string;
  readonly conflictsOfInterest?: string;
  readonly patientPublicInvolvement?: string;
  readonly dataSharing?: string;
  readonly codeSharing?: string;
  /** Onsite and offsite requirements for running the model in the trial setting. */
  readonly deployment?: string;
  /** Treatments participants received. */
  readonly treatments?: string;
  /** Care setting, e.g. `secondary and tertiary care haematology centres`. */
  readonly careSetting?: string;
}

/** Everything the checklists are filled in from. */
export interface ReportingFacts {
  readonly trial: {
    /** The trial code, e.g. `MM-RAD-01`. */
    readonly id: string;
    readonly title: string;
    readonly registryId?: string;
    readonly registryName?: string;
    readonly protocolVersion?: string | number;
  };
  readonly indication: 'multiple-myeloma' | 'breast-cancer' | 'other';
  /** For `other`, the condition. */
  readonly indicationDescription?: string;
  readonly endpoint: EndpointFacts;
  readonly design: DesignFacts;
  readonly sites: readonly SiteFacts[];
  /** ISO dates of the first and last enrolment, and of the end of follow-up when reached. */
  readonly enrollment: {
    readonly first?: string;
    readonly last?: string;
    readonly followUpEnd?: string;
  };
  /** Participant-level eligibility rules, summarised. */
  readonly eligibility?: { readonly inclusion: readonly string[]; readonly exclusion: readonly string[] };
  readonly model: ModelFacts;
  readonly baselineInput: BaselineInputFacts;
  readonly preprocessing?: PreprocessingFacts;
  readonly inputQuality: InputQualityFacts;
  readonly locking: LockingFacts;
  readonly blinding: BlindingFacts;
  /** Aggregate counts; absent before any analysis. */
  readonly counts?: CountFacts;
  /** The report sections present in this report. */
  readonly reportSections: readonly ReportSectionId[];
  /** Names of the pre-registered subgroups. */
  readonly subgroups: readonly string[];
  readonly inputShift?: InputShiftFacts;
  readonly humanAi: HumanAiFacts;
  readonly economicsPresent: boolean;
  readonly package: PackageFacts;
  readonly sponsor?: SponsorStatements;
}
