export { OutcomesApi } from './outcomes.api';
export {
  OUTCOME_STATUSES,
  type SubjectOutcomeStatus,
  type OutcomeStatusFilter,
  type OutcomeValue,
  type OutcomeSummary,
  type OutcomeEvidence,
  type OutcomeResult,
  type OutcomeAdjudication,
  type OutcomeDetail,
  type RecordOutcomeRequest,
  type AdjudicateOutcomeRequest,
  type OutcomeSyncCounts,
} from './outcomes.models';
