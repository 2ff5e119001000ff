import type { PreparedRoi } from '../types';

/**
 * The ROI cut out of its grid: the bounding box of the intensity mask (and, when asked, of the
 * morphological mask too), padded by one empty voxel on every side so that neighbour look-ups need no
 * bounds checks. Index `x + nx * (y + ny * z)` in the padded box, x fastest, as in {@link PreparedRoi}.
 */
export interface CroppedRoi {
  /** Padded box size along x, y, z (each at least 3). */
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Grey level 1..levelCount inside the intensity mask, 0 outside it and in the padding. */
  readonly levels: Int32Array;
  /** 1 inside the morphological mask, 0 elsewhere; only when asked for. */
  readonly morphology: Uint8Array | undefined;
  /** Padded-box indices of the intensity-mask voxels, in raster order (so grouped by slice). */
  readonly voxels: Int32Array;
  /** `voxels` of padded slice z are `voxels[sliceStarts[z] .. sliceStarts[z + 1])`; length nz + 1. */
  readonly sliceStarts: Int32Array;
  /** Largest grey level that can occur: the discretisation's Ng (or a larger level found in the ROI). */
  readonly levelCount: number;
}

/**
 * Crops `roi` to the bounding box of its intensity mask (a voxel belongs to it when the mask is set
 * and its level is at least 1), or of the union with the morphological mask when
 * `withMorphology` is set. One pass over the whole grid, one over the box; no per-voxel objects.
 */
export function cropRoi(roi: PreparedRoi, withMorphology = false): CroppedRoi {
  const [gx, gy, gz] = roi.dims;
  const total = gx * gy * gz;
  if (
    roi.levels.length !== total ||
    roi.intensityMask.length !== total ||
    (withMorphology && roi.morphologicalMask.length !== total)
  )
    throw new RangeError(`ROI arrays do not match its dimensions ${gx}×${gy}×${gz}`);
  const { levels, intensityMask } = roi;
  const morphologicalMask = withMorphology ? roi.morphologicalMask : undefined;

  const box = { x0: gx, y0: gy, z0: gz, x1: -1, y1: -1, z1: -1 };
  growBoundingBox(box, intensityMask, gx, gy);
  if (morphologicalMask) growBoundingBox(box, morphologicalMask, gx, gy);
  const { x0, y0, z0, x1, y1, z1 } = box;

  if (x1 < 0) {
    // Empty ROI: a 3×3×3 box of padding.
    return {
      nx: 3,
      ny: 3,
      nz: 3,
      levels: new Int32Array(27),
      morphology: withMorphology ? new Uint8Array(27) : undefined,
      voxels: new Int32Array(0),
      sliceStarts: new Int32Array(4),
      levelCount: Math.max(roi.greyLevelCount, 0),
    };
  }

  const nx = x1 - x0 + 3;
  const ny = y1 - y0 + 3;
  const nz = z1 - z0 + 3;
  const cropped = new Int32Array(nx * ny * nz);
  copyBox(levels, intensityMask, cropped, box, gx, gy, nx, ny);
  let morphology: Uint8Array | undefined;
  if (morphologicalMask) {
    morphology = new Uint8Array(nx * ny * nz);
    copyBox(morphologicalMask, morphologicalMask, morphology, box, gx, gy, nx, ny);
  }
  const { voxels, sliceStarts, maxLevel } = listVoxels(cropped, nx * ny, nz);
  return {
    nx,
    ny,
    nz,
    levels: cropped,
    morphology,
    voxels,
    sliceStarts,
    levelCount: Math.max(roi.greyLevelCount, maxLevel),
  };
}

/**
 * Copies `source` where `mask` is set and the value is positive (0 elsewhere) from the box of the
 * gx × gy grid into `target`, a box of nx × ny with one voxel of padding.
 */
function copyBox<T extends Int32Array | Uint8Array>(
  source: T,
  mask: Uint8Array,
  target: T,
  box: BoundingBox,
  gx: number,
  gy: number,
  nx: number,
  ny: number,
): void {
  const width = box.x1 - box.x0 + 1;
  for (let z = box.z0; z <= box.z1; z++)
    for (let y = box.y0; y <= box.y1; y++) {
      const from = box.x0 + gx * (y + gy * z);
      const to = 1 + nx * (y - box.y0 + 1 + ny * (z - box.z0 + 1));
      for (let x = 0; x < width; x++) {
        const value = source[from + x] as number;
        if (value > 0 && mask[from + x]) target[to + x] = value;
      }
    }
}

