export { API_BASE, trialPath } from './lib/api/api-base';
export { toApiProblem, describeProblem, type ApiProblem, type FieldProblem } from './lib/api/api-problem';
export {
  TRIAL_ROLES,
  SIGNATURE_MEANINGS,
  type TrialRole,
  type SignatureMeaning,
  type Me,
  type TokenPair,
  type TrialRoleSummary,
} from './lib/auth/auth.models';
export { SessionStore, type SessionEndReason } from './lib/auth/session.store';
export { authInterceptor } from './lib/auth/auth.interceptor';
export { authenticatedGuard, sessionGuard, adminGuard, trialRoleGuard } from './lib/auth/guards';
export { JobsApi, isJobFinished, type Job, type JobStatus } from './lib/jobs/jobs.api';
export { TrialContextStore } from './lib/trials/trial-context.store';
export type { Trial, Site } from './lib/trials/trials.models';
// Each area's API has its own entry point (`@prospect/web-data-access/<area>`), imported only
// by that area's lazily loaded screens: the first load carries the session and trial context alone.
