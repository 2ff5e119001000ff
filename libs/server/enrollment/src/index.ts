export { EnrollmentModule } from './enrollment.module';
export {
  EnrollmentService,
  BASELINE_SYNC_JOB,
  FHIR_WRITE_BACK_JOB,
  type BaselineChange,
  type BaselineChangeHook,
  type CandidateView,
  type EnrollInput,
  type TrialRef,
} from './enrollment.service';
export { FhirConnection, FhirConnectionModule, DEMO_COHORT_SEED } from './fhir-connection';
export {
  ENROLLMENT_ENTITIES,
  EnrollmentEntity,
  BaselineLinkEntity,
  SyncJobEntity,
  type SyncJobKind,
} from './entities';
export {
  createTrackedJob,
  dispatchTrackedJob,
  runTrackedJob,
  SyncJobOutbox,
  TRACKED_JOB_NAMES,
  type TrackedJobKind,
} from './jobs/tracked-job';
export { toSyncJobView } from './enrollment-views';
export { TRIAL_IDENTIFIER_SYSTEM, SUBJECT_IDENTIFIER_SYSTEM } from './write-back';
export type { EnrollmentView, EnrollmentSummary, SyncJobView, BaselineView } from './enrollment-views';
export { SyncJobDto, SyncRequestDto } from './dto/enrollment.dto';
export { requireEnrollment } from './require-enrollment';
