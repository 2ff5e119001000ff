export {
  standardizedMeanDifference,
  type ReferenceMoments,
  type StandardizedMeanDifference,
} from './standardized-mean-difference';
export {
  populationStabilityIndex,
  type PopulationStabilityIndex,
  type PopulationStabilityIndexOptions,
  type PsiBin,
  type ReferenceBins,
} from './population-stability-index';
export {
  referenceDistribution,
  type ReferenceDistribution,
  type ReferenceDistributionOptions,
} from './reference-distribution';
