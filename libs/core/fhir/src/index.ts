/**
 * `@prospect/fhir-mapping`: pure mapping between a patient's FHIR R4 record and a trial protocol —
 * treatment start, baseline imaging, covariates, eligibility, the primary outcome and open issues — plus the FHIR
 * resources Prospect writes back. No I/O: the caller reads the record and sends the bundles, so the
 * same record always gives the same, auditable result.
 */
export { ageInYears, type AgeRange } from './age';
export {
  linkBaseline,
  diffBaselineLinks,
  treatmentStartMovedBefore,
  type BaselineLink,
  type BaselineLinkChange,
  type BaselineLinkOptions,
  type BaselineProtocol,
} from './baseline-link';
export {
  DICOM_MODALITY_SYSTEM,
  DICOM_UID_SYSTEM,
  selectBaselineImaging,
  studyInstanceUid,
  type BaselineImagingResult,
  type ImagingCandidate,
  type ImagingCandidateReason,
  type SelectedImaging,
} from './baseline-imaging';
export { codingMatchesAny, describeCodes, firstMatchingCoding, matchesAny, toDomainCoding } from './codes';
export {
  ADMINISTRATIVE_GENDER_SYSTEM,
  AGE_UNIT,
  extractCovariates,
  type CovariatesResult,
  type CovariateValue,
} from './covariates';
export {
  MS_PER_DAY,
  daysBetween,
  formatDays,
  formatInstant,
  medicationAdministrationTime,
  observationTime,
  parseFhirDateTime,
  procedureTime,
  requireInstant,
  type DateTimePrecision,
  type FhirInstant,
} from './date-times';
export {
  eligibilityIssues,
  evaluateCriterion,
  evaluateEligibility,
  ruleFails,
  type CriterionEvaluation,
  type CriterionResult,
  type EligibilityOutcome,
  type EligibilityResult,
  type RuleEvaluation,
} from './eligibility';
export {
  UCUM_SYSTEM,
  USABLE_OBSERVATION_STATUSES,
  describeUnit,
  latestObservation,
  quantityUnitMatches,
  readQuantity,
  type LatestObservation,
  type ObservationQuery,
} from './observations';
export {
  MRD_SENSITIVITY_COMPONENT_CODES,
  deriveOutcome,
  type IgnoredOutcomeRecord,
  type OutcomeCandidate,
  type OutcomeDerivation,
  type OutcomeEvidence,
} from './outcomes';
export {
  OPEN_ISSUE_CODES,
  dedupeIssues,
  hasBlockingIssues,
  issueKey,
  openIssue,
  type OpenIssue,
  type OpenIssueCode,
  type OpenIssueSeverity,
} from './open-issues';
export {
  formatSourceRef,
  type PatientRecord,
  type SourceRef,
  type SourceResourceType,
} from './patient-record';
export {
  TREATMENT_STARTED_STATUSES,
  determineTreatmentStart,
  treatmentStartDateTime,
  treatmentStartIssues,
  type TreatmentStartResult,
  type TreatmentStartSource,
} from './treatment-start';
export {
  INDICATION_CODINGS,
  PROTOCOL_VERSION_EXTENSION_URL,
  SNOMED_SYSTEM,
  conditionalCreateRequest,
  researchStudyFor,
  researchSubjectFor,
  transactionBundle,
  type BusinessIdentifier,
  type TrialIdentity,
} from './write-back';
export {
  ENDPOINT_CLASS_SYSTEM,
  LOCK_IDENTIFIER_SYSTEM,
  MODEL_SHA256_SYSTEM,
  provenanceForLock,
  riskAssessmentForLock,
  TREE_HEAD_IDENTIFIER_SYSTEM,
  treeHeadDocumentReference,
  type LockedPredictionFacts,
  type PublishedTreeHead,
  type LockWriteBackMode,
} from './lock-resources';
