import type { FeatureValue, PreparedRoi } from './types';

const FAMILY = 'intensity-statistics';

/**
 * The p-th quantile (0 ≤ p ≤ 1) of ascending `sorted` values by linear interpolation between order
 * statistics at (n − 1)p (Hyndman–Fan type 7, numpy's default): the definition that reproduces IBSI's
 * digital-phantom percentiles (90th percentile 4, where other definitions give 4.2).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const fraction = position - lower;
  const low = sorted[lower] as number;
  return fraction === 0 ? low : low + fraction * ((sorted[upper] as number) - low);
}

/** Moments and dispersion features shared by the statistical and histogram families. */
export interface DistributionSummary {
  readonly mean: number;
  readonly variance: number;
  readonly skewness: number;
  readonly kurtosis: number;
  readonly median: number;
  readonly minimum: number;
  readonly p10: number;
  readonly p25: number;
  readonly p75: number;
  readonly p90: number;
  readonly maximum: number;
  readonly meanAbsoluteDeviation: number;
  readonly robustMeanAbsoluteDeviation: number;
  readonly medianAbsoluteDeviation: number;
  readonly coefficientOfVariation: number;
  readonly quartileCoefficientOfDispersion: number;
}

/** The quantiles the summaries need. */
const SUMMARY_PROBABILITIES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/**
 * IBSI's summary of a distribution, given its values (in any order) and their quantile function.
 * Skewness and kurtosis are 0 when the variance is 0, as the manual defines; ratios with a zero
 * denominator are NaN; everything is NaN for no values.
 */
