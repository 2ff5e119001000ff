import { DEFAULT_GRID_SIZE } from './crossing-probabilities';
import { exitProbabilities } from './exit-probabilities';
import { findRoot } from './find-root';
import { stageDensity, type StageDensity } from './stage-density';

export interface BetaSpendingFutilityInput {
  /** Information fractions of the looks, strictly increasing, the last the final analysis (1). */
  readonly informationRates: readonly number[];
  /** The one-sided efficacy boundaries c_k, computed without futility (non-binding). */
  readonly criticalValues: readonly number[];
  /** β to have spent by each look (non-decreasing), the last being the design's type II error β. */
  readonly cumulativeBeta: readonly number[];
  readonly gridSize?: number;
}

export interface BetaSpendingFutility {
  /** Futility bound f_k of each interim look (K − 1 values): recommend stopping when Z_k < f_k. */
  readonly futilityBounds: readonly number[];
  /** θ = E[Z] at information 1 under which the design has power 1 − β (rpact: √shift). */
  readonly drift: number;
  /** Cumulative probability under θ of stopping for futility by each look (the last: not rejecting at all). */
  readonly betaSpent: readonly number[];
}

// A bound beyond this carries no probability in double precision (cf. spendingBoundaries).
const FAR = 40;

/**
 * Non-binding futility bounds by β spending, as rpact's getDesignGroupSequential(…, typeBetaSpending,
 * bindingFutility = FALSE) for one-sided designs: the drift θ is solved so that the design, with
 * its efficacy bounds c_k and these futility bounds, has type II error exactly β; for that θ each
 * interim bound f_k spends β*(t_k) − β*(t_{k−1}), i.e. P_θ(continue to k, Z_k < f_k) equals it.
 * A bound that would pass c_k is set to c_k (the look then decides either way). Non-binding:
 * the efficacy bounds ignore these, so not stopping keeps the type I error at α.
 * Same recursion as {@link crossingProbabilities}; roots by Brent's method.
 *
 * @throws {RangeError} on mismatched lengths, fewer than two looks, or β outside (0, 1).
 */
export function betaSpendingFutility(input: BetaSpendingFutilityInput): BetaSpendingFutility {
  const { informationRates, criticalValues, cumulativeBeta } = input;
  const k = informationRates.length;
  if (k < 2) throw new RangeError('futility bounds need at least two looks');
  if (criticalValues.length !== k || cumulativeBeta.length !== k) {
    throw new RangeError(
      `informationRates, criticalValues and cumulativeBeta must have the same length, got ${k}, ${criticalValues.length}, ${cumulativeBeta.length}`,
    );
  }
  const beta = cumulativeBeta[k - 1] as number;
  if (!(beta > 0 && beta < 1)) throw new RangeError(`the total beta must lie in (0, 1), got ${beta}`);
  const gridSize = input.gridSize ?? DEFAULT_GRID_SIZE;

  const run = (theta: number) => {
    const bounds: number[] = [];
    const spentByLook: number[] = [];
    let spent = 0;
    let density: StageDensity | undefined;
    for (let look = 0; look < k - 1; look++) {
      const information = informationRates[look] as number;
      const upper = criticalValues[look] as number;
      const target = (cumulativeBeta[look] as number) - spent;
      const previous = density;
      const lowerExit = (f: number) =>
        exitProbabilities(previous, { information, lower: f, upper }, theta).lower;
      let f: number;
      if (target <= 0) f = -Infinity;
      else if (lowerExit(upper) <= target) f = upper;
      else f = findRoot((x) => lowerExit(x) - target, -FAR, upper, 1e-12);
      spent += Number.isFinite(f) ? lowerExit(f) : 0;
      bounds.push(f);
      spentByLook.push(spent);
      density = stageDensity(
        density,
        { information, lower: f, upper },
        theta,
        gridSize,
        informationRates[look + 1] as number,
      );
    }
    const final = informationRates[k - 1] as number;
    const notRejected = exitProbabilities(
      density,
      { information: final, lower: criticalValues[k - 1] as number, upper: Infinity },
      theta,
    ).lower;
    spentByLook.push(spent + notRejected);
    return { bounds, spentByLook };
  };

  const drift = findRoot((theta) => (run(theta).spentByLook[k - 1] as number) - beta, 0, FAR, 1e-12);
  const { bounds, spentByLook } = run(drift);
  return { futilityBounds: bounds, drift, betaSpent: spentByLook };
}
