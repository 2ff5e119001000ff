import type { FeatureValue, PreparedRoi } from './types';

const FAMILY = 'local-intensity';

/** Radius (mm) of the 1 cm³ sphere of the intensity peaks: (3 / (4π))^(1/3) cm. */
export const PEAK_SPHERE_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/**
 * The sphere as runs along x: for each (dy, dz) with voxels within the radius, the half-width of the
 * run of voxel centres within the radius.
 */
function sphereRuns(spacing: readonly number[]): { dy: Int32Array; dz: Int32Array; half: Int32Array } {
  const [sx, sy, sz] = spacing as [number, number, number];
  const radius = PEAK_SPHERE_RADIUS_MM;
  // Slack so that a centre exactly on the sphere (up to rounding) counts as within it.
  const radiusSquared = radius * radius * (1 + 1e-12);
  const ry = Math.floor(radius / sy);
  const rz = Math.floor(radius / sz);
  const dys: number[] = [];
  const dzs: number[] = [];
  const halves: number[] = [];
  for (let dz = -rz; dz <= rz; dz++) {
    for (let dy = -ry; dy <= ry; dy++) {
      const rest = radiusSquared - (dy * sy) ** 2 - (dz * sz) ** 2;
      if (rest < 0) continue;
      dys.push(dy);
      dzs.push(dz);
      halves.push(Math.floor(Math.sqrt(rest) / sx));
    }
  }
  return { dy: Int32Array.from(dys), dz: Int32Array.from(dzs), half: Int32Array.from(halves) };
}

/**
 * IBSI 1 local intensity features (9ST6): the mean intensity of all image voxels (ROI or not) whose
 * centres lie within 6.2 mm (a 1 cm³ sphere) of a centre voxel of the intensity mask.
 * - Local intensity peak (VJGA): centred on the voxel(s) of highest intensity; the highest mean.
 * - Global intensity peak (0F91): the highest mean over every intensity-mask voxel.
 * Voxels outside the grid are not counted (the mean is over the sphere's voxels that exist). The
 * sphere sums come from per-row prefix sums over the region around the ROI: one subtraction per
 * (dy, dz) row of the sphere, O(n · r²).
 */
