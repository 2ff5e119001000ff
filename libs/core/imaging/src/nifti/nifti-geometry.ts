import { formatNumber } from '../format';
import { ImagingError } from '../errors';
import { directionFromAxes, dot, norm, unit, withoutNegativeZero } from '../math';
import type { ImageGrid, Vec3 } from '../volume';

/**
 * Which NIfTI-1 orientation the grid came from (nifti1.h "methods"):
 * - `sform`: sform_code > 0 — the general affine srow_x/y/z (method 3);
 * - `qform`: else qform_code > 0 — quaternion, qfac, pixdim and qoffset (method 2);
 * - `pixdim`: neither — pixdim scaling only, origin at 0 (method 1, ANALYZE 7.5 compatibility). The
 *   orientation is then unknown and taken as the identity in RAS; callers that need a trustworthy
 *   position should refuse it.
 *
 * The sform is preferred because it is what most tools (nibabel, ITK, dcm2niix) write as the
 * authoritative transform and what they read first.
 */
export type NiftiOrientationSource = 'sform' | 'qform' | 'pixdim';

/** The header fields that define a NIfTI-1 grid, as stored. */
export interface NiftiGeometryFields {
  /** dim[1..3]. */
  readonly dims: Vec3;
  /** pixdim[0..3]; pixdim[0] is qfac (−1 or 1; 0 is read as 1). */
  readonly pixdim: readonly [number, number, number, number];
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quaternion: Vec3;
  readonly qoffset: Vec3;
  /** srow_x, srow_y, srow_z: 3 rows of 4. */
  readonly srow: readonly [readonly number[], readonly number[], readonly number[]];
  /** xyzt_units & 7: 0 unknown, 1 metre, 2 mm, 3 micron. */
  readonly spatialUnits: number;
}

/** How far the affine's axes may be from perpendicular (cosine of the angle) to count as a grid. */
export const NIFTI_ORTHOGONALITY_TOLERANCE = 1e-4;

const MM_PER_UNIT: Readonly<Record<number, number>> = { 0: 1, 1: 1000, 2: 1, 3: 0.001 };

/**
 * The grid of a NIfTI-1 file in LPS millimetres.
 *
 * NIfTI world coordinates are RAS (x towards Right, y Anterior, z Superior); DICOM's are LPS, so the
 * first two rows of the affine change sign. Spatial units of metres or microns are converted to mm;
 * unknown units are taken as mm (what every tool assumes). Spacing is the length of each affine column
 * and direction the column over its length; the columns must be perpendicular (a sheared affine is not
 * a regular grid).
 *
 * @throws {ImagingError} `malformed-nifti` for non-finite or zero-length axes, non-positive pixdim
 *   where it is used, or unknown units; `unsupported-nifti` for a sheared affine.
 */
