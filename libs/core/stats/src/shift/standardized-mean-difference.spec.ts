import reference from '@prospect/fixtures/stats/shift/shift-reference.json';
import { referenceDistribution } from './reference-distribution';
import { standardizedMeanDifference } from './standardized-mean-difference';

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('standardizedMeanDifference against base R (mean − ref) / √((var + sd_ref²) / 2)', () => {
  it.each(reference.standardizedMeanDifference.map((entry) => [entry.name, entry] as const))(
    '%s: smd, mean and sd within 1e-12 relative',
    (_name, entry) => {
      const result = standardizedMeanDifference(entry.sample, entry.reference);
      expect(result.n).toBe(entry.n);
      expectClose(result.mean, entry.mean, 1e-15);
      expectClose(result.sd, entry.sd);
      expectClose(result.smd, entry.smd);
    },
  );

  it('matches R end to end against a training summary from referenceDistribution', () => {
    const training = referenceDistribution(reference.referenceDistribution[0]?.values ?? []);
    const result = standardizedMeanDifference(reference.monitoring.sample, training);
    expectClose(result.smd, reference.monitoring.smd);
  });
});

describe('standardizedMeanDifference', () => {
  it('uses the unweighted average of the two variances and sample sd (n − 1)', () => {
    // Sample 1, 2, 3: mean 2, sd 1. Reference sd 3: pooled √((1 + 9)/2) = √5.
    const result = standardizedMeanDifference([1, 2, 3], { mean: 1, sd: 3, n: 5000 });
    expect(result).toEqual({ smd: 1 / Math.sqrt(5), mean: 2, sd: 1, n: 3 });
    // Reference n does not change it.
    expect(standardizedMeanDifference([1, 2, 3], { mean: 1, sd: 3 }).smd).toBe(result.smd);
  });

  it('is antisymmetric in the direction of the shift and 0 at the reference mean', () => {
    expect(standardizedMeanDifference([1, 3], { mean: 4, sd: 1 }).smd).toBeCloseTo(
      -standardizedMeanDifference([5, 7], { mean: 4, sd: 1 }).smd,
      15,
    );
    expect(standardizedMeanDifference([1, 3], { mean: 2, sd: 1 }).smd).toBe(0);
  });

  it('accepts typed arrays', () => {
    expect(standardizedMeanDifference(Float64Array.from([1, 2, 3]), { mean: 1, sd: 3 }).smd).toBeCloseTo(
      1 / Math.sqrt(5),
      15,
    );
  });

  it.each([
    [[1], { mean: 0, sd: 1 }, /at least 2 values for an sd, got 1/],
    [[1, NaN], { mean: 0, sd: 1 }, /value 1 is NaN, not a finite number/],
    [[1, 2], { mean: Infinity, sd: 1 }, /reference mean must be finite/],
    [[1, 2], { mean: 0, sd: -1 }, /reference sd must be a finite number >= 0, got -1/],
    [[1, 2], { mean: 0, sd: NaN }, /reference sd/],
    [[1, 2], { mean: 0, sd: 1, n: 1.5 }, /reference n must be an integer >= 2, got 1.5/],
    [[2, 2, 2], { mean: 0, sd: 0 }, /both 0, so the SMD is undefined/],
  ])('rejects sample %p against %p', (sample, ref, message) => {
    expect(() => standardizedMeanDifference(sample, ref)).toThrow(RangeError);
    expect(() => standardizedMeanDifference(sample, ref)).toThrow(message);
  });
});