export function localIntensityFeatures(roi: PreparedRoi): FeatureValue[] {
  const [nx, ny, nz] = roi.dims;
  const mask = roi.intensityMask;
  const image = roi.intensities;
  const { dy, dz, half } = sphereRuns(roi.spacingMm);
  const runs = half.length;
  let fullCount = 0;
  for (let r = 0; r < runs; r++) fullCount += 2 * (half[r] as number) + 1;
  let maxRunY = 0;
  let maxRunZ = 0;
  let maxHalf = 0;
  for (let r = 0; r < runs; r++) {
    maxRunY = Math.max(maxRunY, Math.abs(dy[r] as number));
    maxRunZ = Math.max(maxRunZ, Math.abs(dz[r] as number));
    maxHalf = Math.max(maxHalf, half[r] as number);
  }

  // Bounding box of the intensity mask and its highest intensity.
  let x0 = nx;
  let x1 = -1;
  let y0 = ny;
  let y1 = -1;
  let z0 = nz;
  let z1 = -1;
  let highest = -Infinity;
  // Row by row: the row's first and last mask voxel, then the highest value between them.
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      let first = 0;
      while (first < nx && !mask[row + first]) first++;
      if (first === nx) continue;
      let last = nx - 1;
      while (!mask[row + last]) last--;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
      for (let x = first; x <= last; x++) {
        if (!mask[row + x]) continue;
        const value = image[row + x] as number;
        if (value > highest) highest = value;
      }
    }
  }
  if (x1 < 0) {
    return [
      { family: FAMILY, name: 'Local intensity peak', ibsi: 'VJGA', value: NaN },
      { family: FAMILY, name: 'Global intensity peak', ibsi: '0F91', value: NaN },
    ];
  }

  // Region read by the spheres, clamped to the grid; prefix sums along x of each of its rows.
  const rx0 = Math.max(0, x0 - maxHalf);
  const rx1 = Math.min(nx - 1, x1 + maxHalf);
  const ry0 = Math.max(0, y0 - maxRunY);
  const ry1 = Math.min(ny - 1, y1 + maxRunY);
  const rz0 = Math.max(0, z0 - maxRunZ);
  const rz1 = Math.min(nz - 1, z1 + maxRunZ);
  const width = rx1 - rx0 + 1;
  const stride = width + 1;
  const rows = ry1 - ry0 + 1;
  const prefix = new Float64Array(stride * rows * (rz1 - rz0 + 1));
  for (let z = rz0; z <= rz1; z++) {
    for (let y = ry0; y <= ry1; y++) {
      const source = rx0 + nx * (y + ny * z);
      const target = stride * (y - ry0 + rows * (z - rz0));
      let sum = 0;
      for (let x = 0; x < width; x++) {
        sum += image[source + x] as number;
        prefix[target + x + 1] = sum;
      }
    }
  }
  // The sphere's runs, as offsets of their ends from the centre voxel's position in its slice. Runs
  // above the centre's plane (dz > 0) are merged with their mirror images (dz < 0): for a centre
  // slice z, Q_dz = P(z + dz) + P(z − dz) holds both. Runs at ±dy (same length) are added in one go.
  const sliceSize = stride * rows;
  /** [source (0: P, 1: Q), low(+dy), high(+dy), low(−dy), high(−dy)] per run pair (dy > 0) or run. */
  const pairs: number[][] = [];
  const singles: number[][] = [];
  for (let r = 0; r < runs; r++) {
    const h = half[r] as number;
    const d = dz[r] as number;
    const y = dy[r] as number;
    if (d < 0 || y < 0) continue;
    const base = d > 0 ? (d - 1) * sliceSize : 0;
    const source = d > 0 ? 1 : 0;
    const up = base + stride * y;
    const down = base - stride * y;
    if (y === 0) singles.push([source, up - h, up + h + 1]);
    else pairs.push([source, up - h, up + h + 1, down - h, down + h + 1]);
  }
  const paired = new Float64Array(Math.max(1, maxRunZ * sliceSize));

  /** Mean over the sphere centred on grid voxel (x, y, z) when the sphere leaves the grid. */
  const clippedMean = (x: number, y: number, z: number): number => {
    const lx = x - rx0;
    const centre = stride * (y - ry0 + rows * (z - rz0));
    let sum = 0;
    let count = 0;
    for (let r = 0; r < runs; r++) {
      const qy = y + (dy[r] as number);
      const qz = z + (dz[r] as number);
      if (qy < 0 || qy >= ny || qz < 0 || qz >= nz) continue;
      const h = half[r] as number;
      const from = Math.max(0, lx - h);
      const to = Math.min(width - 1, lx + h);
      const row = centre + stride * ((dy[r] as number) + rows * (dz[r] as number));
      sum += (prefix[row + to + 1] as number) - (prefix[row + from] as number);
      count += to - from + 1;
    }
    return sum / count;
  };

  let localPeak = -Infinity;
  let globalPeak = -Infinity;
  const consider = (index: number, mean: number): void => {
    if (mean > globalPeak) globalPeak = mean;
    if ((image[index] as number) === highest && mean > localPeak) localPeak = mean;
  };
  // Sphere sums of a row's voxels accumulated run by run (a streaming inner loop).
  const sums = new Float64Array(nx);
  for (let z = z0; z <= z1; z++) {
    const zInside = z - maxRunZ >= 0 && z + maxRunZ < nz;
    const centreSlice = sliceSize * (z - rz0);
    let pairedReady = false;
    for (let y = y0; y <= y1; y++) {
      const row = nx * (y + ny * z);
      let first = x0;
      while (first <= x1 && !mask[row + first]) first++;
      if (first > x1) continue;
      let last = x1;
      while (!mask[row + last]) last--;
      // Voxels whose sphere stays inside the grid, and the others.
      const inside = zInside && y - maxRunY >= 0 && y + maxRunY < ny;
      const safeFirst = inside ? Math.max(first, maxHalf) : last + 1;
      const safeLast = inside ? Math.min(last, nx - 1 - maxHalf) : last;
      for (let x = first; x <= last; x++)
        if ((x < safeFirst || x > safeLast) && mask[row + x]) consider(row + x, clippedMean(x, y, z));
      if (safeFirst > safeLast) continue;
      if (!pairedReady) {
        for (let d = 1; d <= maxRunZ; d++) {
          const target = (d - 1) * sliceSize;
          const above = centreSlice + d * sliceSize;
          const below = centreSlice - d * sliceSize;
          for (let k = 0; k < sliceSize; k++)
            paired[target + k] = (prefix[above + k] as number) + (prefix[below + k] as number);
        }
        pairedReady = true;
      }
      // Position of voxel x of this row in its slice: rowBase + x.
      const rowBase = stride * (y - ry0) - rx0;
      sums.fill(0, safeFirst, safeLast + 1);
      for (const [source, low, high] of singles) {
        const values = source === 0 ? prefix : paired;
        const shift = (source === 0 ? centreSlice : 0) + rowBase;
        const a = shift + (high as number);
        const b = shift + (low as number);
        for (let x = safeFirst; x <= safeLast; x++)
          sums[x] = (sums[x] as number) + (values[a + x] as number) - (values[b + x] as number);
      }
      // Two run pairs per pass over the row (same additions, in the same order, as one at a time).
      let p = 0;
      for (; p + 1 < pairs.length; p += 2) {
        const [source, lowUp, highUp, lowDown, highDown] = pairs[p] as number[];
        const [source2, lowUp2, highUp2, lowDown2, highDown2] = pairs[p + 1] as number[];
        const values = source === 0 ? prefix : paired;
        const values2 = source2 === 0 ? prefix : paired;
        const shift = (source === 0 ? centreSlice : 0) + rowBase;
        const shift2 = (source2 === 0 ? centreSlice : 0) + rowBase;
        const a = shift + (highUp as number);
        const b = shift + (lowUp as number);
        const c = shift + (highDown as number);
        const d = shift + (lowDown as number);
        const e = shift2 + (highUp2 as number);
        const f = shift2 + (lowUp2 as number);
        const g = shift2 + (highDown2 as number);
        const k = shift2 + (lowDown2 as number);
        for (let x = safeFirst; x <= safeLast; x++)
          sums[x] =
            (sums[x] as number) +
            ((values[a + x] as number) - (values[b + x] as number)) +
            ((values[c + x] as number) - (values[d + x] as number)) +
            ((values2[e + x] as number) - (values2[f + x] as number)) +
            ((values2[g + x] as number) - (values2[k + x] as number));
      }
      for (; p < pairs.length; p++) {
        const [source, lowUp, highUp, lowDown, highDown] = pairs[p] as number[];
        const values = source === 0 ? prefix : paired;
        const shift = (source === 0 ? centreSlice : 0) + rowBase;
        const a = shift + (highUp as number);
        const b = shift + (lowUp as number);
        const c = shift + (highDown as number);
        const d = shift + (lowDown as number);
        for (let x = safeFirst; x <= safeLast; x++)
          sums[x] =
            (sums[x] as number) +
            ((values[a + x] as number) - (values[b + x] as number)) +
            ((values[c + x] as number) - (values[d + x] as number));
      }
      for (let x = safeFirst; x <= safeLast; x++)
        if (mask[row + x]) consider(row + x, (sums[x] as number) / fullCount);
    }
  }
  return [
    { family: FAMILY, name: 'Local intensity peak', ibsi: 'VJGA', value: localPeak },
    { family: FAMILY, name: 'Global intensity peak', ibsi: '0F91', value: globalPeak },
  ];
}
