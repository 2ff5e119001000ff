/**
 * The discounted number of years in `years` (annual discounting, beginning of year):
 *
 * Σ_{t=0}^{⌈years⌉−1} min(1, years − t) / (1 + rate)^t
 *
 * Year t (counting from 0) is discounted by (1 + rate)^t; a partial last year counts its fraction.
 * For example `discountedYears(2, 0.035)` = 1 + 1/1.035 ≈ 1.966184 and
 * `discountedYears(1.5, 0.035)` = 1 + 0.5/1.035. With rate 0 it returns `years`.
 *
 * The economic model uses it both for effects (utility × discounted years) and for costs that
 * recur annually (annual cost × discounted years); one-off costs fall at time 0, undiscounted.
 *
 * @param years a finite number of years, at least 0
 * @param rate the annual discount rate as a fraction (0.035 for 3.5%), finite and at least 0
 * @throws {RangeError} when `years` or `rate` is negative or not finite
 */
export function discountedYears(years: number, rate: number): number {
  if (!(Number.isFinite(years) && years >= 0)) {
    throw new RangeError(`discountedYears: years must be a finite number of at least 0, got ${years}`);
  }
  if (!(Number.isFinite(rate) && rate >= 0)) {
    throw new RangeError(`discountedYears: rate must be a finite number of at least 0, got ${rate}`);
  }
  let total = 0;
  const whole = Math.ceil(years);
  for (let t = 0; t < whole; t++) {
    total += Math.min(1, years - t) / (1 + rate) ** t;
  }
  return total;
}
