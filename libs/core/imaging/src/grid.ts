import { formatDims, formatMm, formatNumber, formatVector } from './format';
import { ImagingError } from './errors';
import type { ImageGrid } from './volume';

/**
 * How close two grids must be to count as the same. Masks are usually saved by another tool than the
 * image (float32 NIfTI, decimal-string DICOM), so exact equality would refuse correct pairs.
 */
export interface GridTolerance {
  /** Largest relative difference of a voxel size: |a − b| / a. */
  readonly spacingRelative: number;
  /** Largest distance between the origins, as a fraction of the smallest voxel size of the reference. */
  readonly originVoxelFraction: number;
  /** Largest absolute difference of any direction cosine. */
  readonly directionCosine: number;
}

/**
 * 1e-4 relative spacing (0.05 µm on a 0.5 mm voxel), a thousandth of a voxel of origin, 1e-4 in
 * direction cosines (0.006°): far tighter than anything visible, far looser than float32 rounding.
 */
export const DEFAULT_GRID_TOLERANCE: GridTolerance = {
  spacingRelative: 1e-4,
  originVoxelFraction: 1e-3,
  directionCosine: 1e-4,
};

/** One way in which two grids differ. */
export interface GridDifference {
  readonly attribute: 'dims' | 'spacingMm' | 'origin' | 'direction';
  /** The reference grid's value (the image's). */
  readonly expected: readonly number[];
  /** The other grid's value (the mask's). */
  readonly found: readonly number[];
  /** The largest difference found: per axis for spacing (relative), mm for origin, cosine for direction. */
  readonly difference: number;
  /** The tolerance the difference exceeded, in the same unit; 0 for dims (which must be equal). */
  readonly tolerance: number;
  readonly message: string;
}

/**
 * How `other` differs from `reference`: dims (exactly), spacing, origin and direction (within
 * `tolerance`). Empty when the grids are the same. Voxel (i, j, k) of one is then voxel (i, j, k) of
 * the other; a grid that covers the same space in another voxel order (flipped, permuted) differs.
 */
export function compareGrids(
  reference: ImageGrid,
  other: ImageGrid,
  tolerance: GridTolerance = DEFAULT_GRID_TOLERANCE,
  labels: { reference: string; other: string } = { reference: 'image', other: 'mask' },
): GridDifference[] {
  const differences: GridDifference[] = [];
  const pair = (a: string, b: string) => `${labels.reference} ${a}, ${labels.other} ${b}`;

  if (!reference.dims.every((n, axis) => n === other.dims[axis])) {
    differences.push({
      attribute: 'dims',
      expected: [...reference.dims],
      found: [...other.dims],
      difference: Math.max(...reference.dims.map((n, axis) => Math.abs(n - (other.dims[axis] ?? 0)))),
      tolerance: 0,
      message: `size in voxels differs: ${pair(formatDims(reference.dims), formatDims(other.dims))}`,
    });
  }

  const spacingDifference = Math.max(
    ...reference.spacingMm.map((s, axis) => Math.abs(s - (other.spacingMm[axis] ?? Number.NaN)) / s),
  );
  if (!(spacingDifference <= tolerance.spacingRelative)) {
    differences.push({
      attribute: 'spacingMm',
      expected: [...reference.spacingMm],
      found: [...other.spacingMm],
      difference: spacingDifference,
      tolerance: tolerance.spacingRelative,
      message:
        `voxel size differs: ${pair(formatVector(reference.spacingMm), formatVector(other.spacingMm))} mm ` +
        `(relative difference ${formatNumber(spacingDifference)}, tolerance ${tolerance.spacingRelative})`,
    });
  }

  const originTolerance = tolerance.originVoxelFraction * Math.min(...reference.spacingMm);
  const originDistance = Math.hypot(
    ...reference.origin.map((value, axis) => value - (other.origin[axis] ?? Number.NaN)),
  );
  if (!(originDistance <= originTolerance)) {
    differences.push({
      attribute: 'origin',
      expected: [...reference.origin],
      found: [...other.origin],
      difference: originDistance,
      tolerance: originTolerance,
      message:
        `position differs by ${formatMm(originDistance)} mm: first voxel of the ` +
        `${pair(`at ${formatVector(reference.origin)}`, `at ${formatVector(other.origin)}`)} ` +
        `(LPS mm, tolerance ${formatNumber(originTolerance)} mm)`,
    });
  }

  const directionDifference = Math.max(
    ...reference.direction.map((value, index) => Math.abs(value - (other.direction[index] ?? Number.NaN))),
  );
  if (
    other.direction.length !== reference.direction.length ||
    !(directionDifference <= tolerance.directionCosine)
  ) {
    differences.push({
      attribute: 'direction',
      expected: [...reference.direction],
      found: [...other.direction],
      difference: directionDifference,
      tolerance: tolerance.directionCosine,
      message:
        `orientation differs: direction cosines ${pair(
          formatVector(reference.direction),
          formatVector(other.direction),
        )} (largest difference ${formatNumber(directionDifference)}, tolerance ` +
        `${tolerance.directionCosine}); the ${labels.other} may be flipped or rotated relative to the ` +
        `${labels.reference}`,
    });
  }
  return differences;
}

/**
 * Throws unless `mask` lies on the same grid as `image`; see {@link compareGrids}.
 *
 * @throws {ImagingError} `grid-mismatch`, whose message lists every difference with both values and
 *   the tolerance, and whose details carry them as {@link GridDifference}s.
 */
export function assertSameGrid(
  image: ImageGrid,
  mask: ImageGrid,
  tolerance: GridTolerance = DEFAULT_GRID_TOLERANCE,
): void {
  const differences = compareGrids(image, mask, tolerance);
  if (differences.length === 0) return;
  throw new ImagingError(
    'grid-mismatch',
    `The mask does not lie on the image's voxel grid: ${differences
      .map((difference) => difference.message)
      .join('; ')}. Export the mask on the grid of this image (same size, voxel size, position and ` +
      `orientation).`,
    {
      attribute: 'grid',
      differences: differences.map((difference) => ({
        attribute: difference.attribute,
        expected: [...difference.expected],
        found: [...difference.found],
        difference: difference.difference,
        tolerance: difference.tolerance,
      })),
    },
  );
}
