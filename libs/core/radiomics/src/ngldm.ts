import type { FeatureValue, PreparedRoi } from './types';
import { COUNT_FEATURE_COUNT, CountFeature, countMatrixFeatures } from './zones/count-matrix';
import { CROSS_PLANE_ROWS, rowOffsets, sharedCrop } from './zones/cropped-roi';
import { averageOverSlices, featureValues, type FeatureSpec } from './zones/feature-table';

/** The NGLDM features of the IBSI 1 manual (family REK0), in the manual's order. */
export const NGLDM_FEATURES: readonly FeatureSpec[] = [
  { name: 'Low dependence emphasis', ibsi: 'SODN', index: CountFeature.ShortEmphasis },
  { name: 'High dependence emphasis', ibsi: 'IMOQ', index: CountFeature.LongEmphasis },
  { name: 'Low grey level count emphasis', ibsi: 'TL9H', index: CountFeature.LowGreyLevelEmphasis },
  { name: 'High grey level count emphasis', ibsi: 'OAE7', index: CountFeature.HighGreyLevelEmphasis },
  {
    name: 'Low dependence low grey level emphasis',
    ibsi: 'EQ3F',
    index: CountFeature.ShortLowGreyLevelEmphasis,
  },
  {
    name: 'Low dependence high grey level emphasis',
    ibsi: 'JA6D',
    index: CountFeature.ShortHighGreyLevelEmphasis,
  },
  {
    name: 'High dependence low grey level emphasis',
    ibsi: 'NBZI',
    index: CountFeature.LongLowGreyLevelEmphasis,
  },
  {
    name: 'High dependence high grey level emphasis',
    ibsi: '9QMG',
    index: CountFeature.LongHighGreyLevelEmphasis,
  },
  { name: 'Grey level non-uniformity', ibsi: 'FP8K', index: CountFeature.GreyLevelNonUniformity },
  {
    name: 'Normalised grey level non-uniformity',
    ibsi: '5SPA',
    index: CountFeature.NormalisedGreyLevelNonUniformity,
  },
  { name: 'Dependence count non-uniformity', ibsi: 'Z87G', index: CountFeature.ColumnNonUniformity },
  {
    name: 'Normalised dependence count non-uniformity',
    ibsi: 'OKJI',
    index: CountFeature.NormalisedColumnNonUniformity,
  },
  { name: 'Dependence count percentage', ibsi: '6XV8', index: CountFeature.Percentage },
  { name: 'Grey level variance', ibsi: '1PFV', index: CountFeature.GreyLevelVariance },
  { name: 'Dependence count variance', ibsi: 'DNX2', index: CountFeature.ColumnVariance },
  { name: 'Dependence count entropy', ibsi: 'FCBV', index: CountFeature.Entropy },
  { name: 'Dependence count energy', ibsi: 'CAS9', index: CountFeature.Energy },
];

/**
 * IBSI neighbouring grey level dependence features for the aggregations '2D', '2.5D' and '3D', with
 * Chebyshev distance δ = 1 and coarseness α = 0: a voxel's dependence is 1 (itself) plus its
 * neighbours in the intensity mask with the same grey level (8 in-plane neighbours for 2D, 26 for 3D).
 * Every ROI voxel has a neighbourhood, so N_s = N_v.
 */
export function ngldmFeatures(roi: PreparedRoi): FeatureValue[] {
  const cropped = sharedCrop(roi);
  const { nx, ny, nz, levels, voxels, sliceStarts, levelCount: rows } = cropped;
  const plane = rowOffsets(nx, ny, false);
  const volume = rowOffsets(nx, ny, true);
  // Dense matrices: dependence is at most 9 within a slice and 27 in the volume.
  const columns2D = Int32Array.from({ length: 9 }, (_, c) => c + 1);
  const columns3D = Int32Array.from({ length: 27 }, (_, c) => c + 1);
  const slice = new Float64Array(rows * 9);
  const merged = new Float64Array(rows * 9);
  const counts3D = new Float64Array(rows * 27);
  const perSlice: Float64Array[] = [];
  for (let z = 0; z < nz; z++) {
    const from = sliceStarts[z] as number;
    const to = sliceStarts[z + 1] as number;
    if (to <= from) continue;
    slice.fill(0);
    for (let k = from; k < to; k++) {
      const i = voxels[k] as number;
      const level = levels[i] as number;
      // Rows of three voxels; the voxel itself is counted (in the middle row), as the manual's j_k is.
      let dependence = 0;
      for (let r = 0; r < plane.length; r++) {
        const middle = i + (plane[r] as number);
        dependence +=
          (levels[middle - 1] === level ? 1 : 0) +
          (levels[middle] === level ? 1 : 0) +
          (levels[middle + 1] === level ? 1 : 0);
      }
      const cell2D = (level - 1) * 9 + dependence - 1;
      slice[cell2D] = (slice[cell2D] as number) + 1;
      for (const r of CROSS_PLANE_ROWS) {
        const middle = i + (volume[r] as number);
        dependence +=
          (levels[middle - 1] === level ? 1 : 0) +
          (levels[middle] === level ? 1 : 0) +
          (levels[middle + 1] === level ? 1 : 0);
      }
      const cell3D = (level - 1) * 27 + dependence - 1;
      counts3D[cell3D] = (counts3D[cell3D] as number) + 1;
    }
    perSlice.push(
      countMatrixFeatures({ rows, columnValues: columns2D, counts: slice, voxelCount: to - from }),
    );
    for (let c = 0; c < merged.length; c++) merged[c] = (merged[c] as number) + (slice[c] as number);
  }
  const voxelCount = voxels.length;
  return featureValues('ngldm', NGLDM_FEATURES, {
    '2D': averageOverSlices(perSlice, COUNT_FEATURE_COUNT),
    '2.5D': countMatrixFeatures({ rows, columnValues: columns2D, counts: merged, voxelCount }),
    '3D': countMatrixFeatures({ rows, columnValues: columns3D, counts: counts3D, voxelCount }),
  });
}
