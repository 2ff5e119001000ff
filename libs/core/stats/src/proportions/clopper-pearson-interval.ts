import { inverseRegularizedIncompleteBeta } from '../numeric/beta';
import { validateBinomialCount } from './validate-count';

/**
 * Exact (Clopper-Pearson 1934) interval for a binomial proportion, from beta quantiles: the same
 * numbers as R's `binom.test(successes, trials, conf.level = confidence)$conf.int`. Guaranteed
 * coverage at least the nominal level, hence conservative; reported beside the Wilson interval
 * because regulators and protocols often ask for it.
 *
 * Lower bound qbeta(α/2, x, n − x + 1), or 0 when x = 0; upper bound qbeta(1 − α/2, x + 1, n − x),
 * or 1 when x = n (α = 1 − confidence).
 *
 * @param successes number of events, an integer in 0..trials
 * @param trials number of trials, a positive integer
 * @param confidence two-sided confidence level in (0, 1), 0.95 by default
 */
export function clopperPearsonInterval(
  successes: number,
  trials: number,
  confidence = 0.95,
): [number, number] {
  validateBinomialCount('clopperPearsonInterval', successes, trials, confidence);
  const tail = (1 - confidence) / 2;
  const lower =
    successes === 0 ? 0 : inverseRegularizedIncompleteBeta(tail, successes, trials - successes + 1);
  const upper =
    successes === trials ? 1 : inverseRegularizedIncompleteBeta(1 - tail, successes + 1, trials - successes);
  return [lower, upper];
}
