/**
 * `@prospect/imaging`: decodes the baseline image a model reads — a DICOM series or a NIfTI file — and
 * its segmentation mask into volumes on a common LPS grid, checks them (series completeness, grid
 * agreement, the protocol's acquisition constraints) and hashes them. Pure: works on bytes given to it.
 */
export {
  checkAcquisition,
  type AcquisitionAttribute,
  type AcquisitionDeviation,
  type AcquisitionHeader,
  type AcquisitionProtocol,
} from './acquisition';
export { decodeDicomSeries, type DecodedDicomSeries } from './dicom/decode-series';
export type { DicomSeriesHeader } from './dicom/header';
export type { DicomInputFile, SkippedFile } from './dicom/read-file';
export { SERIES_ATTRIBUTE_TOLERANCE } from './dicom/consistency';
export { ORIENTATION_TOLERANCE, SLICE_POSITION_TOLERANCE } from './dicom/slice-geometry';
export { SUPPORTED_TRANSFER_SYNTAXES } from './dicom/transfer-syntax';
export {
  IMAGING_ERROR_CODES,
  ImagingError,
  isImagingError,
  type ImagingErrorCode,
  type ImagingErrorDetail,
  type ImagingErrorDetails,
} from './errors';
export {
  assertSameGrid,
  compareGrids,
  DEFAULT_GRID_TOLERANCE,
  type GridDifference,
  type GridTolerance,
} from './grid';
export { dicomSeriesSha256, sha256Hex } from './hash';
export { decodeNiftiMask, type DecodedNiftiMask } from './mask';
export { decodeNiftiImage, type DecodedNifti } from './nifti/decode-nifti';
export { NIFTI_ORTHOGONALITY_TOLERANCE, type NiftiOrientationSource } from './nifti/nifti-geometry';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, type NiftiReadOptions } from './nifti/read-nifti';
export {
  voxelCentre,
  voxelCount,
  type ImageGrid,
  type ImageVolume,
  type MaskVolume,
  type Vec3,
} from './volume';
