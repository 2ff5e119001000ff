/**
 * Why an image could not be used. Every code is a fault of the uploaded data (HTTP 422), never of the
 * server:
 * - `no-images`: no DICOM image among the files, or no file at all.
 * - `malformed-dicom`: a file is damaged, truncated or lacks an attribute the decoder needs.
 * - `unsupported-transfer-syntax`: a compressed or otherwise unsupported DICOM encoding.
 * - `unsupported-dicom`: a readable image this decoder does not handle (colour, multi-frame, 32-bit…).
 * - `mixed-series`: files of more than one series.
 * - `inconsistent-series`: an attribute that must be the same on every slice (rows, spacing…) differs.
 * - `duplicate-slice`: two files at the same slice position.
 * - `missing-slice`: a gap of a whole number of slices in the stack.
 * - `inconsistent-spacing`: slices that are not evenly spaced.
 * - `unsupported-geometry`: a geometry a regular grid cannot represent (gantry tilt, shear…).
 * - `malformed-nifti`: a NIfTI file that is damaged, truncated or not NIfTI at all.
 * - `unsupported-nifti`: a valid NIfTI this decoder does not handle (NIfTI-2, 4-D, complex…).
 * - `grid-mismatch`: a mask whose grid is not the image's.
 * - `empty-mask`: a mask with no voxel inside.
 * - `invalid-mask`: a mask with values that are not numbers (NaN, ±∞).
 */
export const IMAGING_ERROR_CODES = [
  'no-images',
  'malformed-dicom',
  'unsupported-transfer-syntax',
  'unsupported-dicom',
  'mixed-series',
  'inconsistent-series',
  'duplicate-slice',
  'missing-slice',
  'inconsistent-spacing',
  'unsupported-geometry',
  'malformed-nifti',
  'unsupported-nifti',
  'grid-mismatch',
  'empty-mask',
  'invalid-mask',
] as const;

/** A code from {@link IMAGING_ERROR_CODES}. */
export type ImagingErrorCode = (typeof IMAGING_ERROR_CODES)[number];

/** A JSON value, so that details can go into a problem+json response unchanged. */
export type ImagingErrorDetail =
  | string
  | number
  | boolean
  | null
  | readonly ImagingErrorDetail[]
  | { readonly [key: string]: ImagingErrorDetail };

/** Machine-readable facts behind an {@link ImagingError}; keys used across codes are typed here. */
export interface ImagingErrorDetails {
  /** Names of the files concerned (input names, or `file #n` for unnamed input, 1-based). */
  readonly files?: readonly string[];
  /** DICOM keyword or NIfTI field concerned, e.g. `PixelSpacing`, `dim`. */
  readonly attribute?: string;
  /** DICOM tag concerned, as `(gggg,eeee)`. */
  readonly dicomTag?: string;
  readonly [key: string]: ImagingErrorDetail | undefined;
}

/**
 * The one error this library throws for bad input. `message` is written for a trial coordinator
 * (what is wrong, in which file, what to do); `code` and `details` are for the API, which maps every
 * ImagingError to HTTP 422.
 */
export class ImagingError extends Error {
  override readonly name = 'ImagingError';

  constructor(
    readonly code: ImagingErrorCode,
    message: string,
    readonly details: ImagingErrorDetails = {},
  ) {
    super(message);
  }
}

/** Type guard usable across realms (Jest sandboxes, worker threads), where instanceof may fail. */
export function isImagingError(error: unknown): error is ImagingError {
  return (
    error instanceof ImagingError ||
    (error instanceof Error &&
      error.name === 'ImagingError' &&
      typeof (error as Partial<ImagingError>).code === 'string' &&
      (IMAGING_ERROR_CODES as readonly string[]).includes((error as ImagingError).code))
  );
}
