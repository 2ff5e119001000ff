import { MAXIMUM_COARSENESS, ngtdmFeatures, ngtdmFromSums } from './ngtdm';
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

describe('ngtdmFeatures on the IBSI digital phantom', () => {
  const features = ngtdmFeatures(preparedIbsiPhantom());
  const references = referenceValuesOf('Neighbourhood grey tone difference based features');

  it('covers the 5 features of the manual for each of the 3 aggregations', () => {
    expect(references).toHaveLength(15);
    expect(features).toHaveLength(15);
    for (const feature of features) expect(feature.family).toBe('ngtdm');
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

describe('ngtdmFeatures on tiny images', () => {
  // 1 1 1
  // 1 2 1
  // 1 1 1
  // Centre: 8 neighbours of level 1, s_2 = |2 − 1| = 1. Corners: neighbours 1, 1, 2 → |1 − 4/3| = 1/3
  // each; edges: neighbours 1, 1, 1, 1, 2 → |1 − 6/5| = 1/5 each. s_1 = 4/3 + 4/5 = 32/15.
  // n_1 = 8, n_2 = 1, N_v,c = 9, p_1 = 8/9, p_2 = 1/9; Σ p_i s_i = 256/135 + 15/135 = 271/135.
  const features = ngtdmFeatures(tinyRoi([3, 3, 1], [1, 1, 1, 1, 2, 1, 1, 1, 1]));
  const sumS = 32 / 15 + 1;

  it.each([
    ['Coarseness', 135 / 271],
    // (1/(2·1)) · 2 · p_1 p_2 (1 − 2)² · Σ s_i / N_v,c
    ['Contrast', (8 / 81) * (sumS / 9)],
    // (271/135) / (2 · |8/9 − 2/9|)
    ['Busyness', 271 / 135 / (4 / 3)],
    // (1/9) · 2 · |1 − 2| · (p_1 s_1 + p_2 s_2) / (p_1 + p_2)
    ['Complexity', (2 * (271 / 135)) / 9],
    // 2 · (p_1 + p_2) · (1 − 2)² / Σ s_i
    ['Strength', 2 / sumS],
  ])('%s follows from hand-computed s_i', (name, expected) => {
    for (const aggregation of ['2D', '2.5D', '3D'])
      expect(valueOf(features, name, aggregation)).toBeCloseTo(expected, 12);
  });

  it('averages only over in-ROI neighbours within the slice for 2D, across slices for 3D', () => {
    // Slice 0: levels 1 and 3 side by side; slice 1: a 5 above the 1.
    const stacked = ngtdmFeatures(tinyRoi([2, 1, 2], [1, 3, 5, 0]));
    // 2D: slice 0 has s_1 = 2, s_3 = 2 (n 1 each); slice 1 has no valid neighbourhood and is skipped.
    expect(valueOf(stacked, 'Coarseness', '2D')).toBeCloseTo(1 / 2, 12);
    // 3D: the 1 sees 3 and 5 (mean 4), the 3 sees 1 and 5 (mean 3), the 5 sees 1 and 3 (mean 2):
    // s_1 = 3, s_3 = 0, s_5 = 3, p = 1/3 each → Σ p s = 2.
    expect(valueOf(stacked, 'Coarseness', '3D')).toBeCloseTo(1 / 2, 12);
    expect(valueOf(stacked, 'Strength', '3D')).toBeCloseTo(((2 / 3) * (4 + 16 + 4) * 2) / 6, 12);
  });

  it('follows the manual for a constant ROI: coarseness 10^6, the rest 0', () => {
    const constant = ngtdmFeatures(tinyRoi([3, 3, 2], new Array<number>(18).fill(4)));
    for (const aggregation of ['2D', '2.5D', '3D']) {
      expect(valueOf(constant, 'Coarseness', aggregation)).toBe(MAXIMUM_COARSENESS);
      for (const name of ['Contrast', 'Busyness', 'Complexity', 'Strength'])
        expect(valueOf(constant, name, aggregation)).toBe(0);
    }
  });

  it('gives NaN when no voxel has a neighbour (single voxel), never Infinity', () => {
    for (const roi of [tinyRoi([1, 1, 1], [2]), tinyRoi([3, 1, 1], [1, 0, 2]), tinyRoi([1, 1, 1], [0])]) {
      const values = ngtdmFeatures(roi);
      expect(values).toHaveLength(15);
      for (const feature of values) expect(feature.value).toBeNaN();
    }
  });

  it('gives NaN busyness where Σ|i1 p_i1 − i2 p_i2| is 0 with two grey levels', () => {
    // p_1 = 2/3, p_2 = 1/3: 1 · 2/3 = 2 · 1/3.
    const values = ngtdmFromSums(Float64Array.from([0, 1, 1]), Float64Array.from([0, 2, 1]));
    expect(values[2]).toBeNaN();
    expect(Array.from(values).filter((v, i) => i !== 2 && !Number.isFinite(v))).toEqual([]);
  });
});
