import { type Rng } from './random';

const TWO_POW_32 = 4294967296;

/**
 * Indices of one nonparametric bootstrap resample (Efron 1979): `n` draws with replacement from
 * 0..n − 1, each index equally likely.
 *
 * Each index is `x mod n` for a raw 32-bit draw x, rejecting the top 2³² mod n values of x
 * (D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019, the
 * rejection step), so the indices are exactly uniform rather than carrying the n/2³² bias of
 * `floor(next() · n)`.
 *
 * @param rng the seeded stream to draw from
 * @param n the sample size, a positive integer below 2³²
 */
export function bootstrapIndices(rng: Rng, n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1 || n >= TWO_POW_32) {
    throw new RangeError(`bootstrapIndices: n must be an integer in 1..2³² − 1, got ${n}`);
  }
  const indices = new Uint32Array(n);
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (let index = 0; index < n; index++) {
    let x = rng.uint32();
    while (x >= limit) x = rng.uint32();
    indices[index] = x % n;
  }
  return indices;
}
