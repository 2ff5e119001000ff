import { ImagingError } from './errors';
import type { NiftiOrientationSource } from './nifti/nifti-geometry';
import { readNifti1, type NiftiReadOptions } from './nifti/read-nifti';
import type { MaskVolume } from './volume';

/** A decoded mask, where its orientation came from, and how many voxels it has inside. */
export interface DecodedNiftiMask {
  readonly mask: MaskVolume;
  readonly orientationSource: NiftiOrientationSource;
  /** Voxels set to 1; always at least 1. */
  readonly insideVoxels: number;
}

/**
 * Decodes a NIfTI-1 segmentation (`.nii` or `.nii.gz`) into a mask on its own grid (LPS, as
 * {@link decodeNiftiImage}). Every nonzero value (after scl_slope/scl_inter) is inside: segmentation
 * tools write 0/1, 0/255 or a label number, and all mean "lesion". Beware that a mask resampled with
 * linear interpolation has fractional edges, which then count as inside: resample masks with nearest
 * neighbour.
 *
 * The mask is not checked against any image here; use {@link assertSameGrid}.
 *
 * @throws {ImagingError} `invalid-mask` for NaN or infinite values (they are neither inside nor
 *   outside), `empty-mask` when no voxel is inside, and those of {@link readNifti1}.
 */
export function decodeNiftiMask(bytes: Uint8Array, options?: NiftiReadOptions): DecodedNiftiMask {
  const contents = readNifti1(bytes, options);
  const { stored, slope, intercept, grid } = contents;
  const count = stored.length;
  const data = new Uint8Array(count);
  let inside = 0;
  let nonFinite = 0;
  let firstNonFinite = -1;
  for (let i = 0; i < count; i++) {
    const value = (stored[i] as number) * slope + intercept;
    if (value !== 0) {
      if (Number.isFinite(value)) {
        data[i] = 1;
        inside++;
      } else {
        if (nonFinite === 0) firstNonFinite = i;
        nonFinite++;
      }
    }
  }
  const [nx, ny] = grid.dims;
  if (nonFinite > 0) {
    const i = firstNonFinite % nx;
    const j = Math.floor(firstNonFinite / nx) % ny;
    const k = Math.floor(firstNonFinite / (nx * ny));
    throw new ImagingError(
      'invalid-mask',
      `The mask has ${nonFinite} voxel(s) whose value is not a number (NaN or infinite), the first at ` +
        `voxel (${i}, ${j}, ${k}). A mask must hold 0 outside and a nonzero number inside.`,
      { attribute: 'data', nonFiniteVoxels: nonFinite, firstVoxel: [i, j, k] },
    );
  }
  if (inside === 0) {
    throw new ImagingError(
      'empty-mask',
      `The mask is empty: none of its ${count} voxels is inside the region of interest. Upload the ` +
        `segmentation of the lesion.`,
      { attribute: 'data', voxels: count },
    );
  }
  return { mask: { ...grid, data }, orientationSource: contents.orientationSource, insideVoxels: inside };
}
