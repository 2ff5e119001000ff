import type { FeatureValue, PreparedRoi } from './types';
import { CountFeature, countMatrixAggregations } from './zones/count-matrix';
import { sharedCrop } from './zones/cropped-roi';
import { featureValues, type FeatureSpec } from './zones/feature-table';
import { zonesOf, type Zones } from './zones/zones';

/** The GLDZM features of the IBSI 1 manual (family VMDZ), in the manual's order. */
export const GLDZM_FEATURES: readonly FeatureSpec[] = [
  { name: 'Small distance emphasis', ibsi: '0GBI', index: CountFeature.ShortEmphasis },
  { name: 'Large distance emphasis', ibsi: 'MB4I', index: CountFeature.LongEmphasis },
  { name: 'Low grey level zone emphasis', ibsi: 'S1RA', index: CountFeature.LowGreyLevelEmphasis },
  { name: 'High grey level zone emphasis', ibsi: 'K26C', index: CountFeature.HighGreyLevelEmphasis },
  {
    name: 'Small distance low grey level emphasis',
    ibsi: 'RUVG',
    index: CountFeature.ShortLowGreyLevelEmphasis,
  },
  {
    name: 'Small distance high grey level emphasis',
    ibsi: 'DKNJ',
    index: CountFeature.ShortHighGreyLevelEmphasis,
  },
  {
    name: 'Large distance low grey level emphasis',
    ibsi: 'A7WM',
    index: CountFeature.LongLowGreyLevelEmphasis,
  },
  {
    name: 'Large distance high grey level emphasis',
    ibsi: 'KLTH',
    index: CountFeature.LongHighGreyLevelEmphasis,
  },
  { name: 'Grey level non-uniformity', ibsi: 'VFT7', index: CountFeature.GreyLevelNonUniformity },
  {
    name: 'Normalised grey level non-uniformity',
    ibsi: '7HP3',
    index: CountFeature.NormalisedGreyLevelNonUniformity,
  },
  { name: 'Zone distance non-uniformity', ibsi: 'V294', index: CountFeature.ColumnNonUniformity },
  {
    name: 'Normalised zone distance non-uniformity',
    ibsi: 'IATH',
    index: CountFeature.NormalisedColumnNonUniformity,
  },
  { name: 'Zone percentage', ibsi: 'VIWW', index: CountFeature.Percentage },
  { name: 'Grey level variance', ibsi: 'QK93', index: CountFeature.GreyLevelVariance },
  { name: 'Zone distance variance', ibsi: '7WT1', index: CountFeature.ColumnVariance },
  { name: 'Zone distance entropy', ibsi: 'GBDU', index: CountFeature.Entropy },
];

function distancePairs(zones: Zones) {
  if (!zones.distance) throw new Error('zones without distances');
  return { levels: zones.level, values: zones.distance, sliceStarts: zones.sliceStarts };
}

/**
 * IBSI grey level distance zone features for the aggregations '2D', '2.5D' and '3D'. As the manual
 * prescribes, zones come from the intensity mask (8-connected in 2D, 26-connected in 3D, as for the
 * GLSZM) and the distance map from the morphological mask: the city-block distance to the nearest
 * voxel outside it (4-connected within the slice for 2D, 6-connected for 3D; outside the grid counts
 * as outside), 1 on the edge; a zone's distance is the minimum over its voxels.
 */
export function gldzmFeatures(roi: PreparedRoi): FeatureValue[] {
  const cropped = sharedCrop(roi);
  const zones = zonesOf(cropped);
  const values = countMatrixAggregations(
    distancePairs(zones['2D']),
    distancePairs(zones['3D']),
    cropped.sliceStarts,
    cropped.levelCount,
  );
  return featureValues('gldzm', GLDZM_FEATURES, values);
}
