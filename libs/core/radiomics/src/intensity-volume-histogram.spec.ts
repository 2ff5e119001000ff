import { intensityVolumeHistogramFeatures } from './intensity-volume-histogram';
import {
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
  type ReferenceValue,
} from './testing/ibsi-phantom';
import type { FeatureValue, PreparedRoi } from './types';

/** Reference values this implementation does not reproduce (IBSI codes); none. */
const KNOWN_DEVIATIONS: readonly string[] = [];

const references = referenceValuesOf('Intensity-volume histogram features');

/**
 * The reference file lists V10 and V90 under one code (BC2M), and I10 and I90 under another (GBPN),
 * in the manual's order, so `computedFor` (first match by code) cannot tell them apart: the k-th
 * reference value of a code is compared with the k-th computed feature of that code.
 */
function pairedByOrder(
  features: readonly FeatureValue[],
): [string, ReferenceValue, FeatureValue | undefined][] {
  const seen = new Map<string, number>();
  return references.map((reference) => {
    const code = reference.ibsi ?? '';
    const k = seen.get(code) ?? 0;
    seen.set(code, k + 1);
    const feature = features.filter((candidate) => candidate.ibsi === code)[k];
    return [`${reference.feature} (${code}) #${k + 1}: ${feature?.name ?? 'missing'}`, reference, feature];
  });
}

function roiOfLevels(
  levels: readonly number[],
  greyLevelCount: number,
  binning?: { minimum: number; width: number },
): PreparedRoi {
  const inside = Uint8Array.from(levels.map((level) => (level > 0 ? 1 : 0)));
  return {
    dims: [levels.length, 1, 1],
    spacingMm: [1, 1, 1],
    intensities: Float64Array.from(levels),
    morphologicalMask: inside,
    intensityMask: inside,
    levels: Int32Array.from(levels),
    greyLevelCount,
    ...(binning ? { binning } : {}),
  };
}

function values(roi: PreparedRoi): number[] {
  return intensityVolumeHistogramFeatures(roi).map((feature) => feature.value);
}

describe('intensityVolumeHistogramFeatures on the IBSI digital phantom', () => {
  const computed = intensityVolumeHistogramFeatures(preparedIbsiPhantom());

  it('covers every reference value of the family', () => {
    expect(references).toHaveLength(6);
    expect(computed.map((feature) => feature.ibsi)).toEqual(['BC2M', 'BC2M', 'GBPN', 'GBPN', 'DDTU', 'CNV2']);
    expect(new Set(computed.map((feature) => feature.name)).size).toBe(6);
    for (const feature of computed) {
      expect(feature.family).toBe('intensity-volume-histogram');
      expect(feature.aggregation).toBeUndefined();
    }
  });

  it.each(pairedByOrder(computed))('%s', (_label, reference, feature) => {
    const value = feature?.value ?? NaN;
    const expected = !KNOWN_DEVIATIONS.includes(reference.ibsi ?? '');
    expect({ value, matches: matchesReference(value, reference) }).toEqual({ value, matches: expected });
  });
});

describe('intensity-volume histogram by hand', () => {
  it('uses bin centres, the range of bin centres and the bin width with fixed bin size', () => {
    // Bins of 0.5 from −1: centres −0.75 … 3.75 (levels 1 … 10). 10 voxels; ν(level ≥ l):
    // 1: 1, 2: 0.8, 3: 0.7, 4: 0.6, 5: 0.6, 6: 0.4, 7: 0.3, 8: 0.3, 9: 0.2, 10: 0.2.
    const roi = roiOfLevels([1, 1, 2, 3, 5, 5, 6, 8, 10, 10], 10, { minimum: -1, width: 0.5 });
    const [v10, v90, i10, i90, dv, di] = values(roi);
    expect(v10).toBeCloseTo(0.8, 12); // γ ≥ 0.1 first at level 2 (γ = 1/9)
    expect(v90).toBeCloseTo(0.2, 12); // γ ≥ 0.9 first at level 10
    // ν ≤ 0.1 nowhere: one bin width above the last centre.
    expect(i10).toBeCloseTo(4.25, 12);
    expect(i90).toBeCloseTo(-0.25, 12); // ν ≤ 0.9 first at level 2
    expect(dv).toBeCloseTo(0.6, 12);
    expect(di).toBeCloseTo(4.5, 12);
  });

  it('uses the grey levels themselves without fixed bin size', () => {
    expect(values(roiOfLevels([1, 2, 2, 3], 3))).toEqual([0.75, 0.25, 4, 2, 0.5, 2]);
  });

  it('is NaN with a single grey level or an empty ROI', () => {
    for (const value of values(roiOfLevels([1, 1], 1))) expect(value).toBeNaN();
    for (const value of values(roiOfLevels([0, 0], 4))) expect(value).toBeNaN();
  });
});
