/** Throws unless `mean` and `sd` are finite and `sd` is positive (shared by the *FromMeanSd). */
export function validateMeanSd(fn: string, mean: number, sd: number): void {
  if (!Number.isFinite(mean)) throw new RangeError(`${fn}: mean must be finite, got ${mean}`);
  if (!Number.isFinite(sd) || !(sd > 0)) {
    throw new RangeError(`${fn}: sd must be positive and finite, got ${sd}`);
  }
}
