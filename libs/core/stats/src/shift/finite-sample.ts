/** A validated numeric sample with its mean and sample standard deviation. */
export interface SampleSummary {
  readonly values: Float64Array;
  readonly mean: number;
  /** Sample standard deviation, denominator n − 1; NaN when n = 1. */
  readonly sd: number;
  readonly n: number;
}

/**
 * Copies a sample into a Float64Array, checking that it is non-empty and finite, and summarises
 * it. The mean is refined by a second pass (as R's `mean`), and the variance sums squared
 * deviations from it (two-pass, as R's `var`), so neither loses digits to cancellation.
 *
 * @param caller Prefixes error messages with the public function's name.
 * @throws {RangeError} when the sample is empty or a value is not finite.
 */
export function finiteSample(sample: ArrayLike<number>, caller: string): SampleSummary {
  const n = sample.length;
  if (n === 0) throw new RangeError(`${caller}: the sample is empty`);
  const values = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const value = sample[i] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`${caller}: value ${i} is ${value}, not a finite number`);
    }
    values[i] = value;
    sum += value;
  }
  let mean = sum / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (values[i] as number) - mean;
  mean += residual / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const deviation = (values[i] as number) - mean;
    squares += deviation * deviation;
  }
  return { values, mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : NaN, n };
}
