export { TrialsModule } from './trials.module';
export { TrialsService, type TrialCreatedHook } from './trials.service';
export {
  TRIAL_ENTITIES,
  TrialEntity,
  TrialSiteEntity,
  ProtocolVersionEntity,
  ProtocolApprovalEntity,
} from './entities';
export type { TrialView, SiteView, ProtocolVersionView } from './trial-views';
