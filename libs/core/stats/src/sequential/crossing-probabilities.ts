import { exitProbabilities } from './exit-probabilities';
import { stageDensity, type StageDensity } from './stage-density';

/** Default Jennison–Turnbull grid parameter r: 6r − 1 base points per look. */
export const DEFAULT_GRID_SIZE = 32;

export interface CrossingProbabilitiesInput {
  /** Cumulative information of the looks, strictly increasing, on any scale (only ratios matter). */
  readonly informationRates: readonly number[];
  /** Upper boundary per look on the z scale; Infinity for none. */
  readonly upper: readonly number[];
  /** Lower boundary per look on the z scale; −Infinity (the default) for none. */
  readonly lower?: readonly number[];
  /** θ with E[Z_k] = θ·√(informationRates[k]): the expected final z when the last rate is 1. */
  readonly drift?: number;
  /** Jennison–Turnbull grid parameter r; DEFAULT_GRID_SIZE unless given. */
  readonly gridSize?: number;
}

/** Per-look probabilities of first crossing the upper resp. lower boundary there. */
export interface CrossingProbabilities {
  readonly upper: number[];
  readonly lower: number[];
}

/**
 * Probabilities that a group-sequential z process first crosses each look's upper or lower
 * boundary, by the recursive numerical integration of Armitage, McPherson & Rowe (1969) as laid
 * out by Jennison & Turnbull (2000, ch. 19): Simpson's rule on a grid of about 12r points per
 * look, exact normal tail probabilities for the exits.
 */
export function crossingProbabilities(input: CrossingProbabilitiesInput): CrossingProbabilities {
  const { informationRates, upper } = input;
  const theta = input.drift ?? 0;
  const gridSize = input.gridSize ?? DEFAULT_GRID_SIZE;
  const result: CrossingProbabilities = { upper: [], lower: [] };
  let density: StageDensity | undefined;
  for (let k = 0; k < informationRates.length; k++) {
    const look = {
      information: informationRates[k] as number,
      lower: input.lower?.[k] ?? -Infinity,
      upper: upper[k] ?? Infinity,
    };
    const exits = exitProbabilities(density, look, theta);
    result.upper.push(exits.upper);
    result.lower.push(exits.lower);
    if (k + 1 < informationRates.length)
      density = stageDensity(density, look, theta, gridSize, informationRates[k + 1] as number);
  }
  return result;
}
