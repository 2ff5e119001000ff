export {
  economicEvaluation,
  type EconomicEvaluationInput,
  type EconomicEvaluationResult,
  type ObservedAccuracy,
  type StrategySummary,
} from './economic-evaluation';
