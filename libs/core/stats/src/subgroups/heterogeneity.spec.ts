import reference from '@prospect/fixtures/stats/subgroups/subgroups-reference.json';
import { heterogeneity, type PooledEstimate } from './heterogeneity';

/** Relative tolerance 1e-8, absolute 1e-15 where metafor's value is 0 (τ² truncated, I² = 0). */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-8 * Math.abs(expected), 1e-15));
}

function expectPooled(
  actual: PooledEstimate,
  expected: { estimate: number; se: number; ci: number[] },
): void {
  expectClose(actual.estimate, expected.estimate);
  expectClose(actual.se, expected.se);
  expectClose(actual.ci[0], expected.ci[0] as number);
  expectClose(actual.ci[1], expected.ci[1] as number);
}

const cases = reference.heterogeneity.map((entry) => [entry.name, entry] as const);

describe('heterogeneity against metafor rma(yi, sei, method = "DL" / "FE")', () => {
  it.each(cases)(
    '%s: Q, p, I², τ², fixed and random effects at 95%% and 90%% within 1e-8',
    (_name, entry) => {
      for (const [confidence, expected] of [
        [0.95, entry.level95],
        [0.9, entry.level90],
      ] as const) {
        const result = heterogeneity(entry.estimates, entry.standardErrors, { confidence });
        expect(result.k).toBe(entry.estimates.length);
        expect(result.df).toBe(expected.df);
        expectClose(result.q, expected.q);
        expectClose(result.p, expected.p);
        expectClose(100 * result.i2, expected.i2Percent);
        expectClose(100 * result.i2, expected.i2PercentFE);
        expectClose(result.randomEffects.tau2, expected.randomEffects.tau2);
        expectPooled(result.fixedEffect, expected.fixedEffect);
        expectPooled(result.randomEffects, expected.randomEffects);
      }
    },
  );

  it('covers τ² truncated at 0, k = 2, k = 30 and p < 1e-10', () => {
    const all = reference.heterogeneity;
    expect(all.some((entry) => entry.level95.randomEffects.tau2 === 0)).toBe(true);
    expect(all.some((entry) => entry.estimates.length === 2)).toBe(true);
    expect(all.some((entry) => entry.estimates.length === 30)).toBe(true);
    expect(all.some((entry) => entry.level95.p < 1e-10)).toBe(true);
  });

  it('defaults to 95%', () => {
    const entry = reference.heterogeneity[0] as (typeof reference.heterogeneity)[number];
    expect(heterogeneity(entry.estimates, entry.standardErrors)).toEqual(
      heterogeneity(entry.estimates, entry.standardErrors, { confidence: 0.95 }),
    );
  });
});

describe('heterogeneity', () => {
  it('works by hand for two estimates', () => {
    // w = (4, 1): fixed = (4·1 + 1·2)/5 = 1.2, se = 1/√5, Q = 4·0.04 + 1·0.64 = 0.8.
    const result = heterogeneity([1, 2], [0.5, 1]);
    expect(result.fixedEffect.estimate).toBeCloseTo(1.2, 15);
    expect(result.fixedEffect.se).toBeCloseTo(1 / Math.sqrt(5), 15);
    expect(result.q).toBeCloseTo(0.8, 15);
    expect(result.i2).toBe(0);
    expect(result.randomEffects.tau2).toBe(0);
    expect(result.randomEffects.estimate).toBe(result.fixedEffect.estimate);
    // Q = 8 with df = 1: τ² = (8 − 1)/(5 − 17/5) = 4.375, I² = 7/8.
    const spread = heterogeneity(
      [0, 2],
      [0.5, 1].map((se) => se / Math.sqrt(2.5)),
    );
    expect(spread.q).toBeCloseTo(8, 13);
    expect(spread.i2).toBeCloseTo(7 / 8, 14);
  });

  it('gives Q = 0, I² = 0, τ² = 0 and p = 1 for identical estimates', () => {
    const result = heterogeneity([0.8, 0.8, 0.8], [0.05, 0.02, 0.03]);
    expect(result.q).toBe(0);
    expect(result.i2).toBe(0);
    expect(result.randomEffects.tau2).toBe(0);
    expect(result.p).toBe(1);
    expect(result.fixedEffect.estimate).toBe(0.8);
  });

  it('does not lose digits around a large common offset', () => {
    const result = heterogeneity([1e8 + 0.1, 1e8 + 0.3], [0.1, 0.1]);
    expect(result.fixedEffect.estimate - 1e8).toBeCloseTo(0.2, 7);
    expect(result.q).toBeCloseTo(2, 6);
  });

  it('is invariant to the order of the estimates', () => {
    const forward = heterogeneity([0.81, 0.74, 0.86, 0.69], [0.031, 0.045, 0.028, 0.052]);
    const backward = heterogeneity([0.69, 0.86, 0.74, 0.81], [0.052, 0.028, 0.045, 0.031]);
    expect(backward.q).toBeCloseTo(forward.q, 12);
    expect(backward.randomEffects.estimate).toBeCloseTo(forward.randomEffects.estimate, 14);
  });

  it.each([
    [[0.8, 0.7], [0.1], /2 estimates but 1 standard errors/],
    [[0.8], [0.1], /needs at least 2 estimates, got 1/],
    [[], [], /needs at least 2 estimates, got 0/],
    [[0.8, NaN], [0.1, 0.1], /estimate 1 is NaN, not a finite number/],
    [[0.8, Infinity], [0.1, 0.1], /estimate 1 is Infinity/],
    [[0.8, 0.7], [0.1, 0], /standard error 1 is 0, not a finite positive number/],
    [[0.8, 0.7], [-0.1, 0.1], /standard error 0 is -0.1/],
    [[0.8, 0.7], [0.1, Infinity], /standard error 1 is Infinity/],
  ])('rejects %p with standard errors %p', (estimates, standardErrors, message) => {
    expect(() => heterogeneity(estimates, standardErrors)).toThrow(RangeError);
    expect(() => heterogeneity(estimates, standardErrors)).toThrow(message);
  });

  it('rejects a confidence level outside (0, 1)', () => {
    expect(() => heterogeneity([1, 2], [1, 1], { confidence: 1 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => heterogeneity([1, 2], [1, 1], { confidence: 0 })).toThrow(/confidence/);
  });
});
