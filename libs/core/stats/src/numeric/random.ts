/**
 * A seeded pseudo-random stream for Monte-Carlo work: uniforms, standard normals, gammas and betas.
 *
 * Same seed, same stream, on every platform: all state updates are 32-bit integer arithmetic
 * (`Math.imul`, shifts), so results do not depend on the JavaScript engine.
 */
export interface Rng {
  /** A uniform draw on [0, 1): a multiple of 2⁻³² (32 bits of resolution). */
  next(): number;
  /** The generator's raw output: a uniform integer on 0..2³² − 1. */
  uint32(): number;
  /** A standard normal draw, N(0, 1). */
  normal(): number;
  /** A Gamma(shape, scale) draw (mean shape·scale); `scale` is 1 by default. */
  gamma(shape: number, scale?: number): number;
  /** A Beta(a, b) draw (mean a / (a + b)). */
  beta(a: number, b: number): number;
}

const MASK_64 = (1n << 64n) - 1n;
const MASK_32 = (1n << 32n) - 1n;
const INVERSE_2_POW_32 = 1 / 4294967296;
/**
 * `Math.imul`, read once: inside a `vm` context (Jest's sandbox) every lookup of the global `Math`
 * goes through the context's property interceptor, which made `uint32()` about 60× slower there.
 */
const imul = Math.imul;

/** FNV-1a, 64-bit, over the UTF-8 bytes of `text` (Fowler, Noll and Vo). */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & MASK_64;
  }
  return hash;
}

/** Steele, Lea and Flood (2014) SplitMix64 outputs from `seed`, as in Vigna's `splitmix64.c`. */
function splitMix64(seed: bigint, count: number): bigint[] {
  const outputs: bigint[] = [];
  let state = seed;
  for (let index = 0; index < count; index++) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    outputs.push(z ^ (z >> 31n));
  }
  return outputs;
}

function seedTo64Bits(seed: string | number): bigint {
  if (typeof seed === 'string') return fnv1a64(seed);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RangeError(`createRng: a numeric seed must be a safe integer, got ${String(seed)}`);
  }
  return BigInt.asUintN(64, BigInt(seed));
}

/** xoshiro128** 1.0 (Blackman and Vigna 2018), 128-bit state, period 2¹²⁸ − 1. */
class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The second normal of the last polar-method pair, or NaN when none is waiting. */
  private spareNormal = Number.NaN;

  constructor(words: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  uint32(): number {
    const s1 = this.s1;
    const product = imul(s1, 5);
    const result = imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  next(): number {
    return this.uint32() * INVERSE_2_POW_32;
  }

  /**
   * Marsaglia and Bray (1964) polar method: two independent normals per accepted point of the
   * unit disc; the second is kept for the next call.
   */
  normal(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || shape === Number.POSITIVE_INFINITY) {
      throw new RangeError(`gamma: shape must be positive and finite, got ${shape}`);
    }
    if (!(scale > 0) || scale === Number.POSITIVE_INFINITY) {
      throw new RangeError(`gamma: scale must be positive and finite, got ${scale}`);
    }
    return this.unitGamma(shape) * scale;
  }

  beta(a: number, b: number): number {
    if (!(a > 0) || a === Number.POSITIVE_INFINITY || !(b > 0) || b === Number.POSITIVE_INFINITY) {
      throw new RangeError(`beta: a and b must be positive and finite, got a = ${a}, b = ${b}`);
    }
    if (a >= 1 && b >= 1) {
      const x = this.unitGamma(a);
      return x / (x + this.unitGamma(b));
    }
    // A shape below 1 can give a gamma draw that underflows to 0 (then x / (x + y) is 0/0):
    // combine the two draws on the log scale instead.
    const logX = this.logUnitGamma(a);
    return 1 / (1 + Math.exp(this.logUnitGamma(b) - logX));
  }

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang (2000); for shape < 1, the boost
   * Gamma(shape) = Gamma(shape + 1) · U^(1/shape) from the same paper.
   */
  private unitGamma(shape: number): number {
    if (shape < 1) return this.unitGamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** log of a Gamma(shape, 1) draw, finite even when the draw itself would underflow. */
  private logUnitGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.unitGamma(shape));
    return Math.log(this.unitGamma(shape + 1)) + Math.log(1 - this.next()) / shape;
  }
}

/**
 * A seeded pseudo-random number generator for Monte-Carlo work (bootstrap resampling,
 * probabilistic sensitivity analysis).
 *
 * Engine: xoshiro128** 1.0 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021), whose 128-bit state is filled from the seed by SplitMix64
 * (G. Steele, D. Lea and C. Flood, OOPSLA 2014), the seeding Vigna recommends: two SplitMix64
 * outputs give the four 32-bit state words (low half first). A numeric seed is used as a 64-bit
 * two's-complement integer; a string seed is first hashed with 64-bit FNV-1a over its UTF-8 bytes,
 * so `createRng(42)` and `createRng('42')` are different streams.
 *
 * - `next()`: uint32 / 2³², on [0, 1).
 * - `normal()`: Marsaglia-Bray polar method (normals come in pairs; the spare is cached).
 * - `gamma(shape, scale)`: Marsaglia and Tsang, "A simple method for generating gamma variables",
 *   ACM TOMS 26(3), 2000, with their U^(1/shape) boost for shape < 1.
 * - `beta(a, b)`: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), on the log scale when a or b < 1.
 *
 * Not cryptographic. Every method draws from the same stream, so interleaving calls is
 * reproducible too.
 *
 * @param seed a safe integer, or any string (e.g. an analysis id)
 */
export function createRng(seed: string | number): Rng {
  const [first, second] = splitMix64(seedTo64Bits(seed), 2) as [bigint, bigint];
  return new Xoshiro128StarStar([
    Number(first & MASK_32) | 0,
    Number(first >> 32n) | 0,
    Number(second & MASK_32) | 0,
    Number(second >> 32n) | 0,
  ]);
}
