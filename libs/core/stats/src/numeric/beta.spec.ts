import { inverseRegularizedIncompleteBeta, logBeta, logGamma, regularizedIncompleteBeta } from './beta';

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('logGamma and logBeta', () => {
  it('gives log factorials and log √π', () => {
    expect(relativeError(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(5), Math.log(24))).toBeLessThan(1e-14);
    // log(20!) = 42.335616460753485
    expect(relativeError(logGamma(21), 42.335616460753485)).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
  });

  it('keeps precision for millions of trials, where log Γ differences cancel', () => {
    // B(1, n) = 1/n exactly.
    expect(relativeError(logBeta(1, 1_000_000), -Math.log(1_000_000))).toBeLessThan(1e-14);
    // B(2, n) = 1/(n(n+1)).
    expect(relativeError(logBeta(2, 999_999), -Math.log(999_999 * 1_000_000))).toBeLessThan(1e-14);
    // B(a, b) = B(b, a) on both large-argument branches.
    expect(logBeta(12, 500_000)).toBe(logBeta(500_000, 12));
  });
});

describe('regularizedIncompleteBeta and its inverse', () => {
  it('has the closed forms of Beta(1, b) and Beta(a, 1)', () => {
    // I_x(1, b) = 1 − (1 − x)^b, I_x(a, 1) = x^a.
    expect(relativeError(regularizedIncompleteBeta(0.3, 1, 7), 1 - 0.7 ** 7)).toBeLessThan(1e-14);
    expect(relativeError(regularizedIncompleteBeta(0.3, 4, 1), 0.3 ** 4)).toBeLessThan(1e-14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('inverts to 1e-14 across tails and shapes', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [1, 1_000_000],
      [3, 17],
      [500, 500],
      [999_999, 2],
    ] as const) {
      for (const p of [1e-10, 0.005, 0.025, 0.5, 0.975, 0.995]) {
        const x = inverseRegularizedIncompleteBeta(p, a, b);
        expect(relativeError(regularizedIncompleteBeta(x, a, b), p)).toBeLessThan(1e-9);
      }
    }
    // qbeta(0.025, 1, n) = 1 − 0.975^(1/n), tiny but with full relative precision.
    const expected = -Math.expm1(Math.log1p(-0.025) / 1_000_000);
    expect(relativeError(inverseRegularizedIncompleteBeta(0.025, 1, 1_000_000), expected)).toBeLessThan(
      1e-13,
    );
  });

  it('rejects arguments outside the domain', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(RangeError);
    expect(() => inverseRegularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
    expect(inverseRegularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(inverseRegularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});
