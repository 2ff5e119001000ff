import { normalCdf } from '../numeric/normal';
import { DEFAULT_GRID_SIZE } from './crossing-probabilities';
import { exitProbabilities } from './exit-probabilities';
import { findRoot } from './find-root';
import { stageDensity, type Look, type StageDensity } from './stage-density';
import type { GroupSequentialBoundaries, Sidedness } from './types';

export interface SpendingBoundariesInput {
  /** Cumulative information of the looks (strictly increasing; any scale, only ratios matter). */
  readonly informationRates: readonly number[];
  /** α to have spent by each look, non-decreasing (both sides together when sided = 2). */
  readonly cumulativeAlpha: readonly number[];
  readonly sided: Sidedness;
  readonly gridSize?: number;
}

// A boundary beyond this spends under Φ(−40) ≈ 4e-350: no α at all in double precision.
const FAR = 40;

/**
 * Efficacy boundaries that spend exactly `cumulativeAlpha` under H0, look by look (Lan & DeMets
 * 1983): c_k solves P(first rejection at look k) = α_k − (α already spent), given c_1..c_{k−1}.
 * The spent α is the integrated crossing probability, not the spending function, so numerical
 * error does not accumulate across looks. Because the density of continuing paths at look k−1 is
 * fixed once c_{k−1} is, each root-finding step costs one O(grid) integral.
 * Two-sided: symmetric ±c_k, the exit probability counting both sides (as rpact's sided = 2).
 */
export function spendingBoundaries(input: SpendingBoundariesInput): GroupSequentialBoundaries {
  const { informationRates, cumulativeAlpha, sided } = input;
  const gridSize = input.gridSize ?? DEFAULT_GRID_SIZE;
  const criticalValues: number[] = [];
  const stageLevels: number[] = [];
  const alphaSpent: number[] = [];
  let spent = 0;
  let density: StageDensity | undefined;
  const lookAt = (information: number, c: number): Look => ({
    information,
    lower: sided === 2 ? -c : -Infinity,
    upper: c,
  });
  const rejection = (previous: StageDensity | undefined, look: Look): number => {
    const exits = exitProbabilities(previous, look, 0);
    return exits.upper + exits.lower;
  };

  for (let k = 0; k < informationRates.length; k++) {
    const information = informationRates[k] as number;
    const target = (cumulativeAlpha[k] as number) - spent;
    let c: number;
    if (target <= 0) {
      // Nothing left to spend here: never reject at this look.
      c = Infinity;
    } else {
      const previous = density;
      c = findRoot((x) => rejection(previous, lookAt(information, x)) - target, sided === 2 ? 0 : -FAR, FAR);
    }
    const look = lookAt(information, c);
    spent += rejection(density, look);
    criticalValues.push(c);
    stageLevels.push(normalCdf(-c));
    alphaSpent.push(spent);
    if (k + 1 < informationRates.length)
      density = stageDensity(density, look, 0, gridSize, informationRates[k + 1] as number);
  }
  return { criticalValues, stageLevels, alphaSpent };
}
