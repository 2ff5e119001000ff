import type { PreparedRoi, Vec3 } from '../types';

/**
 * Direction and slice iteration helpers shared by the direction-based texture matrices (GLCM, GLRLM),
 * following the IBSI 1 reference manual: Chebyshev distance 1, slices are planes of constant z.
 */

/**
 * The 4 unique in-slice direction vectors (x, y, z) at Chebyshev distance 1 (2D and 2.5D), as listed
 * by the IBSI manual: (1,0,0), (1,1,0), (0,1,0), (-1,1,0).
 */
export const IN_SLICE_DIRECTIONS: readonly Vec3[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [-1, 1, 0],
];

/**
 * The 9 unique direction vectors at Chebyshev distance 1 that cross slices, all with dz = 1 (the
 * manual's (0,1,-1), (1,0,-1), (1,1,-1) and (1,-1,-1) reversed: the same neighbour pairs and runs).
 */
export const CROSS_SLICE_DIRECTIONS: readonly Vec3[] = [
  [0, 0, 1],
  [0, 1, 1],
  [0, -1, 1],
  [1, 0, 1],
  [-1, 0, 1],
  [1, 1, 1],
  [-1, -1, 1],
  [1, -1, 1],
  [-1, 1, 1],
];

/**
 * The 13 unique 3D direction vectors at Chebyshev distance 1: the in-slice ones first (in the order
 * of {@link IN_SLICE_DIRECTIONS}; (-1,1,0) is the manual's (1,-1,0) reversed, the same unordered
 * neighbour pairs and the same runs), then the cross-slice ones. All point forward in raster order
 * ({@link isForward}).
 */
export const VOLUME_DIRECTIONS: readonly Vec3[] = [...IN_SLICE_DIRECTIONS, ...CROSS_SLICE_DIRECTIONS];

/**
 * The ROI's texture-relevant content cut to its bounding box and padded by one empty voxel on every
 * side (so that a unit step from any box voxel stays in the array: no bounds checks), with grey
 * levels re-coded compactly: code c (1-based) stands for grey level `levels[c - 1]`, so matrices need
 * rows only for the levels present in the ROI while features still use the actual grey levels 1..Ng.
 */
export interface TextureGrid {
  /** Size of the ROI's bounding box along x, y, z. */
  readonly dims: Vec3;
  /**
   * Size of the padded array, `dims + 2`: box voxel (x, y, z) is at index
   * `(x + 1) + px * ((y + 1) + py * (z + 1))`.
   */
  readonly paddedDims: Vec3;
  /** Code 1..levels.length of each padded-array voxel inside the ROI, 0 outside it and in the padding. */
  readonly codes: Int32Array;
  /** The grey levels present in the ROI, ascending: code c is grey level `levels[c - 1]`. */
  readonly levels: Int32Array;
  /** Ng of the discretisation (`roi.greyLevelCount`). */
  readonly greyLevelCount: number;
  /** Number of ROI voxels. */
  readonly voxelCount: number;
  /** Number of ROI voxels in each slice z of the box. */
  readonly sliceVoxelCounts: Int32Array;
}

/**
 * Crops a prepared ROI to the bounding box of its texture voxels (intensity mask set and grey level
 * ≥ 1), pads it and re-codes grey levels compactly. One pass over the mask (four voxels at a time),
 * one over the box.
 * @throws RangeError when the arrays do not match `dims` or a grey level exceeds `greyLevelCount`.
 */
