/**
 * Checks a binomial count and a two-sided confidence level, with messages naming the caller.
 * Shared by the interval functions so that they reject the same inputs the same way.
 */
export function validateBinomialCount(
  method: string,
  successes: number,
  trials: number,
  confidence: number,
): void {
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`${method}: trials must be a positive integer, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`${method}: successes must be an integer in 0..${trials}, got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${method}: confidence must be in (0, 1), got ${confidence}`);
  }
}
