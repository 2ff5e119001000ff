import type { FeatureValue, PreparedRoi } from './types';
import { CountFeature, countMatrixAggregations } from './zones/count-matrix';
import { sharedCrop } from './zones/cropped-roi';
import { featureValues, type FeatureSpec } from './zones/feature-table';
import { zonesOf, type Zones } from './zones/zones';

/** The GLSZM features of the IBSI 1 manual (family 9SAK), in the manual's order. */
export const GLSZM_FEATURES: readonly FeatureSpec[] = [
  // The manual's source gives no code for this one; P001 is its IBSI code.
  { name: 'Small zone emphasis', ibsi: 'P001', index: CountFeature.ShortEmphasis },
  { name: 'Large zone emphasis', ibsi: '48P8', index: CountFeature.LongEmphasis },
  { name: 'Low grey level zone emphasis', ibsi: 'XMSY', index: CountFeature.LowGreyLevelEmphasis },
  { name: 'High grey level zone emphasis', ibsi: '5GN9', index: CountFeature.HighGreyLevelEmphasis },
  { name: 'Small zone low grey level emphasis', ibsi: '5RAI', index: CountFeature.ShortLowGreyLevelEmphasis },
  {
    name: 'Small zone high grey level emphasis',
    ibsi: 'HW1V',
    index: CountFeature.ShortHighGreyLevelEmphasis,
  },
  { name: 'Large zone low grey level emphasis', ibsi: 'YH51', index: CountFeature.LongLowGreyLevelEmphasis },
  {
    name: 'Large zone high grey level emphasis',
    ibsi: 'J17V',
    index: CountFeature.LongHighGreyLevelEmphasis,
  },
  { name: 'Grey level non-uniformity', ibsi: 'JNSA', index: CountFeature.GreyLevelNonUniformity },
  {
    name: 'Normalised grey level non-uniformity',
    ibsi: 'Y1RO',
    index: CountFeature.NormalisedGreyLevelNonUniformity,
  },
  { name: 'Zone size non-uniformity', ibsi: '4JP3', index: CountFeature.ColumnNonUniformity },
  {
    name: 'Normalised zone size non-uniformity',
    ibsi: 'VB3A',
    index: CountFeature.NormalisedColumnNonUniformity,
  },
  { name: 'Zone percentage', ibsi: 'P30P', index: CountFeature.Percentage },
  { name: 'Grey level variance', ibsi: 'BYLV', index: CountFeature.GreyLevelVariance },
  { name: 'Zone size variance', ibsi: '3NSA', index: CountFeature.ColumnVariance },
  { name: 'Zone size entropy', ibsi: 'GU8N', index: CountFeature.Entropy },
];

function sizePairs(zones: Zones) {
  return { levels: zones.level, values: zones.size, sliceStarts: zones.sliceStarts };
}

/**
 * IBSI grey level size zone features of the intensity mask for the aggregations '2D' (per slice,
 * 8-connected zones, averaged over slices), '2.5D' (slice matrices merged) and '3D' (26-connected
 * zones). Zone sizes are stored as distinct-size columns, so one huge zone stays cheap.
 */
export function glszmFeatures(roi: PreparedRoi): FeatureValue[] {
  const cropped = sharedCrop(roi);
  const zones = zonesOf(cropped);
  const values = countMatrixAggregations(
    sizePairs(zones['2D']),
    sizePairs(zones['3D']),
    cropped.sliceStarts,
    cropped.levelCount,
  );
  return featureValues('glszm', GLSZM_FEATURES, values);
}
