import reference from '@prospect/fixtures/stats/shift/shift-reference.json';
import { referenceDistribution } from './reference-distribution';

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('referenceDistribution against base R quantile(type = 7), mean, sd and cut()', () => {
  it.each(reference.referenceDistribution.map((entry) => [entry.name, entry] as const))(
    '%s: edges identical to R, proportions exact, mean and sd within 1e-12',
    (_name, entry) => {
      const result = referenceDistribution(entry.values, entry.bins);
      expect(result.n).toBe(entry.n);
      expect(result.edges).toEqual(entry.edges);
      expect(result.proportions).toEqual(entry.proportions);
      expectClose(result.mean, entry.mean, 1e-15);
      expectClose(result.sd, entry.sd);
    },
  );
});

describe('referenceDistribution', () => {
  it('defaults to deciles: 9 edges and 10 proportions summing to 1', () => {
    const values = Array.from({ length: 101 }, (_, index) => index);
    const result = referenceDistribution(values);
    expect(result.edges).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(result.proportions.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 14);
    expect(result.proportions[0]).toBeCloseTo(11 / 101, 15);
  });

  it('interpolates between order statistics (type 7)', () => {
    // n = 4, p = 1/2: position 1 + 3/2 = 2.5, halfway between 2 and 10.
    expect(referenceDistribution([10, 1, 2, 30], 2).edges).toEqual([6]);
  });

  it('drops repeated quantiles so that edges stay strictly increasing', () => {
    // Seven 0s and three 1s: deciles 0 (×6), 0.3 (between x₇ = 0 and x₈ = 1), 1 (×2).
    const result = referenceDistribution([0, 1, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(result.edges).toHaveLength(3);
    expect(result.edges[0]).toBe(0);
    expect(result.edges[1]).toBeCloseTo(0.3, 15);
    expect(result.edges[2]).toBe(1);
    expect(result.proportions).toEqual([0.7, 0, 0.3, 0]);
  });

  it('rounds to significant digits and counts the bins with the rounded cut points', () => {
    // Median of 1.23456789, 2, 3, 4 is 2.5; to 1 digit it is 3, so the value 3 moves to bin 1.
    // Mean 2.5586…, sd 1.21…: to 1 digit 3 and 1.
    const exact = referenceDistribution([1.23456789, 2, 3, 4], 2);
    expect(exact.edges).toEqual([2.5]);
    expect(exact.proportions).toEqual([0.5, 0.5]);
    const rounded = referenceDistribution([1.23456789, 2, 3, 4], 2, { significantDigits: 1 });
    expect(rounded.edges).toEqual([3]);
    expect(rounded.proportions).toEqual([0.75, 0.25]);
    expect(rounded.mean).toBe(3);
    expect(rounded.sd).toBe(1);
    expect(referenceDistribution([1.23456789, 2, 3, 4], 2, { significantDigits: 4 }).mean).toBe(2.559);
  });

  it('validates its inputs', () => {
    expect(() => referenceDistribution([1, 2], 2, { significantDigits: 0 })).toThrow(
      /significantDigits must be an integer from 1 to 15, got 0/,
    );
    expect(() => referenceDistribution([1])).toThrow(/needs at least 2 values, got 1/);
    expect(() => referenceDistribution([1, NaN])).toThrow(/value 1 is NaN/);
    expect(() => referenceDistribution([1, 2], 0)).toThrow(/bins must be an integer >= 1, got 0/);
    expect(() => referenceDistribution([1, 2], 2.5)).toThrow(/bins must be an integer/);
  });
});
