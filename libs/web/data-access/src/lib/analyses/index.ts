export * from './analyses.models';
export { AnalysesApi, type SignatureRequest } from './analyses.api';
export {
  plannedBoundaryTable,
  decisionStatement,
  describeSpending,
  describeFutility,
  type PlannedBoundaryRow,
  type DecisionStatement,
  type DecisionTone,
} from './analysis-plan';
