export { classicalBoundaries, type ClassicalBoundariesInput } from './classical-boundaries';
export { conditionalPower, type ConditionalPowerInput } from './conditional-power';
export {
  crossingProbabilities,
  DEFAULT_GRID_SIZE,
  type CrossingProbabilities,
  type CrossingProbabilitiesInput,
} from './crossing-probabilities';
export { cumulativeAlphaSpending } from './cumulative-alpha-spending';
export { groupSequentialBoundaries } from './group-sequential-boundaries';
export { hwangShihDeCaniSpending } from './hwang-shih-decani-spending';
export { kimDeMetsSpending } from './kim-demets-spending';
export { obrienFlemingTypeSpending } from './obrien-fleming-spending';
export { pocockTypeSpending } from './pocock-spending';
export { recomputeBoundaries, type ObservedLooks } from './recompute-boundaries';
export { spendingBoundaries, type SpendingBoundariesInput } from './spending-boundaries';
export type {
  GroupSequentialBoundaries,
  GroupSequentialDesign,
  GroupSequentialDesignType,
  Sidedness,
} from './types';
export {
  betaSpendingFutility,
  type BetaSpendingFutility,
  type BetaSpendingFutilityInput,
} from './beta-spending-futility';
export {
  nonBindingFutilityBounds,
  plannedSpendingBoundaries,
  spendingDesign,
  type FutilityRuleSpec,
  type PlannedBoundaries,
  type SpendingDesign,
  type SpendingFunctionSpec,
  type SpendingPlan,
} from './planned-design';
