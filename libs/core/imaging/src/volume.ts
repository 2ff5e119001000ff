/** A vector or triple of world or grid values: x, y, z (or i, j, k). */
export type Vec3 = readonly [number, number, number];

/**
 * A regular 3-D grid of voxels, x fastest: voxel (i, j, k) is `data[i + nx * (j + ny * k)]`.
 *
 * World coordinates are DICOM patient coordinates: LPS (x towards the patient's Left, y towards
 * Posterior, z towards Superior), in millimetres. A NIfTI file (RAS) is converted on reading, so the
 * same acquisition gives the same grid whether it arrived as DICOM or NIfTI.
 *
 * The centre of voxel (i, j, k) is at `origin + direction · diag(spacingMm) · [i, j, k]ᵀ`; see
 * {@link voxelCentre}.
 */
export interface ImageGrid {
  /** Voxels along i, j, k. For DICOM: columns, rows, slices. Positive integers. */
  readonly dims: Vec3;
  /** Distance in mm between neighbouring voxel centres along i, j, k. Positive. */
  readonly spacingMm: Vec3;
  /** World position (LPS, mm) of the centre of voxel (0, 0, 0). */
  readonly origin: Vec3;
  /**
   * Direction cosines as a row-major 3×3 matrix (9 numbers) whose COLUMNS are the unit vectors, in
   * LPS, of the voxel axes: axis i points along `(direction[0], direction[3], direction[6])`, axis j
   * along `(direction[1], direction[4], direction[7])`, axis k along `(direction[2], direction[5],
   * direction[8])`. This is ITK's convention (SimpleITK `GetDirection()` returns the same nine numbers).
   */
  readonly direction: readonly number[];
}

/** An image: a grid and one value per voxel, after any rescale (DICOM modality LUT, NIfTI scl_*). */
export interface ImageVolume extends ImageGrid {
  readonly data: Float32Array;
}

/** A region of interest on a grid: 1 inside, 0 outside. */
export interface MaskVolume extends ImageGrid {
  readonly data: Uint8Array;
}

/** Number of voxels of a grid: nx·ny·nz. */
export function voxelCount(grid: Pick<ImageGrid, 'dims'>): number {
  const [nx, ny, nz] = grid.dims;
  return nx * ny * nz;
}

/**
 * World position (LPS, mm) of the centre of voxel (i, j, k); fractional indices are allowed.
 *
 * @example voxelCentre(grid, 0, 0, 0) // equals grid.origin
 */
export function voxelCentre(grid: ImageGrid, i: number, j: number, k: number): Vec3 {
  const [sx, sy, sz] = grid.spacingMm;
  const [ox, oy, oz] = grid.origin;
  const d = grid.direction;
  const u = i * sx;
  const v = j * sy;
  const w = k * sz;
  return [
    ox + at(d, 0) * u + at(d, 1) * v + at(d, 2) * w,
    oy + at(d, 3) * u + at(d, 4) * v + at(d, 5) * w,
    oz + at(d, 6) * u + at(d, 7) * v + at(d, 8) * w,
  ];
}

function at(values: readonly number[], index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`direction must have 9 numbers, got ${values.length}`);
  return value;
}
