export {
  heterogeneity,
  type Heterogeneity,
  type HeterogeneityOptions,
  type PooledEstimate,
} from './heterogeneity';
export {
  subgroupPerformance,
  type SubgroupAuc,
  type SubgroupHeterogeneity,
  type SubgroupInput,
  type SubgroupPerformance,
  type SubgroupPerformanceOptions,
  type SubgroupProportion,
  type SubgroupRow,
} from './subgroup-performance';