export function niftiGrid(fields: NiftiGeometryFields): { grid: ImageGrid; source: NiftiOrientationSource } {
  const toMm = MM_PER_UNIT[fields.spatialUnits];
  if (toMm === undefined) {
    throw malformed(
      `xyzt_units says the spatial unit is code ${fields.spatialUnits}, which is not a length`,
      {
        attribute: 'xyzt_units',
      },
    );
  }
  const { source, axes, offset } = rasAffine(fields);
  const lps = (v: Vec3): Vec3 => [-v[0] * toMm, -v[1] * toMm, v[2] * toMm];
  const columns = axes.map(lps) as [Vec3, Vec3, Vec3];
  const spacing = columns.map(norm);
  columns.forEach((column, axis) => {
    if (!column.every(Number.isFinite) || !((spacing[axis] ?? 0) > 0)) {
      throw malformed(
        `the ${source} gives axis ${'ijk'[axis]} the vector ${column.map((v) => formatNumber(v)).join(', ')}, ` +
          `which has no length or direction`,
        { attribute: source },
      );
    }
  });
  const [si, sj, sk] = spacing as [number, number, number];
  const [ci, cj, ck] = columns;
  const ui = unit(ci);
  const uj = unit(cj);
  const uk = unit(ck);
  const worstCosine = Math.max(Math.abs(dot(ui, uj)), Math.abs(dot(ui, uk)), Math.abs(dot(uj, uk)));
  if (worstCosine > NIFTI_ORTHOGONALITY_TOLERANCE) {
    throw new ImagingError(
      'unsupported-nifti',
      `The NIfTI ${source} is sheared (its axes are not perpendicular: largest cosine ` +
        `${formatNumber(worstCosine)}, tolerance ${NIFTI_ORTHOGONALITY_TOLERANCE}), so its voxels do ` +
        `not form a regular grid. Resample the image to a regular grid first.`,
      { attribute: source, largestCosine: worstCosine },
    );
  }
  const origin = lps(offset);
  return {
    source,
    grid: {
      dims: fields.dims,
      spacingMm: [si, sj, sk],
      origin: [
        withoutNegativeZero(origin[0]),
        withoutNegativeZero(origin[1]),
        withoutNegativeZero(origin[2]),
      ],
      direction: directionFromAxes(ui, uj, uk),
    },
  };
}

/** The voxel-to-RAS affine as three axis vectors (scaled) and an offset, per the chosen method. */
function rasAffine(fields: NiftiGeometryFields): {
  source: NiftiOrientationSource;
  axes: [Vec3, Vec3, Vec3];
  offset: Vec3;
} {
  if (fields.sformCode > 0) {
    const [x, y, z] = fields.srow;
    const entry = (row: readonly number[], column: number) => row[column] ?? Number.NaN;
    const axis = (column: number): Vec3 => [entry(x, column), entry(y, column), entry(z, column)];
    return { source: 'sform', axes: [axis(0), axis(1), axis(2)], offset: axis(3) };
  }
  const [pixdim0, dx, dy, dz] = fields.pixdim;
  for (const [index, value] of [dx, dy, dz].entries()) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw malformed(`pixdim[${index + 1}] is ${value}; voxel sizes must be positive`, {
        attribute: 'pixdim',
      });
    }
  }
  if (fields.qformCode > 0) {
    const rotation = quaternionToRotation(fields.quaternion);
    // nifti1.h: qfac is pixdim[0] and must be −1 or 1; 0 (old writers) means 1.
    const qfac = pixdim0 < 0 ? -1 : 1;
    const column = (index: 0 | 1 | 2, size: number): Vec3 => [
      rotation[0][index] * size,
      rotation[1][index] * size,
      rotation[2][index] * size,
    ];
    return {
      source: 'qform',
      axes: [column(0, dx), column(1, dy), column(2, dz * qfac)],
      offset: fields.qoffset,
    };
  }
  return {
    source: 'pixdim',
    axes: [
      [dx, 0, 0],
      [0, dy, 0],
      [0, 0, dz],
    ],
    offset: [0, 0, 0],
  };
}

/**
 * The rotation matrix of the quaternion (a, b, c, d) with b, c, d stored and a = √(1 − b² − c² − d²),
 * as nifti1_io.c `nifti_quatern_to_mat44`: when b² + c² + d² ≥ 1 (rounding), a is 0 and (b, c, d) is
 * normalised.
 */
export function quaternionToRotation(quaternion: Vec3): [Vec3, Vec3, Vec3] {
  let [b, c, d] = quaternion;
  const sum = b * b + c * c + d * d;
  let a = 1 - sum;
  if (a < 1e-7) {
    const normaliser = 1 / Math.sqrt(sum);
    b *= normaliser;
    c *= normaliser;
    d *= normaliser;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
}

function malformed(reason: string, details: { attribute: string }): ImagingError {
  return new ImagingError('malformed-nifti', `The NIfTI file's orientation is invalid: ${reason}.`, details);
}
