/**
 * Statistics of prospective validation: discrimination (ROC, DeLong), classification at a
 * threshold with exact and score intervals, calibration, decision curves and group-sequential
 * designs. Zero dependencies, one function per file, every value checked against an
 * independent implementation (R: pROC, rpact, glm) stored as fixtures under tests/fixtures/stats.
 */
export { normalCdf, normalQuantile } from './numeric/normal';
export { createRng, type Rng } from './numeric/random';
export * from './roc';
export * from './proportions';
export * from './calibration';
export * from './decision';
export * from './report';
export * from './sequential';
export * from './subgroups';
export * from './shift';