function summarise(values: ArrayLike<number>, quantile: (p: number) => number): DistributionSummary {
  const n = values.length;
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let k = 0; k < n; k++) {
    const value = values[k] as number;
    sum += value;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const mean = sum / n;
  const median = quantile(0.5);
  const p10 = quantile(0.1);
  const p25 = quantile(0.25);
  const p75 = quantile(0.75);
  const p90 = quantile(0.9);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let absolute = 0;
  let medianDeviation = 0;
  // The robust set: values in [P10, P90].
  let robustSum = 0;
  let robustCount = 0;
  for (let k = 0; k < n; k++) {
    const value = values[k] as number;
    const deviation = value - mean;
    const square = deviation * deviation;
    m2 += square;
    m3 += square * deviation;
    m4 += square * square;
    absolute += Math.abs(deviation);
    medianDeviation += Math.abs(value - median);
    if (value >= p10 && value <= p90) {
      robustSum += value;
      robustCount++;
    }
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const robustMean = robustSum / robustCount;
  let robustDeviation = 0;
  for (let k = 0; k < n; k++) {
    const value = values[k] as number;
    if (value >= p10 && value <= p90) robustDeviation += Math.abs(value - robustMean);
  }
  const empty = n === 0;
  return {
    mean,
    variance: m2,
    skewness: empty ? NaN : m2 === 0 ? 0 : m3 / m2 ** 1.5,
    kurtosis: empty ? NaN : m2 === 0 ? 0 : m4 / (m2 * m2) - 3,
    median,
    minimum: empty ? NaN : minimum,
    p10,
    p25,
    p75,
    p90,
    maximum: empty ? NaN : maximum,
    meanAbsoluteDeviation: absolute / n,
    robustMeanAbsoluteDeviation: robustCount > 0 ? robustDeviation / robustCount : NaN,
    medianAbsoluteDeviation: medianDeviation / n,
    coefficientOfVariation: mean === 0 ? NaN : Math.sqrt(m2) / mean,
    quartileCoefficientOfDispersion: p75 + p25 === 0 ? NaN : (p75 - p25) / (p75 + p25),
  };
}

/** IBSI's summary of a distribution given as ascending values (not modified). */
export function summariseSorted(sorted: ArrayLike<number>): DistributionSummary {
  return summarise(sorted, (p) => quantileSorted(sorted, p));
}

/**
 * Moves the k-th smallest of values[from..to] to position k, smaller-or-equal values before it and
 * greater-or-equal after it (quickselect, Hoare partition around a median of three; equal values
 * stop both scans, so many duplicates — integer CT values — stay linear).
 */
function selectInPlace(values: Float64Array, k: number, from: number, to: number): void {
  let low = from;
  let high = to;
  while (high > low) {
    const middle = (low + high) >>> 1;
    // Median of three as the pivot.
    const a = values[low] as number;
    const b = values[middle] as number;
    const c = values[high] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return;
  }
}

/**
 * IBSI's summary of unsorted values: the order statistics the quantiles need are found by
 * selection (O(n)), in ascending order so that each search only covers the values above the
 * previous one. `values` is reordered.
 */
export function summariseValues(values: Float64Array): DistributionSummary {
  const n = values.length;
  if (n === 0) return summariseSorted(values);
  const ranks = new Set<number>();
  for (const p of SUMMARY_PROBABILITIES) {
    const lower = Math.floor((n - 1) * p);
    ranks.add(lower);
    if (lower + 1 < n) ranks.add(lower + 1);
  }
  const order = new Map<number, number>();
  let from = 0;
  for (const rank of [...ranks].sort((a, b) => a - b)) {
    selectInPlace(values, rank, from, n - 1);
    order.set(rank, values[rank] as number);
    from = rank + 1;
  }
  const quantile = (p: number): number => {
    const position = (n - 1) * p;
    const lower = Math.floor(position);
    const fraction = position - lower;
    const low = order.get(lower) as number;
    return fraction === 0 ? low : low + fraction * ((order.get(Math.min(lower + 1, n - 1)) as number) - low);
  };
  return summarise(values, quantile);
}

/** The intensities inside the intensity mask (grid order). */
export function roiIntensities(roi: PreparedRoi): Float64Array {
  const mask = roi.intensityMask;
  const values = roi.intensities;
  let count = 0;
  for (let index = 0; index < mask.length; index++) if (mask[index]) count++;
  const selected = new Float64Array(count);
  for (let index = 0, k = 0; index < mask.length; index++)
    if (mask[index]) selected[k++] = values[index] as number;
  return selected;
}

/** IBSI 1 intensity-based statistical features (UHIW), 3D, on the intensities of the intensity mask. */
export function intensityStatisticsFeatures(roi: PreparedRoi): FeatureValue[] {
  const values = roiIntensities(roi);
  let energy = 0;
  for (let k = 0; k < values.length; k++) energy += (values[k] as number) ** 2;
  const summary = summariseValues(values);
  const feature = (name: string, ibsi: string, value: number): FeatureValue => ({
    family: FAMILY,
    name,
    ibsi,
    value,
  });
  return [
    feature('Mean intensity', 'Q4LE', summary.mean),
    feature('Intensity variance', 'ECT3', summary.variance),
    feature('Intensity skewness', 'KE2A', summary.skewness),
    feature('(Excess) intensity kurtosis', 'IPH6', summary.kurtosis),
    feature('Median intensity', 'Y12H', summary.median),
    feature('Minimum intensity', '1GSF', summary.minimum),
    feature('10th intensity percentile', 'QG58', summary.p10),
    feature('90th intensity percentile', '8DWT', summary.p90),
    feature('Maximum intensity', '84IY', summary.maximum),
    feature('Intensity interquartile range', 'SALO', summary.p75 - summary.p25),
    feature('Intensity range', '2OJQ', summary.maximum - summary.minimum),
    feature('Intensity-based mean absolute deviation', '4FUA', summary.meanAbsoluteDeviation),
    feature('Intensity-based robust mean absolute deviation', '1128', summary.robustMeanAbsoluteDeviation),
    feature('Intensity-based median absolute deviation', 'N72L', summary.medianAbsoluteDeviation),
    feature('Intensity-based coefficient of variation', '7TET', summary.coefficientOfVariation),
    feature(
      'Intensity-based quartile coefficient of dispersion',
      '9S40',
      summary.quartileCoefficientOfDispersion,
    ),
    feature('Intensity-based energy', 'N8CA', values.length === 0 ? NaN : energy),
    feature('Root mean square intensity', '5ZWQ', Math.sqrt(energy / values.length)),
  ];
}
