export { cellProbabilities, type CellProbabilities, type ClassificationAccuracy } from './cell-probabilities';
export { discountedYears } from './discounted-years';
export { evaluateStrategies, type Strategy, type StrategyOutcome } from './evaluate-strategies';
export { incrementalAnalysis, type IncrementalRow, type IncrementalStatus } from './incremental-analysis';
export { netMonetaryBenefit, type NetMonetaryBenefitAtWtp } from './net-monetary-benefit';
export {
  oneWaySensitivity,
  type AccuracyRanges,
  type OneWaySensitivity,
  type OneWaySensitivityOptions,
  type TornadoBar,
} from './one-way-sensitivity';
export { baseParameterValues } from './parameter-values';
