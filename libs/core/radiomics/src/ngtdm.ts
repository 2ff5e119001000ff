import type { FeatureValue, PreparedRoi } from './types';
import { CROSS_PLANE_ROWS, rowOffsets, sharedCrop } from './zones/cropped-roi';
import { averageOverSlices, featureValues, type FeatureSpec } from './zones/feature-table';

/** The NGTDM features of the IBSI 1 manual (family IPET), in the manual's order. */
export const NGTDM_FEATURES: readonly FeatureSpec[] = [
  { name: 'Coarseness', ibsi: 'QCDE', index: 0 },
  { name: 'Contrast', ibsi: '65HE', index: 1 },
  { name: 'Busyness', ibsi: 'NQ30', index: 2 },
  { name: 'Complexity', ibsi: 'HDEZ', index: 3 },
  { name: 'Strength', ibsi: '1X9X', index: 4 },
];

/** The manual's cap on coarseness, which it sets where Σ p_i s_i is 0. */
export const MAXIMUM_COARSENESS = 1e6;

/**
 * The five NGTDM features of the grey tone differences `s[i]` and valid-neighbourhood counts `n[i]`
 * (index = grey level; index 0 unused). All NaN when no voxel has a valid neighbourhood. The
 * manual's special cases: coarseness capped at 10^6 (so 10^6 when Σ p_i s_i = 0), contrast and
 * busyness 0 when only one grey level has voxels, strength 0 when Σ s_i = 0. Busyness is NaN where
 * its denominator Σ|i1 p_i1 − i2 p_i2| is 0 with two or more grey levels (division by zero).
 */
export function ngtdmFromSums(s: Float64Array, n: Float64Array): Float64Array {
  const out = new Float64Array(5);
  let total = 0;
  for (let i = 1; i < n.length; i++) total += n[i] as number;
  if (!(total > 0)) return out.fill(Number.NaN);

  const present: number[] = [];
  for (let i = 1; i < n.length; i++) if ((n[i] as number) > 0) present.push(i);
  const p = (i: number) => (n[i] as number) / total;
  let weighted = 0;
  let sumS = 0;
  for (const i of present) {
    weighted += p(i) * (s[i] as number);
    sumS += s[i] as number;
  }
  let pairContrast = 0;
  let busynessDenominator = 0;
  let complexity = 0;
  let strength = 0;
  for (const i1 of present) {
    const p1 = p(i1);
    const s1 = s[i1] as number;
    for (const i2 of present) {
      const p2 = p(i2);
      const difference = i1 - i2;
      pairContrast += p1 * p2 * difference * difference;
      busynessDenominator += Math.abs(i1 * p1 - i2 * p2);
      complexity += (Math.abs(difference) * (p1 * s1 + p2 * (s[i2] as number))) / (p1 + p2);
      strength += (p1 + p2) * difference * difference;
    }
  }
  const levelsPresent = present.length;
  out[0] = weighted > 0 ? Math.min(1 / weighted, MAXIMUM_COARSENESS) : MAXIMUM_COARSENESS;
  out[1] = levelsPresent > 1 ? (pairContrast / (levelsPresent * (levelsPresent - 1))) * (sumS / total) : 0;
  out[2] = levelsPresent > 1 ? (busynessDenominator > 0 ? weighted / busynessDenominator : Number.NaN) : 0;
  out[3] = complexity / total;
  out[4] = sumS > 0 ? strength / sumS : 0;
  return out;
}

/**
 * IBSI neighbourhood grey tone difference features for the aggregations '2D', '2.5D' and '3D', with
 * Chebyshev distance δ = 1: a voxel's neighbourhood average excludes the voxel itself and counts only
 * neighbours inside the intensity mask (8 in-plane for 2D, 26 for 3D); voxels with no such neighbour
 * have no valid neighbourhood and are left out (N_v,c). '2.5D' sums s_i and n_i over slices.
 */
export function ngtdmFeatures(roi: PreparedRoi): FeatureValue[] {
  const cropped = sharedCrop(roi);
  const { nx, ny, nz, levels, voxels, sliceStarts, levelCount } = cropped;
  const plane = rowOffsets(nx, ny, false);
  const volume = rowOffsets(nx, ny, true);
  const s2D = new Float64Array(levelCount + 1);
  const n2D = new Float64Array(levelCount + 1);
  const sMerged = new Float64Array(levelCount + 1);
  const nMerged = new Float64Array(levelCount + 1);
  const s3D = new Float64Array(levelCount + 1);
  const n3D = new Float64Array(levelCount + 1);
  const perSlice: Float64Array[] = [];
  for (let z = 0; z < nz; z++) {
    const from = sliceStarts[z] as number;
    const to = sliceStarts[z + 1] as number;
    if (to <= from) continue;
    s2D.fill(0);
    n2D.fill(0);
    let valid = 0;
    for (let k = from; k < to; k++) {
      const i = voxels[k] as number;
      const level = levels[i] as number;
      // Sums and counts over rows of three voxels, the voxel itself included, then taken out. Levels
      // are 0 outside the ROI, so only the count needs a test.
      let sum = -level;
      let neighbours = -1;
      for (let r = 0; r < plane.length; r++) {
        const middle = i + (plane[r] as number);
        const a = levels[middle - 1] as number;
        const b = levels[middle] as number;
        const c = levels[middle + 1] as number;
        sum += a + b + c;
        neighbours += (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0) + (c > 0 ? 1 : 0);
      }
      if (neighbours > 0) {
        s2D[level] = (s2D[level] as number) + Math.abs(level - sum / neighbours);
        n2D[level] = (n2D[level] as number) + 1;
        valid++;
      }
      for (const r of CROSS_PLANE_ROWS) {
        const middle = i + (volume[r] as number);
        const a = levels[middle - 1] as number;
        const b = levels[middle] as number;
        const c = levels[middle + 1] as number;
        sum += a + b + c;
        neighbours += (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0) + (c > 0 ? 1 : 0);
      }
      if (neighbours > 0) {
        s3D[level] = (s3D[level] as number) + Math.abs(level - sum / neighbours);
        n3D[level] = (n3D[level] as number) + 1;
      }
    }
    if (valid === 0) continue;
    perSlice.push(ngtdmFromSums(s2D, n2D));
    for (let level = 1; level <= levelCount; level++) {
      sMerged[level] = (sMerged[level] as number) + (s2D[level] as number);
      nMerged[level] = (nMerged[level] as number) + (n2D[level] as number);
    }
  }
  return featureValues('ngtdm', NGTDM_FEATURES, {
    '2D': averageOverSlices(perSlice, NGTDM_FEATURES.length),
    '2.5D': ngtdmFromSums(sMerged, nMerged),
    '3D': ngtdmFromSums(s3D, n3D),
  });
}
