/**
 * `@prospect/economics`: cost-effectiveness of acting on a clinical AI model, from a trial's
 * locked predictions and observed outcomes: a decision-tree model over the confusion matrix,
 * incremental analysis with dominance, net monetary benefit, sensitivity and uncertainty analyses,
 * and the CHEERS 2022 reporting checklist. Pure TypeScript; only types from `@prospect/domain`.
 */
export * from './model';
export * from './uncertainty';
export * from './cheers';
export * from './evaluation';
