import { gldzmFeatures } from './gldzm';
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

describe('gldzmFeatures on the IBSI digital phantom', () => {
  const features = gldzmFeatures(preparedIbsiPhantom());
  const references = referenceValuesOf('Grey level distance zone based features');

  it('covers the 16 features of the manual for each of the 3 aggregations', () => {
    expect(references).toHaveLength(48);
    expect(features).toHaveLength(48);
    for (const feature of features) expect(feature.family).toBe('gldzm');
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

describe('gldzmFeatures on tiny images', () => {
  // A 5×5 square; 2D (4-connected) distances to its edge are 1 on the rim, 2 inside it, 3 at the centre.
  const square = (centre: number, rest: number) =>
    Array.from({ length: 25 }, (_, i) => (i === 12 ? centre : rest));

  it('measures the distance of zones to the edge of the square (city-block, 1 on the edge)', () => {
    const features = gldzmFeatures(tinyRoi([5, 5, 1], square(2, 1)));
    // Zones: the ring of 1s (distance 1) and the centre 2 (distance 3).
    expect(valueOf(features, 'Small distance emphasis', '2D')).toBeCloseTo((1 + 1 / 9) / 2, 12);
    expect(valueOf(features, 'Large distance emphasis', '2D')).toBeCloseTo((1 + 9) / 2, 12);
    expect(valueOf(features, 'Zone distance variance', '2D')).toBeCloseTo(1, 12);
    expect(valueOf(features, 'Zone percentage', '2D')).toBeCloseTo(2 / 25, 12);
    // In 3D the single slice is one voxel thick: every voxel is on the edge.
    expect(valueOf(features, 'Small distance emphasis', '3D')).toBe(1);
  });

  it('takes the distance map from the morphological mask and the zones from the intensity mask', () => {
    // Morphological mask: the whole square; intensity mask (after re-segmentation): the centre only.
    const features = gldzmFeatures(tinyRoi([5, 5, 1], square(1, 0), { morphologicalMask: square(1, 1) }));
    expect(valueOf(features, 'Large distance emphasis', '2D')).toBe(9);
    expect(valueOf(features, 'Large distance emphasis', '2.5D')).toBe(9);
    expect(valueOf(features, 'Zone percentage', '2D')).toBe(1);
  });

  it('uses 6-connected distances in 3D: the centre of a 3×3×3 cube is at distance 2', () => {
    const levels = Array.from({ length: 27 }, (_, i) => (i === 13 ? 2 : 1));
    const features = gldzmFeatures(tinyRoi([3, 3, 3], levels));
    expect(valueOf(features, 'Large distance emphasis', '3D')).toBeCloseTo((1 + 4) / 2, 12);
    // Within a 3×3 slice the centre is at distance 2 too, the other slices are one zone at distance 1.
    expect(valueOf(features, 'Large distance emphasis', '2.5D')).toBeCloseTo((1 + 1 + 4 + 1) / 4, 12);
  });

  it('gives finite values for a single-voxel ROI', () => {
    const features = gldzmFeatures(tinyRoi([1, 1, 1], [5]));
    for (const feature of features) expect(Number.isFinite(feature.value)).toBe(true);
    expect(valueOf(features, 'Small distance emphasis', '3D')).toBe(1);
  });

  it('gives NaN, not a crash or Infinity, for an empty ROI', () => {
    const features = gldzmFeatures(tinyRoi([2, 2, 1], [0, 0, 0, 0]));
    expect(features).toHaveLength(48);
    for (const feature of features) expect(feature.value).toBeNaN();
  });
});
