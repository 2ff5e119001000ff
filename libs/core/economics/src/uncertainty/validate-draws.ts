/**
 * Checks PSA draws laid out per strategy (`costs[s][k]`, `effects[s][k]` for strategy s, draw k):
 * at least `minStrategies` strategies, as many cost as effect arrays, the same number of draws
 * (≥ 1) in every array, every value finite. Returns the number of draws.
 */
export function validateDraws(
  fn: string,
  costs: readonly Float64Array[],
  effects: readonly Float64Array[],
  minStrategies: number,
): number {
  if (costs.length !== effects.length) {
    throw new RangeError(`${fn}: ${costs.length} cost arrays but ${effects.length} effect arrays`);
  }
  if (costs.length < minStrategies) {
    throw new RangeError(`${fn}: needs at least ${minStrategies} strategies, got ${costs.length}`);
  }
  const draws = (costs[0] as Float64Array).length;
  if (draws === 0) throw new RangeError(`${fn}: there are no draws`);
  for (let strategy = 0; strategy < costs.length; strategy++) {
    for (const [label, values] of [
      ['costs', costs[strategy] as Float64Array],
      ['effects', effects[strategy] as Float64Array],
    ] as const) {
      if (values.length !== draws) {
        throw new RangeError(`${fn}: ${label}[${strategy}] has ${values.length} draws, expected ${draws}`);
      }
      for (let draw = 0; draw < draws; draw++) {
        if (!Number.isFinite(values[draw])) {
          throw new RangeError(`${fn}: ${label}[${strategy}][${draw}] is not finite (${values[draw]})`);
        }
      }
    }
  }
  return draws;
}

/** Throws unless `wtp` is a finite willingness to pay ≥ 0. */
export function validateWtp(fn: string, wtp: number): void {
  if (!Number.isFinite(wtp) || wtp < 0) {
    throw new RangeError(`${fn}: willingness to pay must be finite and ≥ 0, got ${wtp}`);
  }
}

/** Mean of each array. */
export function meansOf(arrays: readonly Float64Array[]): Float64Array {
  const means = new Float64Array(arrays.length);
  for (let index = 0; index < arrays.length; index++) {
    const values = arrays[index] as Float64Array;
    let sum = 0;
    for (let draw = 0; draw < values.length; draw++) sum += values[draw] as number;
    means[index] = sum / values.length;
  }
  return means;
}

/**
 * Index of the strategy with the highest expected net monetary benefit λ·E[effect] − E[cost] (the
 * lowest index among exact ties), and that benefit.
 */
export function bestExpected(
  meanCosts: Float64Array,
  meanEffects: Float64Array,
  wtp: number,
): { strategy: number; netBenefit: number } {
  let strategy = 0;
  let netBenefit = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < meanCosts.length; index++) {
    const value = wtp * (meanEffects[index] as number) - (meanCosts[index] as number);
    if (value > netBenefit) {
      netBenefit = value;
      strategy = index;
    }
  }
  return { strategy, netBenefit };
}
