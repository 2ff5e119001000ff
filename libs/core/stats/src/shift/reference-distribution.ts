import { binIndex, quantileType7 } from './bins';
import { finiteSample } from './finite-sample';

/**
 * Training summary of one variable: the moments {@link standardizedMeanDifference} needs and the
 * bins {@link populationStabilityIndex} needs, e.g. for a model card.
 */
export interface ReferenceDistribution {
  readonly mean: number;
  /** Sample standard deviation, denominator n − 1. */
  readonly sd: number;
  readonly n: number;
  /** Interior cut points, strictly increasing (at most bins − 1; fewer when quantiles tie). */
  readonly edges: readonly number[];
  /** Proportion of the training values in each bin (−∞, e₁], …, (e_{k−1}, ∞); sums to 1. */
  readonly proportions: readonly number[];
}

export interface ReferenceDistributionOptions {
  /**
   * Round the mean, the SD and the cut points to this many significant digits (1 to 15), e.g. to
   * write them into a model card; the bins are then counted with the rounded cut points, so the
   * proportions describe the cut points stated. Default: exact.
   */
  readonly significantDigits?: number;
}

/**
 * Summarises training values for later shift monitoring: mean, sample SD (n − 1), n, and
 * quantile bins. The edges are the sample quantiles at j / bins, j = 1 … bins − 1 (deciles by
 * default), of R's default type 7 (`quantile(x, (1:(bins - 1)) / bins)`); the proportions are the
 * fractions of the training values in each right-closed bin, the same rule
 * {@link populationStabilityIndex} applies, so they are near but not exactly 1/bins.
 *
 * Where several quantiles coincide (heavy ties, e.g. a binary or integer variable) the repeated
 * edges are dropped, merging those bins, so that the edges stay strictly increasing and every bin
 * can be populated: fewer than `bins` bins are returned then.
 *
 * @throws {RangeError} when there are fewer than 2 values or a non-finite one, or `bins` is not an
 *   integer ≥ 1.
 */
export function referenceDistribution(
  trainingValues: ArrayLike<number>,
  bins = 10,
  options: ReferenceDistributionOptions = {},
): ReferenceDistribution {
  const caller = 'referenceDistribution';
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new RangeError(`${caller}: bins must be an integer >= 1, got ${bins}`);
  }
  const digits = options.significantDigits;
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 1 && digits <= 15)) {
    throw new RangeError(`${caller}: significantDigits must be an integer from 1 to 15, got ${digits}`);
  }
  const round = (value: number): number => (digits === undefined ? value : Number(value.toPrecision(digits)));
  if (trainingValues.length < 2) {
    throw new RangeError(`${caller}: needs at least 2 values, got ${trainingValues.length}`);
  }
  const { values, mean, sd, n } = finiteSample(trainingValues, caller);
  const sorted = values.slice().sort();
  const edges: number[] = [];
  for (let j = 1; j < bins; j++) {
    const edge = round(quantileType7(sorted, j / bins));
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of sorted) {
    const bin = binIndex(value, edges);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { mean: round(mean), sd: round(sd), n, edges, proportions: counts.map((count) => count / n) };
}
