import { createRng } from './random';

function moments(values: Float64Array): { mean: number; sd: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

function range(values: Float64Array): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

function draws(count: number, draw: () => number): Float64Array {
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) values[index] = draw();
  return values;
}

describe('createRng: engine (SplitMix64-seeded xoshiro128**)', () => {
  // Expected words from an independent Python transcription of Vigna's splitmix64.c and
  // xoshiro128starstar.c (state words = low, high halves of the first two SplitMix64 outputs);
  // that script reproduces the published SplitMix64(0) first output 0xe220a8397b1dcdaf and the
  // FNV-1a 64 test vector FNV("a") = 0xaf63dc4c8601ec8c.
  it.each([
    [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962]],
    [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233]],
    [-1, [477689756, 2493998634, 555695776, 607808419, 61340979]],
    ['', [3781564968, 1944808877, 2340108199, 3500316882, 2600368531]],
    ['psa-2024', [88658711, 660990958, 1252836765, 2508353090, 2680156296]],
  ] as const)('seed %p gives the reference first five outputs', (seed, expected) => {
    const rng = createRng(seed);
    expect(Array.from({ length: 5 }, () => rng.uint32())).toEqual(expected);
  });

  it('next() is uint32 / 2³² of the same stream', () => {
    const raw = createRng(42);
    const uniform = createRng(42);
    for (let index = 0; index < 1000; index++) {
      expect(uniform.next()).toBe(raw.uint32() / 4294967296);
    }
    expect(createRng(0).next()).toBe(3737715805 / 4294967296);
  });

  it('same seed, same stream, across every method interleaved; other seeds differ', () => {
    const sequence = (seed: string | number): number[] => {
      const rng = createRng(seed);
      const out: number[] = [];
      for (let index = 0; index < 200; index++) {
        out.push(rng.next(), rng.normal(), rng.gamma(0.7, 2), rng.beta(2, 5), rng.beta(0.3, 0.4));
      }
      return out;
    };
    expect(sequence('trial-7')).toEqual(sequence('trial-7'));
    expect(sequence('trial-7')).not.toEqual(sequence('trial-8'));
    expect(sequence(42)).not.toEqual(sequence('42'));
  });

  it('rejects numeric seeds that are not safe integers', () => {
    expect(() => createRng(1.5)).toThrow(/safe integer/);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(2 ** 60)).toThrow(RangeError);
    expect(() => createRng(Number.MAX_SAFE_INTEGER)).not.toThrow();
  });
});

describe('createRng: uniform', () => {
  it('stays in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng('uniform');
    const sample = draws(200_000, () => rng.next());
    expect(range(sample).min).toBeGreaterThanOrEqual(0);
    expect(range(sample).max).toBeLessThan(1);
    const { mean, sd } = moments(sample);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(sd - Math.sqrt(1 / 12)) / Math.sqrt(1 / 12)).toBeLessThan(0.005);
  });

  it('fills 20 equal bins evenly (chi-square, 19 df, below the 0.999 quantile 43.8)', () => {
    const rng = createRng(2024);
    const bins = new Float64Array(20);
    const count = 200_000;
    for (let index = 0; index < count; index++) {
      const bin = Math.floor(rng.next() * 20);
      bins[bin] = (bins[bin] as number) + 1;
    }
    const expected = count / 20;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(43.8);
  });

  it('has no lag-1 correlation', () => {
    const rng = createRng('lag');
    const sample = draws(200_000, () => rng.next());
    let covariance = 0;
    for (let index = 1; index < sample.length; index++) {
      covariance += ((sample[index] as number) - 0.5) * ((sample[index - 1] as number) - 0.5);
    }
    const correlation = covariance / (sample.length - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(0.01);
  });
});

