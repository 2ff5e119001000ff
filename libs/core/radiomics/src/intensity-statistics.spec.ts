import {
  intensityStatisticsFeatures,
  quantileSorted,
  roiIntensities,
  summariseSorted,
  summariseValues,
} from './intensity-statistics';
import {
  computedFor,
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
  type ReferenceValue,
} from './testing/ibsi-phantom';
import type { PreparedRoi, Vec3 } from './types';

/** Reference values this implementation does not reproduce (IBSI codes); none. */
const KNOWN_DEVIATIONS: readonly string[] = [];

const references = referenceValuesOf('Intensity-based statistical features');

function roiOf(values: readonly number[], mask?: readonly number[]): PreparedRoi {
  const dims: Vec3 = [values.length, 1, 1];
  const inside = Uint8Array.from(mask ?? values.map(() => 1));
  return {
    dims,
    spacingMm: [1, 1, 1],
    intensities: Float64Array.from(values),
    morphologicalMask: inside,
    intensityMask: inside,
    levels: new Int32Array(values.length),
    greyLevelCount: 1,
  };
}

function valueOf(roi: PreparedRoi, ibsi: string): number {
  const feature = intensityStatisticsFeatures(roi).find((candidate) => candidate.ibsi === ibsi);
  if (!feature) throw new Error(`no feature ${ibsi}`);
  return feature.value;
}

describe('intensityStatisticsFeatures on the IBSI digital phantom', () => {
  const computed = intensityStatisticsFeatures(preparedIbsiPhantom());

  it('covers every reference value of the family, with 18 features', () => {
    expect(references).toHaveLength(18);
    expect(computed).toHaveLength(18);
    expect(new Set(computed.map((feature) => feature.ibsi)).size).toBe(18);
    for (const feature of computed) {
      expect(feature.family).toBe('intensity-statistics');
      expect(feature.aggregation).toBeUndefined();
    }
  });

  it.each(
    references.map((reference): [string, ReferenceValue] => [
      `${reference.feature} (${reference.ibsi})`,
      reference,
    ]),
  )('%s', (_label, reference) => {
    const value = computedFor(computed, reference)?.value ?? NaN;
    const expected = !KNOWN_DEVIATIONS.includes(reference.ibsi ?? '');
    expect({ value, matches: matchesReference(value, reference) }).toEqual({ value, matches: expected });
  });
});

describe('intensity statistics by hand', () => {
  it('interpolates quantiles between order statistics at (n − 1)p', () => {
    const sorted = [1, 2, 4, 8, 16];
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.5)).toBe(4);
    expect(quantileSorted(sorted, 1)).toBe(16);
    expect(quantileSorted(sorted, 0.1)).toBeCloseTo(1.4, 12);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(12.8, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('computes moments and dispersions of a small set', () => {
    // 1, 2, 3, 4, 10: mean 4, variance 10, median 3.
    const summary = summariseSorted([1, 2, 3, 4, 10]);
    expect(summary.mean).toBe(4);
    expect(summary.variance).toBe(10);
    expect(summary.skewness).toBeCloseTo((-27 - 8 - 1 + 0 + 216) / 5 / 10 ** 1.5, 12);
    expect(summary.kurtosis).toBeCloseTo((81 + 16 + 1 + 0 + 1296) / 5 / 100 - 3, 12);
    expect(summary.median).toBe(3);
    expect(summary.meanAbsoluteDeviation).toBeCloseTo((3 + 2 + 1 + 0 + 6) / 5, 12);
    expect(summary.medianAbsoluteDeviation).toBeCloseTo((2 + 1 + 0 + 1 + 7) / 5, 12);
    // P10 = 1.4, P90 = 7.6: the robust set is {2, 3, 4}, mean 3.
    expect(summary.robustMeanAbsoluteDeviation).toBeCloseTo(2 / 3, 12);
    expect(summary.coefficientOfVariation).toBeCloseTo(Math.sqrt(10) / 4, 12);
    expect(summary.quartileCoefficientOfDispersion).toBeCloseTo((4 - 2) / (4 + 2), 12);
  });

  it('finds the same order statistics by selection as by sorting, with many duplicates', () => {
    let seed = 3;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const integers = Float64Array.from({ length: n }, () => Math.round(random() * 20) - 5);
      const continuous = Float64Array.from({ length: n }, () => random() * 1000);
      for (const values of [integers, continuous]) {
        const expected = summariseSorted(Float64Array.from(values).sort());
        const actual = summariseValues(values);
        for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
          if (Number.isNaN(expected[key])) expect(actual[key]).toBeNaN();
          else expect(actual[key]).toBeCloseTo(expected[key], 9);
        }
      }
    }
  });

  it('reads only the intensity mask and energy is the sum of squares', () => {
    const roi = roiOf([100, 1, 2, 3, -100], [0, 1, 1, 1, 0]);
    expect(Array.from(roiIntensities(roi))).toEqual([1, 2, 3]);
    expect(valueOf(roi, 'N8CA')).toBe(14);
    expect(valueOf(roi, '5ZWQ')).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(valueOf(roi, '1GSF')).toBe(1);
    expect(valueOf(roi, '84IY')).toBe(3);
    expect(valueOf(roi, '2OJQ')).toBe(2);
  });

  it('gives a single voxel zero spread, and skewness and kurtosis 0 as IBSI defines for zero variance', () => {
    const roi = roiOf([7]);
    expect(valueOf(roi, 'Q4LE')).toBe(7);
    expect(valueOf(roi, 'ECT3')).toBe(0);
    expect(valueOf(roi, 'KE2A')).toBe(0);
    expect(valueOf(roi, 'IPH6')).toBe(0);
    expect(valueOf(roi, '7TET')).toBe(0);
    expect(valueOf(roi, '1128')).toBe(0);
  });

  it('is NaN where the definition divides by zero', () => {
    const roi = roiOf([-2, 0, 2]);
    // Mean 0: coefficient of variation; P25 + P75 = 0: quartile coefficient of dispersion.
    expect(valueOf(roi, '7TET')).toBeNaN();
    expect(valueOf(roi, '9S40')).toBeNaN();
    const empty = roiOf([1, 2], [0, 0]);
    for (const feature of intensityStatisticsFeatures(empty)) expect(feature.value).toBeNaN();
  });
});
