import { validateDraws } from './validate-draws';

/** Mean and central 95% interval (2.5th and 97.5th percentiles) of incremental draws. */
export interface IncrementalSummary {
  readonly mean: number;
  /** 2.5th percentile (R `quantile` type 7: linear interpolation between order statistics). */
  readonly lower: number;
  /** 97.5th percentile (type 7). */
  readonly upper: number;
}

/**
 * Share of draws in each quadrant of the cost-effectiveness plane (x = Δeffect, y = Δcost).
 * A draw on an axis is split evenly between the quadrants it borders (one at the origin counts ¼
 * in each), so the four always sum to 1.
 */
export interface QuadrantProbabilities {
  /** ΔE > 0, ΔC > 0: more effective and more costly (a trade-off, judged by the ICER). */
  readonly northEast: number;
  /** ΔE < 0, ΔC > 0: less effective and more costly (dominated). */
  readonly northWest: number;
  /** ΔE > 0, ΔC < 0: more effective and less costly (dominant). */
  readonly southEast: number;
  /** ΔE < 0, ΔC < 0: less effective and less costly (a trade-off). */
  readonly southWest: number;
}

/** One strategy against the comparator on the cost-effectiveness plane. */
export interface IncrementalComparison {
  /** Index of the strategy in the input arrays. */
  readonly strategy: number;
  /** Per draw, costs[strategy][k] − costs[comparator][k]. */
  readonly deltaCost: Float64Array;
  /** Per draw, effects[strategy][k] − effects[comparator][k]. */
  readonly deltaEffect: Float64Array;
  readonly summary: {
    readonly deltaCost: IncrementalSummary;
    readonly deltaEffect: IncrementalSummary;
    /** E[ΔC] / E[ΔE], the ICER of the means; null when E[ΔE] = 0. Read it with the quadrants. */
    readonly icerOfMeans: number | null;
    readonly quadrants: QuadrantProbabilities;
  };
}

export interface CostEffectivenessPlane {
  readonly comparator: number;
  /** One entry per other strategy, in input order. */
  readonly comparisons: readonly IncrementalComparison[];
}

/** Type-7 quantile of sorted values (Hyndman and Fan 1996), the default of R and NumPy. */
function sortedQuantile(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  if (below + 1 >= sorted.length) return low;
  return low + (position - below) * ((sorted[below + 1] as number) - low);
}

function summarise(values: Float64Array): IncrementalSummary {
  let sum = 0;
  for (let draw = 0; draw < values.length; draw++) sum += values[draw] as number;
  const sorted = Float64Array.from(values).sort();
  return {
    mean: sum / values.length,
    lower: sortedQuantile(sorted, 0.025),
    upper: sortedQuantile(sorted, 0.975),
  };
}

/**
 * The incremental cost-effectiveness plane (Black, Medical Decision Making 10(3), 1990) from PSA
 * draws: for each strategy other than the comparator, the paired differences (ΔC, ΔE) in every
 * draw, with their means, 2.5/97.5 percentiles, the ICER of the means and the probability of each
 * quadrant.
 *
 * @param costs per strategy, the cost in each of the K draws
 * @param effects per strategy, the effect in each draw, aligned with `costs`
 * @param comparatorIndex the strategy every other is compared with (e.g. current practice)
 */
export function costEffectivenessPlane(
  costs: readonly Float64Array[],
  effects: readonly Float64Array[],
  comparatorIndex: number,
): CostEffectivenessPlane {
  const fn = 'costEffectivenessPlane';
  const draws = validateDraws(fn, costs, effects, 2);
  if (!Number.isInteger(comparatorIndex) || comparatorIndex < 0 || comparatorIndex >= costs.length) {
    throw new RangeError(
      `${fn}: comparatorIndex must be an integer in 0..${costs.length - 1}, got ${comparatorIndex}`,
    );
  }
  const baseCosts = costs[comparatorIndex] as Float64Array;
  const baseEffects = effects[comparatorIndex] as Float64Array;
  const comparisons: IncrementalComparison[] = [];
  for (let strategy = 0; strategy < costs.length; strategy++) {
    if (strategy === comparatorIndex) continue;
    const strategyCosts = costs[strategy] as Float64Array;
    const strategyEffects = effects[strategy] as Float64Array;
    const deltaCost = new Float64Array(draws);
    const deltaEffect = new Float64Array(draws);
    // Quadrant weights ×4 (integers, so the sums are exact): an axis point gives 2 + 2, the origin 1 × 4.
    let northEast = 0;
    let northWest = 0;
    let southEast = 0;
    let southWest = 0;
    for (let draw = 0; draw < draws; draw++) {
      const dc = (strategyCosts[draw] as number) - (baseCosts[draw] as number);
      const de = (strategyEffects[draw] as number) - (baseEffects[draw] as number);
      deltaCost[draw] = dc;
      deltaEffect[draw] = de;
      const north = dc > 0 ? 2 : dc === 0 ? 1 : 0;
      const east = de > 0 ? 2 : de === 0 ? 1 : 0;
      northEast += north * east;
      northWest += north * (2 - east);
      southEast += (2 - north) * east;
      southWest += (2 - north) * (2 - east);
    }
    const total = 4 * draws;
    const costSummary = summarise(deltaCost);
    const effectSummary = summarise(deltaEffect);
    comparisons.push({
      strategy,
      deltaCost,
      deltaEffect,
      summary: {
        deltaCost: costSummary,
        deltaEffect: effectSummary,
        icerOfMeans: effectSummary.mean === 0 ? null : costSummary.mean / effectSummary.mean,
        quadrants: {
          northEast: northEast / total,
          northWest: northWest / total,
          southEast: southEast / total,
          southWest: southWest / total,
        },
      },
    });
  }
  return { comparator: comparatorIndex, comparisons };
}
