export { createRandom, type Random } from './random';
export { dicomUid } from './dicom-uid';
export { generateCohort, type Cohort, type PatientTruth } from './cohort';
export { withStableIds } from './stable-ids';
export {
  DEFAULT_MESS,
  DEFAULT_MRN_SYSTEM,
  DEFAULT_PREVALENCE,
  DEFAULT_SIGNAL_STRENGTH,
  NO_MESS,
  type CohortOptions,
  type MessRates,
} from './cohort-options';
export * from './images';
