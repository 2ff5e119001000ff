/**
 * Probabilistic sensitivity analysis of a cost-effectiveness evaluation: a seeded random stream,
 * method-of-moments parameter distributions, bootstrap resampling of test accuracy, acceptability
 * curves and frontier, EVPI and the incremental cost-effectiveness plane. Zero dependencies.
 */
export { createRng, type Rng } from './random';
export { gammaFromMeanSd, type GammaParameters } from './gamma-from-mean-sd';
export { betaFromMeanSd, type BetaParameters } from './beta-from-mean-sd';
export { lognormalFromMeanSd, type LognormalParameters } from './lognormal-from-mean-sd';
export {
  parameterSampler,
  type ParameterDistributionType,
  type UncertainParameter,
} from './parameter-sampler';
export { sampleParameter } from './sample-parameter';
export { bootstrapIndices } from './bootstrap-indices';
export { accuracyFromSample, type SampleAccuracy } from './accuracy-from-sample';
export { bootstrapAccuracy, type ConfusionCells } from './bootstrap-accuracy';
export {
  costEffectivenessAcceptability,
  type AcceptabilityFrontierPoint,
  type CostEffectivenessAcceptability,
} from './ceac';
export { expectedValueOfPerfectInformation } from './evpi';
export { populationEvpi, type EvpiPopulation } from './population-evpi';
export {
  costEffectivenessPlane,
  type CostEffectivenessPlane,
  type IncrementalComparison,
  type IncrementalSummary,
  type QuadrantProbabilities,
} from './ce-plane';