describe('createRng: normal (polar method)', () => {
  it('has mean 0, sd 1, normal tails and no skew', () => {
    const rng = createRng('normal');
    const sample = draws(200_000, () => rng.normal());
    const { mean, sd } = moments(sample);
    expect(Math.abs(mean)).toBeLessThan(0.007);
    expect(Math.abs(sd - 1)).toBeLessThan(0.005);
    let beyond196 = 0;
    let below = 0;
    let skew = 0;
    for (const value of sample) {
      if (Math.abs(value) > 1.959963984540054) beyond196++;
      if (value < -1) below++;
      skew += value ** 3;
    }
    expect(Math.abs(beyond196 / sample.length - 0.05)).toBeLessThan(0.0015);
    expect(Math.abs(below / sample.length - 0.15865525393145707)).toBeLessThan(0.0025);
    expect(Math.abs(skew / sample.length)).toBeLessThan(0.02);
  });

  it('returns the cached second normal of each pair, so two streams interleave identically', () => {
    const a = createRng(5);
    const b = createRng(5);
    const first = a.normal();
    expect(b.normal()).toBe(first);
    // The spare comes from the cache, consuming no uniforms: the uniform streams stay aligned.
    a.normal();
    expect(a.next()).toBe((b.normal(), b.next()));
  });
});

describe('createRng: gamma (Marsaglia-Tsang)', () => {
  it.each([
    [0.3, 1],
    [0.7, 2.5],
    [1, 1],
    [4, 0.5],
    [25, 40],
  ])('Gamma(shape %p, scale %p) has mean kθ and sd √k·θ', (shape, scale) => {
    const rng = createRng(`gamma-${shape}`);
    const sample = draws(400_000, () => rng.gamma(shape, scale));
    const { mean, sd } = moments(sample);
    expect(Math.abs(mean / (shape * scale) - 1)).toBeLessThan(0.005);
    expect(Math.abs(sd / (Math.sqrt(shape) * scale) - 1)).toBeLessThan(0.01);
    expect(range(sample).min).toBeGreaterThan(0);
  });

  it('matches the exponential CDF for shape 1', () => {
    const rng = createRng('exponential');
    const count = 200_000;
    let belowMedian = 0;
    let beyond3 = 0;
    for (let index = 0; index < count; index++) {
      const value = rng.gamma(1);
      if (value < Math.LN2) belowMedian++;
      if (value > 3) beyond3++;
    }
    expect(Math.abs(belowMedian / count - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(beyond3 / count - Math.exp(-3))).toBeLessThan(0.0015);
  });

  it('rejects non-positive or non-finite shape and scale', () => {
    const rng = createRng(1);
    expect(() => rng.gamma(0)).toThrow(/shape/);
    expect(() => rng.gamma(-1)).toThrow(RangeError);
    expect(() => rng.gamma(Number.NaN)).toThrow(RangeError);
    expect(() => rng.gamma(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => rng.gamma(2, 0)).toThrow(/scale/);
    expect(() => rng.gamma(2, Number.NaN)).toThrow(/scale/);
  });
});

describe('createRng: beta (two gammas)', () => {
  it.each([
    [2, 5],
    [0.5, 0.5],
    [0.2, 3],
    [80, 20],
  ])('Beta(%p, %p) has the analytic mean and sd, inside [0, 1]', (a, b) => {
    const rng = createRng(`beta-${a}-${b}`);
    const sample = draws(400_000, () => rng.beta(a, b));
    const { mean, sd } = moments(sample);
    const expectedMean = a / (a + b);
    const expectedSd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    expect(Math.abs(mean / expectedMean - 1)).toBeLessThan(0.005);
    expect(Math.abs(sd / expectedSd - 1)).toBeLessThan(0.01);
    expect(range(sample).min).toBeGreaterThanOrEqual(0);
    expect(range(sample).max).toBeLessThanOrEqual(1);
  });

  it('stays finite for tiny shapes, where a gamma draw underflows', () => {
    const rng = createRng('tiny');
    for (let index = 0; index < 10_000; index++) {
      const value = rng.beta(0.005, 0.01);
      expect(value >= 0 && value <= 1).toBe(true);
    }
  });

  it('Beta(1, 1) is uniform', () => {
    const rng = createRng('beta-uniform');
    const sample = draws(200_000, () => rng.beta(1, 1));
    let belowQuarter = 0;
    for (const value of sample) if (value < 0.25) belowQuarter++;
    expect(Math.abs(belowQuarter / sample.length - 0.25)).toBeLessThan(0.003);
  });

  it('rejects non-positive or non-finite shapes', () => {
    const rng = createRng(1);
    expect(() => rng.beta(0, 1)).toThrow(/a and b must be positive/);
    expect(() => rng.beta(1, -2)).toThrow(RangeError);
    expect(() => rng.beta(Number.NaN, 1)).toThrow(RangeError);
    expect(() => rng.beta(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
