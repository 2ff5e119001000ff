export type {
  ExportEndpointType,
  ExportLock,
  ExportOutcome,
  ExportProtocol,
  ExportSex,
  ExportSite,
  ExportSubject,
  TrialExport,
} from './trial-export';
export { isoDtc } from './iso-dtc';
export { sasDate } from './sas-date';
export { sasDatetime } from './sas-datetime';
export { studyDay } from './study-day';
export { asciiText } from './ascii-text';
export { subjectIdentifiers } from './subjects';
export { ARM, participationEnd, sdtmDm, sdtmSex } from './sdtm-dm';
export { dispositionDecod, sdtmDs } from './sdtm-ds';
export { sdtmTreatment, sdtmTreatmentSupp } from './sdtm-treatment';
export { sdtmDv } from './sdtm-dv';
export { OUTCOME_TEST, outcomeResult, sdtmOutcome, sdtmOutcomeSupp } from './sdtm-outcome';
export { ZP_SEQ, lockGroupId, sdtmZp, sdtmZpSupp } from './sdtm-zp';
export { adamAdsl, covariateName } from './adam-adsl';
export { adamAdacc } from './adam-adacc';
export { tabulateTrial, type TrialDatasets } from './tabulate-trial';
export { reviewersGuide } from './reviewers-guide';
export { defineForTrial } from './define-for-trial';
