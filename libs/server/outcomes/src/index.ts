export * from './entities';
export { OutcomesModule } from './outcomes.module';
export {
  ADJUDICATION_RECORD_TYPE,
  blindOutcomeDetail,
  blindOutcomeSummary,
  OUTCOME_SYNC_JOB,
  OutcomesService,
  type OutcomeDetailView,
  type OutcomeSummaryView,
} from './outcomes.service';
export {
  ANALYSIS_JOB,
  ANALYSIS_RECORD_TYPE,
  AnalysesService,
  type BlindedAnalysisView,
  type BlindedProgressView,
  type UnblindedAnalysisView,
} from './analyses.service';
export { InputShiftService, type InputShiftView } from './input-shift.service';
export {
  ANALYSIS_READERS,
  OUTCOME_READERS,
  OUTCOME_VALUE_READERS,
  PROGRESS_READERS,
  RESULT_READERS,
  seesOutcomeValues,
} from './outcomes.controller';
export {
  ECONOMIC_EVALUATION_JOB,
  ECONOMIC_EVALUATION_RECORD_TYPE,
  EconomicsService,
  type EconomicEvaluationView,
  type UnblindedEconomicEvaluationView,
} from './economics.service';
export { CHEERS_READERS, ECONOMIC_RESULT_READERS } from './economics.controller';
export { SubmissionService, type PackageFile, type PackageManifest } from './submission.service';
export {
  SUBMISSION_PACKAGE_JOB,
  SubmissionPackagesService,
  type SubmissionPackageView,
} from './submission-packages.service';
