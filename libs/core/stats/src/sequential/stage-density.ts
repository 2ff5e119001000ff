import { stageGrid } from './stage-grid';

/**
 * One look of a group-sequential test: its (cumulative) information, on any common scale, and the
 * continuation region (lower, upper) of its z statistic; ±Infinity for an absent boundary.
 */
export interface Look {
  readonly information: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Sub-density of Z_k on the continuation region, for paths that have not stopped by look k, held
 * as quadrature-weighted values w_j·h_k(z_j) ready for the next look's integral.
 */
export interface StageDensity {
  readonly information: number;
  readonly points: readonly number[];
  readonly weightedDensity: readonly number[];
}

const ONE_OVER_SQRT_2PI = 0.3989422804014327;
const KERNEL_REACH = 10;
// A module binding, not a global lookup per call: in Jest's vm sandbox every access to a global
// such as `Math` goes through an interceptor, which made the inner loop several times slower.
const { exp } = Math;

/**
 * Density of continuing paths at `look`, from the density at the previous look (none for the
 * first), by the recursion of Armitage, McPherson & Rowe (1969) in the form of Jennison &
 * Turnbull (2000, ch. 19). With Z_k = S_k/√I_k for a score S_k with E[S_k] = θ·I_k and
 * Var[S_k] = I_k, the increment S_k − S_{k−1} is N(θΔ_k, Δ_k) and independent of the past, so
 *   h_k(z) = ∫ h_{k−1}(u) · √I_k/√Δ_k · φ((z√I_k − u√I_{k−1} − θΔ_k)/√Δ_k) du.
 * `theta` is the drift per unit of information: E[Z_k] = theta·√I_k. `nextInformation` is the
 * information of the look this density will be carried to (it sets the grid's resolution).
 */
export function stageDensity(
  previous: StageDensity | undefined,
  look: Look,
  theta: number,
  gridSize: number,
  nextInformation: number,
): StageDensity {
  const mean = theta * Math.sqrt(look.information);
  // Jennison & Turnbull's spacing assumes increments comparable to the information so far. A small
  // increment makes the transition kernel narrow (sd √(Δ/I) on the z scale, into this look and
  // out of it), and a fixed grid then under-resolves it: refine in proportion, so the kernel always
  // spans as many nodes as a unit-width one would.
  const narrowest = Math.min(
    1,
    Math.sqrt((nextInformation - look.information) / look.information),
    previous === undefined ? 1 : Math.sqrt((look.information - previous.information) / look.information),
  );
  const { points, weights } = stageGrid(mean, look.lower, look.upper, Math.ceil(gridSize / narrowest));
  // Plain arrays, not Float64Array: under Jest the typed-array constructors come from another realm
  // (tests/support/node-environment.js), which makes element access about ten times slower.
  const weightedDensity: number[] = new Array<number>(points.length).fill(0);
  if (previous === undefined) {
    for (let i = 0; i < points.length; i++) {
      const u = (points[i] as number) - mean;
      weightedDensity[i] = (weights[i] as number) * ONE_OVER_SQRT_2PI * exp(-0.5 * u * u);
    }
    return { information: look.information, points, weightedDensity };
  }
  const increment = look.information - previous.information;
  const sqrtIncrement = Math.sqrt(increment);
  const sqrtCurrent = Math.sqrt(look.information);
  const sqrtPrevious = Math.sqrt(previous.information);
  const scale = (sqrtCurrent / sqrtIncrement) * ONE_OVER_SQRT_2PI;
  const shift = theta * increment;
  // Both grids are sorted, so the previous nodes within KERNEL_REACH kernel sds of each new node
  // form a window that only moves right; nodes outside it would add less than e^{−50} relative.
  const from = previous.points;
  const reach = (KERNEL_REACH * sqrtIncrement) / sqrtPrevious;
  let first = 0;
  let end = 0;
  for (let i = 0; i < points.length; i++) {
    const target = (points[i] as number) * sqrtCurrent - shift;
    const centre = target / sqrtPrevious;
    while (first < from.length && (from[first] as number) < centre - reach) first++;
    if (end < first) end = first;
    while (end < from.length && (from[end] as number) <= centre + reach) end++;
    let sum = 0;
    for (let j = first; j < end; j++) {
      const u = (target - (from[j] as number) * sqrtPrevious) / sqrtIncrement;
      sum += (previous.weightedDensity[j] as number) * exp(-0.5 * u * u);
    }
    weightedDensity[i] = (weights[i] as number) * scale * sum;
  }
  return { information: look.information, points, weightedDensity };
}
