import { normalQuantile } from '../numeric/normal';
import { validateBinomialCount } from './validate-count';

/**
 * Wilson score interval for a binomial proportion, without continuity correction: the same
 * numbers as R's `prop.test(successes, trials, conf.level = confidence, correct = FALSE)$conf.int`
 * (Wilson 1927; Newcombe 1998, method 3). Unlike the Wald interval it stays inside [0, 1] and keeps
 * near-nominal coverage for small counts and proportions near 0 or 1.
 *
 * @param successes number of events, an integer in 0..trials
 * @param trials number of trials, a positive integer
 * @param confidence two-sided confidence level in (0, 1), 0.95 by default
 * @returns `[lower, upper]`; exactly 0 as lower bound when successes = 0 and 1 as upper bound when
 *   successes = trials (as R)
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): [number, number] {
  validateBinomialCount('wilsonInterval', successes, trials, confidence);
  const estimate = successes / trials;
  const z = normalQuantile((1 + confidence) / 2);
  const halfZSquaredOverN = (z * z) / (2 * trials);
  // Same arrangement of the closed form as R's prop.test, so the two agree to rounding.
  const spread = z * Math.sqrt((estimate * (1 - estimate)) / trials + halfZSquaredOverN / (2 * trials));
  const denominator = 1 + 2 * halfZSquaredOverN;
  const upper = estimate >= 1 ? 1 : (estimate + halfZSquaredOverN + spread) / denominator;
  const lower = estimate <= 0 ? 0 : (estimate + halfZSquaredOverN - spread) / denominator;
  return [Math.max(lower, 0), Math.min(upper, 1)];
}
