import { ngldmFeatures } from './ngldm';
import {
  computedFor,
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
} from './testing/ibsi-phantom';
import type { FeatureValue } from './types';
import { tinyRoi } from './zones/testing';

// Every reference value matches: no KNOWN_DEVIATIONS for this family.

function valueOf(features: readonly FeatureValue[], name: string, aggregation: string): number {
  const feature = features.find((f) => f.name === name && f.aggregation === aggregation);
  if (!feature) throw new Error(`no ${name} (${aggregation})`);
  return feature.value;
}

describe('ngldmFeatures on the IBSI digital phantom', () => {
  const features = ngldmFeatures(preparedIbsiPhantom());
  const references = referenceValuesOf('Neighbouring grey level dependence based features');

  it('covers the 17 features of the manual for each of the 3 aggregations', () => {
    expect(references).toHaveLength(51);
    expect(features).toHaveLength(51);
    for (const feature of features) expect(feature.family).toBe('ngldm');
  });

  it.each(references.map((r) => [r.feature, r.aggregation, r] as const))(
    '%s (%s) matches the manual',
    (_feature, _aggregation, reference) => {
      const computed = computedFor(features, reference)?.value ?? Number.NaN;
      const row = { reference: reference.valueText, computed };
      expect({ ...row, matches: matchesReference(computed, reference) }).toEqual({ ...row, matches: true });
    },
  );
});

describe('ngldmFeatures on tiny images', () => {
  it('counts the centre voxel and its same-level neighbours inside the ROI', () => {
    // A constant 3×3 slice: dependence 4 at the corners, 6 on the edges, 9 at the centre.
    const features = ngldmFeatures(tinyRoi([3, 3, 1], new Array<number>(9).fill(1)));
    const low = (4 / 16 + 4 / 36 + 1 / 81) / 9;
    const high = (4 * 16 + 4 * 36 + 81) / 9;
    for (const aggregation of ['2D', '2.5D', '3D']) {
      expect(valueOf(features, 'Low dependence emphasis', aggregation)).toBeCloseTo(low, 12);
      expect(valueOf(features, 'High dependence emphasis', aggregation)).toBeCloseTo(high, 12);
      expect(valueOf(features, 'Dependence count percentage', aggregation)).toBe(1);
      expect(valueOf(features, 'Dependence count energy', aggregation)).toBeCloseTo((16 + 16 + 1) / 81, 12);
    }
  });

  it('adds neighbours of the adjacent slices in 3D only', () => {
    // Two stacked constant 2×2 slices: 2D dependence 4 everywhere; 3D 8 (the whole 2×2×2 block).
    const features = ngldmFeatures(tinyRoi([2, 2, 2], new Array<number>(8).fill(2)));
    expect(valueOf(features, 'High dependence emphasis', '2D')).toBe(16);
    expect(valueOf(features, 'High dependence emphasis', '2.5D')).toBe(16);
    expect(valueOf(features, 'High dependence emphasis', '3D')).toBe(64);
    expect(valueOf(features, 'Dependence count non-uniformity', '3D')).toBe(8);
  });

  it('gives finite values for a single-voxel ROI (dependence 1)', () => {
    const features = ngldmFeatures(tinyRoi([1, 1, 1], [3]));
    for (const feature of features) expect(Number.isFinite(feature.value)).toBe(true);
    expect(valueOf(features, 'Low dependence emphasis', '3D')).toBe(1);
    expect(valueOf(features, 'Dependence count entropy', '2D')).toBe(0);
  });

  it('gives NaN, not a crash or Infinity, for an empty ROI', () => {
    const features = ngldmFeatures(tinyRoi([1, 1, 1], [0]));
    expect(features).toHaveLength(51);
    for (const feature of features) expect(feature.value).toBeNaN();
  });
});
