/**
 * The seeded pseudo-random stream (SplitMix64-seeded xoshiro128**) lives in `@prospect/stats`,
 * which also needs it (bootstrap confidence bands) and on which economics already depends; it is
 * re-exported here so that economics' API and the streams it produces are unchanged.
 */
export { createRng, type Rng } from '@prospect/stats';
