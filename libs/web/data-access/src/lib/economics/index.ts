export * from './economics.models';
export { EconomicsApi } from './economics.api';
export { probabilityCostEffective, strategyLabel, type CostEffectiveAtWtp } from './cost-effectiveness';
