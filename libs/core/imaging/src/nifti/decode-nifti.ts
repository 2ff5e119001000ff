import type { ImageVolume } from '../volume';
import type { NiftiOrientationSource } from './nifti-geometry';
import { readNifti1, type NiftiReadOptions } from './read-nifti';

/** A decoded NIfTI image and where its orientation came from. */
export interface DecodedNifti {
  readonly volume: ImageVolume;
  /** See {@link NiftiOrientationSource}; `pixdim` means the position in space is not known. */
  readonly orientationSource: NiftiOrientationSource;
  /** The stored datatype, e.g. `int16`, before scaling to Float32. */
  readonly datatype: string;
}

/**
 * Decodes a single-file NIfTI-1 image (`.nii` or `.nii.gz`) into a volume in LPS coordinates, with
 * scl_slope/scl_inter applied (slope 0 means no scaling, per nifti1.h), as Float32 (float64 data
 * lose precision beyond 7 significant digits, below any imaging measurement's).
 *
 * A DICOM series and a NIfTI of the same voxels written by dcm2niix-style converters decode to the
 * same grid; no reorientation or resampling is done, so voxel order follows the file.
 *
 * @throws {ImagingError} `malformed-nifti`, `unsupported-nifti`; see {@link readNifti1}.
 */
export function decodeNiftiImage(bytes: Uint8Array, options?: NiftiReadOptions): DecodedNifti {
  const contents = readNifti1(bytes, options);
  const { stored, slope, intercept } = contents;
  const count = stored.length;
  const data = new Float32Array(count);
  if (slope === 1 && intercept === 0) {
    data.set(stored);
  } else {
    for (let i = 0; i < count; i++) data[i] = (stored[i] as number) * slope + intercept;
  }
  return {
    volume: { ...contents.grid, data },
    orientationSource: contents.orientationSource,
    datatype: contents.datatype,
  };
}
