/**
 * Checks predicted probabilities against binary outcomes: same length, at least one case,
 * probabilities in [0, 1], outcomes 0 or 1. Messages name the calling function.
 */
export function validatePredictions(
  method: string,
  probabilities: readonly number[],
  outcomes: readonly number[],
): void {
  if (probabilities.length !== outcomes.length) {
    throw new RangeError(`${method}: ${probabilities.length} probabilities but ${outcomes.length} outcomes`);
  }
  if (probabilities.length === 0) throw new RangeError(`${method}: no predictions`);
  probabilities.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${method}: probability ${i} must be in [0, 1], got ${p}`);
  });
  outcomes.forEach((y, i) => {
    if (y !== 0 && y !== 1) throw new RangeError(`${method}: outcome ${i} must be 0 or 1, got ${y}`);
  });
}
