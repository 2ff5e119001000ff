export { TrialApi } from './trial.api';
export {
  consortStages,
  consortTableRows,
  FLOW_EXCLUSION_LABELS,
  FLOW_OUTCOME_LABELS,
  type ConsortReason,
  type ConsortStage,
} from './consort';
export type {
  TrialFlow,
  NewSite,
  FlowOutcomeStatus,
  FlowExclusion,
  ProtocolVersion,
  ProtocolVersionStatus,
  TrialDetail,
  TrialProgress,
  TrialSite,
} from './trial.models';
