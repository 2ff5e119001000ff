import reference from '@prospect/fixtures/stats/subgroups/subgroups-reference.json';
import { chiSquareSurvival, regularizedGammaP, regularizedGammaQ } from './gamma';

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('chiSquareSurvival against R pchisq(x, df, lower.tail = FALSE)', () => {
  const cases = reference.chiSquare.map((c) => [c.x, c.df, c.upper, c.lower] as const);

  it('covers far upper tails (p < 1e-100) and p near 1', () => {
    expect(cases.some(([, , upper]) => upper < 1e-100)).toBe(true);
    expect(cases.some(([, , upper]) => upper > 1 - 1e-6)).toBe(true);
  });

  it.each(cases)('x = %p, df = %p: within 1e-10 relative', (x, df, upper) => {
    expect(relativeError(chiSquareSurvival(x, df), upper)).toBeLessThan(1e-10);
  });

  it.each(cases.filter(([, , , lower]) => lower > 1e-300))(
    'x = %p, df = %p: the lower tail 1 − survival ≈ pchisq within 1e-10 relative where it is above 0.5',
    (x, df, upper, lower) => {
      // Q computed directly keeps small upper tails; P = 1 − Q is checked where P is the small tail.
      const p = regularizedGammaP(df / 2, x / 2);
      if (lower < 0.5) expect(relativeError(p, lower)).toBeLessThan(1e-10);
      else expect(Math.abs(p - lower)).toBeLessThan(1e-14 + 1e-10 * upper);
    },
  );

  it('has closed forms: df = 2 gives e^(−x/2), df = 1 gives 2Φ(−√x)', () => {
    for (const x of [0.01, 1, 7, 40, 700]) {
      expect(relativeError(chiSquareSurvival(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
    }
    // R: 2 * pnorm(-sqrt(3.84)) = 0.05004352124870524
    expect(relativeError(chiSquareSurvival(3.84, 1), 0.05004352124870524)).toBeLessThan(1e-12);
  });

  it('is 1 at x ≤ 0 and 0 at Infinity, and rejects bad arguments', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-2, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/df must be a finite positive number, got 0/);
    expect(() => chiSquareSurvival(1, Infinity)).toThrow(/df must be/);
    expect(() => chiSquareSurvival(NaN, 2)).toThrow(/x is NaN/);
  });
});

describe('regularizedGammaP and regularizedGammaQ against R pgamma', () => {
  it.each(reference.incompleteGamma.map((c) => [c.a, c.x, c.p, c.q] as const))(
    'a = %p, x = %p: the smaller tail within 1e-10 relative, both within 1e-15 absolute',
    (a, x, p, q) => {
      const lower = regularizedGammaP(a, x);
      const upper = regularizedGammaQ(a, x);
      if (p <= q) expect(relativeError(lower, p)).toBeLessThan(1e-10);
      else expect(relativeError(upper, q)).toBeLessThan(1e-10);
      expect(Math.abs(lower - p)).toBeLessThan(1e-15);
      expect(Math.abs(upper - q)).toBeLessThan(1e-15);
    },
  );

  it('has P(1, x) = 1 − e^(−x) and rejects a ≤ 0 or x < 0', () => {
    expect(relativeError(regularizedGammaP(1, 0.3), -Math.expm1(-0.3))).toBeLessThan(1e-14);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(() => regularizedGammaP(0, 1)).toThrow(/a > 0/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/x >= 0/);
  });
});
