import { normalCdf, normalQuantile } from './normal';

// R 4.2.2: x <- c(...); cat(sprintf("[%.17g, %.17g],", x, pnorm(x))), and the same for qnorm(p).
const R_PNORM: readonly (readonly [number, number])[] = [
  [-40, 0],
  [-37.6, 0],
  [-37.5, 4.605353009581955e-308],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160527e-24],
  [-8.3, 5.205569744890255e-17],
  [-6, 9.86587645037698e-10],
  [-5.657, 7.7020881721776e-9],
  [-5.6, 1.071759025831093e-8],
  [-3, 0.0013498980316300946],
  [-1.96, 0.024997895148220428],
  [-1, 0.15865525393145705],
  [-0.6744897, 0.25000001595113913],
  [-0.5, 0.30853753872598694],
  [-1e-17, 0.5],
  [0, 0.5],
  [1e-10, 0.5000000000398942],
  [0.3, 0.6179114221889527],
  [0.7, 0.758036347776927],
  [1.5, 0.9331927987311419],
  [2.5, 0.9937903346742238],
  [5, 0.9999997133484281],
  [6, 0.9999999990134123],
  [8.2, 0.9999999999999999],
  [8.3, 1],
  [10, 1],
];
const R_QNORM: readonly (readonly [number, number])[] = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.27345356096532],
  [1e-20, -9.262340089798405],
  [1e-10, -6.361340902404056],
  [0.00001, -4.2648907939228256],
  [0.001, -3.090232306167813],
  [0.025, -1.9599639845400538],
  [0.07, -1.4757910281791702],
  [0.075, -1.4395314709384557],
  [0.1, -1.2815515655446008],
  [0.3, -0.5244005127080407],
  [0.5, 0],
  [0.6, 0.2533471031357998],
  [0.9, 1.2815515655446008],
  [0.925, 1.439531470938456],
  [0.975, 1.9599639845400536],
  [0.999, 3.090232306167813],
  [0.9999999999, 6.361340889697421],
];

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

describe('normalCdf', () => {
  it.each(R_PNORM)('Φ(%p) matches R pnorm to 1e-14 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-14);
  });

  it('is symmetric, so upper tails come from Φ(-x) without cancellation', () => {
    for (const x of [0.1, 0.9, 2, 4.5, 7, 12, 30]) {
      expect(normalCdf(-x) + normalCdf(x)).toBeCloseTo(1, 15);
    }
    expect(normalCdf(-12)).toBeGreaterThan(0);
  });

  it('maps infinities and NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('normalQuantile', () => {
  it.each(R_QNORM)('Φ⁻¹(%p) matches R qnorm to 1e-15 relative', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-15);
  });

  it('inverts normalCdf', () => {
    for (const x of [-8, -3.3, -1, -0.2, 0.4, 1.7, 5]) {
      expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 9);
    }
  });

  it('returns infinities at 0 and 1 and rejects probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
