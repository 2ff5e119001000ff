/**
 * Throws unless `rates` are finite, positive and strictly increasing and, when `lastIsOne`, end
 * at exactly 1 (a design's information fractions).
 */
export function assertInformationRates(rates: readonly number[], lastIsOne: boolean): void {
  if (rates.length === 0) throw new RangeError('at least one look is needed');
  rates.forEach((rate, k) => {
    if (!Number.isFinite(rate) || rate <= 0) {
      throw new RangeError(`information rate ${k + 1} must be positive and finite, got ${rate}`);
    }
    if (k > 0 && rate <= (rates[k - 1] as number)) {
      throw new RangeError(`information rates must increase strictly, got ${rates[k - 1]} then ${rate}`);
    }
  });
  if (lastIsOne && rates[rates.length - 1] !== 1) {
    throw new RangeError(`the last information rate must be 1, got ${rates[rates.length - 1]}`);
  }
}