/** The indices of the positive voxels of the box, in raster order, with their slice starts and maximum. */
function listVoxels(levels: Int32Array, plane: number, nz: number) {
  let count = 0;
  let maxLevel = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as number;
    if (level > 0) {
      count++;
      if (level > maxLevel) maxLevel = level;
    }
  }
  const voxels = new Int32Array(count);
  const sliceStarts = new Int32Array(nz + 1);
  let next = 0;
  for (let z = 0; z < nz; z++) {
    sliceStarts[z] = next;
    const end = plane * (z + 1);
    for (let i = plane * z; i < end; i++) if ((levels[i] as number) > 0) voxels[next++] = i;
  }
  sliceStarts[nz] = next;
  return { voxels, sliceStarts, maxLevel };
}

interface BoundingBox {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
}

/**
 * Grows `box` (inclusive voxel bounds) to hold every set voxel of `mask` on a grid gx × gy × …. The
 * grid is mostly empty (a 1 M-voxel ROI in a 52 M-voxel volume), so it is scanned row by row, four
 * bytes at a time where the rows are 4-byte aligned, and only a row's first and last set bytes are
 * looked for.
 */
function growBoundingBox(box: BoundingBox, mask: Uint8Array, gx: number, gy: number): void {
  const rows = mask.length / gx;
  const aligned = mask.byteOffset % 4 === 0 && gx % 4 === 0;
  const words = aligned ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >>> 2) : undefined;
  const wordsPerRow = gx >>> 2;
  for (let row = 0; row < rows; row++) {
    const start = row * gx;
    let first = -1;
    if (words) {
      const end = (row + 1) * wordsPerRow;
      for (let w = row * wordsPerRow; w < end; w++)
        if (words[w] !== 0) {
          first = 4 * w;
          break;
        }
      if (first < 0) continue;
    } else first = start;
    let x = first - start;
    while (x < gx && !mask[start + x]) x++;
    if (x === gx) continue;
    let last = gx - 1;
    while (!mask[start + last]) last--;
    const y = row % gy;
    const z = (row - y) / gy;
    if (x < box.x0) box.x0 = x;
    if (last > box.x1) box.x1 = last;
    if (y < box.y0) box.y0 = y;
    if (y > box.y1) box.y1 = y;
    if (z < box.z0) box.z0 = z;
    if (z > box.z1) box.z1 = z;
  }
}

/**
 * The Chebyshev-distance-1 neighbourhood (with the centre) as rows of three voxels along x: the
 * offsets of the rows' middle voxels, 3 in-plane rows for 2D, 9 for 3D.
 */
export function rowOffsets(nx: number, ny: number, threeD: boolean): Int32Array {
  const offsets: number[] = [];
  for (let dz = threeD ? -1 : 0; dz <= (threeD ? 1 : 0); dz++)
    for (let dy = -1; dy <= 1; dy++) offsets.push(nx * (dy + ny * dz));
  return Int32Array.from(offsets);
}

/** Indices into the 3D {@link rowOffsets} of the rows in the slices above and below. */
export const CROSS_PLANE_ROWS: readonly number[] = [0, 1, 2, 6, 7, 8];

interface CacheEntry {
  readonly key: readonly unknown[];
  readonly cropped: CroppedRoi;
}
const crops = new WeakMap<PreparedRoi, CacheEntry>();

/**
 * {@link cropRoi} with the morphological mask, computed once per PreparedRoi object and shared by
 * the GLSZM, GLDZM, NGTDM and NGLDM (the full-grid scan is the costliest step on a large volume). A
 * PreparedRoi is treated as immutable, as its readonly type says: replacing any of its arrays, dims
 * or Ng (even in the same object) recomputes the crop, but writing into its arrays in place after a
 * feature computation is not detected.
 */
export function sharedCrop(roi: PreparedRoi): CroppedRoi {
  const key = [roi.levels, roi.intensityMask, roi.morphologicalMask, roi.greyLevelCount, ...roi.dims];
  const cached = crops.get(roi);
  if (cached && cached.key.length === key.length && cached.key.every((value, i) => value === key[i]))
    return cached.cropped;
  const cropped = cropRoi(roi, true);
  crops.set(roi, { key, cropped });
  return cropped;
}
