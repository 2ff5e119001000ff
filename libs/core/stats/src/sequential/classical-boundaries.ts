import { normalCdf } from '../numeric/normal';
import {
  crossingProbabilities,
  DEFAULT_GRID_SIZE,
  type CrossingProbabilities,
} from './crossing-probabilities';
import { findRoot } from './find-root';
import type { GroupSequentialBoundaries, Sidedness } from './types';

export interface ClassicalBoundariesInput {
  /** 'OF': c_k = C/√t_k (O'Brien & Fleming 1979); 'P': c_k = C (Pocock 1977). */
  readonly design: 'OF' | 'P';
  readonly alpha: number;
  readonly sided: Sidedness;
  readonly informationRates: readonly number[];
  readonly gridSize?: number;
}

/**
 * Classical boundaries of Wang & Tsiatis shape c_k = C·t_k^{Δ−1/2} (Δ = 0: O'Brien–Fleming,
 * Δ = 1/2: Pocock), with C solved so the overall level is α, as rpact's typeOfDesign 'OF'/'P'.
 * Like rpact, the shape uses the actual information rates t_k (C/√t_k, which is C·√(K/k) for
 * equally spaced looks), and the crossing probabilities use the same rates.
 */
export function classicalBoundaries(input: ClassicalBoundariesInput): GroupSequentialBoundaries {
  const { alpha, sided, informationRates } = input;
  const gridSize = input.gridSize ?? DEFAULT_GRID_SIZE;
  const exponent = input.design === 'OF' ? -0.5 : 0;
  const boundariesFor = (scale: number) => informationRates.map((t) => scale * Math.pow(t, exponent));
  const crossings = (scale: number, grid: number) => {
    const upper = boundariesFor(scale);
    return crossingProbabilities({
      informationRates,
      upper,
      lower: sided === 2 ? upper.map((c) => -c) : undefined,
      gridSize: grid,
    });
  };
  // Remember the last evaluation: the root finder's final call is usually the answer itself.
  let last: { scale: number; grid: number; result: CrossingProbabilities } | undefined;
  const crossingsAt = (scale: number, grid: number): CrossingProbabilities => {
    if (last?.scale !== scale || last.grid !== grid) last = { scale, grid, result: crossings(scale, grid) };
    return last.result;
  };
  const excessLevel = (grid: number) => (scale: number) => {
    const { upper, lower } = crossingsAt(scale, grid);
    return upper.reduce((sum, p, k) => sum + p + (lower[k] as number), 0) - alpha;
  };

  // Every trial C costs a full recursion, so locate C on a coarse grid first (within ~1e-5 of the
  // fine answer) and let the fine grid only polish it inside a narrow bracket.
  const coarse = findRoot(excessLevel(Math.max(4, Math.ceil(gridSize / 4))), 0, 40, 1e-10);
  const fine = excessLevel(gridSize);
  const halfWidth = 1e-4 * Math.max(1, coarse);
  let scale: number;
  try {
    scale = findRoot(fine, coarse - halfWidth, coarse + halfWidth);
  } catch {
    scale = findRoot(fine, 0, 40);
  }
  const criticalValues = boundariesFor(scale);
  const { upper, lower } = crossingsAt(scale, gridSize);
  let spent = 0;
  const alphaSpent = upper.map((p, k) => (spent += p + (lower[k] as number)));
  return { criticalValues, stageLevels: criticalValues.map((c) => normalCdf(-c)), alphaSpent };
}