export function textureGrid(roi: PreparedRoi): TextureGrid {
  const [gx, gy, gz] = roi.dims;
  const ng = roi.greyLevelCount;
  const total = gx * gy * gz;
  if (roi.levels.length !== total || roi.intensityMask.length !== total)
    throw new RangeError(`ROI arrays do not match its dimensions ${gx}×${gy}×${gz}`);
  if (!Number.isInteger(ng) || ng < 1) throw new RangeError(`Invalid grey level count ${ng}`);
  const { levels, intensityMask } = roi;

  const present = new Uint8Array(ng + 1);
  let x0 = gx;
  let y0 = gy;
  let z0 = gz;
  let x1 = -1;
  let y1 = -1;
  let z1 = -1;
  const sliceSize = gx * gy;
  const include = (index: number): void => {
    const level = levels[index] as number;
    if (level < 1) return;
    if (level > ng) throw new RangeError(`Grey level ${level} exceeds the grey level count ${ng}`);
    present[level] = 1;
    const z = Math.floor(index / sliceSize);
    const y = Math.floor((index - z * sliceSize) / gx);
    const x = index - z * sliceSize - y * gx;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  };
  // The mask is mostly empty: read it four voxels at a time where its buffer allows.
  let index = 0;
  if (intensityMask.byteOffset % 4 === 0) {
    const words = new Uint32Array(intensityMask.buffer, intensityMask.byteOffset, total >> 2);
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      for (let k = 4 * w; k < 4 * w + 4; k++) if (intensityMask[k] !== 0) include(k);
    }
    index = words.length * 4;
  }
  for (; index < total; index++) if (intensityMask[index] !== 0) include(index);

  if (x1 < 0)
    return {
      dims: [0, 0, 0],
      paddedDims: [2, 2, 2],
      codes: new Int32Array(8),
      levels: new Int32Array(0),
      greyLevelCount: ng,
      voxelCount: 0,
      sliceVoxelCounts: new Int32Array(0),
    };

  const codeOf = new Int32Array(ng + 1);
  let levelCount = 0;
  for (let level = 1; level <= ng; level++) if (present[level] === 1) codeOf[level] = ++levelCount;
  const presentLevels = new Int32Array(levelCount);
  for (let level = 1; level <= ng; level++) {
    const code = codeOf[level] as number;
    if (code > 0) presentLevels[code - 1] = level;
  }

  const nx = x1 - x0 + 1;
  const ny = y1 - y0 + 1;
  const nz = z1 - z0 + 1;
  const px = nx + 2;
  const py = ny + 2;
  const codes = new Int32Array(px * py * (nz + 2));
  const sliceVoxelCounts = new Int32Array(nz);
  let voxelCount = 0;
  for (let z = 0; z < nz; z++) {
    let inSlice = 0;
    for (let y = 0; y < ny; y++) {
      let source = x0 + gx * (y0 + y + gy * (z0 + z));
      let target = 1 + px * (y + 1 + py * (z + 1));
      for (let x = 0; x < nx; x++, source++, target++) {
        const level = levels[source] as number;
        if (level < 1 || intensityMask[source] === 0) continue;
        codes[target] = codeOf[level] as number;
        inSlice++;
      }
    }
    sliceVoxelCounts[z] = inSlice;
    voxelCount += inSlice;
  }
  return {
    dims: [nx, ny, nz],
    paddedDims: [px, py, nz + 2],
    codes,
    levels: presentLevels,
    greyLevelCount: ng,
    voxelCount,
    sliceVoxelCounts,
  };
}

/** Flat-index offset of a direction vector on a grid of size `dims` (x fastest). */
export function directionOffset(dims: Vec3, direction: Vec3): number {
  return direction[0] + dims[0] * (direction[1] + dims[1] * direction[2]);
}

/**
 * Whether `direction` points forward in raster order (dz > 0, or dz = 0 and dy > 0, or dz = dy = 0
 * and dx > 0): then the voxel one step back, `p − offset`, comes before `p` in {@link forEachRow}.
 * All of {@link VOLUME_DIRECTIONS} do.
 */
export function isForward([dx, dy, dz]: Vec3): boolean {
  return dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)));
}

/** Whether `direction` is a unit Chebyshev step: components −1, 0 or 1, not all 0. */
export function isUnitStep(direction: Vec3): boolean {
  return direction.every((d) => d === -1 || d === 0 || d === 1) && direction.some((d) => d !== 0);
}

/**
 * Streams the box of a {@link TextureGrid} row by row for direction-based texture matrices: calls
 * `visit(first, end)` for every row (constant y and z) of the box slices `zFrom ≤ z < zTo`, in raster
 * order, with `[first, end)` the `codes` indices of the row's box voxels. The neighbour of a voxel
 * along a unit step is at `index ± directionOffset(grid.paddedDims, direction)`, inside the padded
 * array (0 when outside the ROI). Reading rows in order keeps memory access sequential even for
 * cross-slice directions; one callback per row, none per voxel.
 * @throws RangeError for a slab outside the box.
 */
export function forEachRow(
  grid: TextureGrid,
  visit: (first: number, end: number) => void,
  zFrom = 0,
  zTo: number = grid.dims[2],
): void {
  const [nx, ny, nz] = grid.dims;
  const [px, py] = grid.paddedDims;
  if (zFrom < 0 || zTo > nz || zFrom > zTo) throw new RangeError(`Invalid slab ${zFrom}..${zTo}`);
  for (let z = zFrom; z < zTo; z++)
    for (let y = 0; y < ny; y++) {
      const first = 1 + px * (y + 1 + py * (z + 1));
      visit(first, first + nx);
    }
}
