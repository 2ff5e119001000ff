export {
  encodeNifti1,
  gzipNifti,
  NIFTI1_HEADER_BYTES,
  NIFTI1_VOX_OFFSET,
  NIFTI_DATATYPE,
  type NiftiVolume,
} from './nifti';
export {
  DEFAULT_IMAGE_DIMS,
  DEFAULT_IMAGE_SPACING_MM,
  synthesizeBaselineImage,
  LESION_BASE_INTENSITY,
  LESION_INTENSITY_NOISE_SD,
  LESION_INTENSITY_PER_MARKER,
  LESION_TEXTURE_LOG_NOISE_SD,
  LESION_TEXTURE_LOG_SLOPE,
  LESION_TEXTURE_SD,
  SCANNER_NOISE_SD,
  type BaselineImage,
  type BaselineImageOptions,
  type Volume,
} from './lesion-volume';
export {
  encodeDicomSeries,
  EXPLICIT_VR_LITTLE_ENDIAN,
  SOP_CLASS,
  type DicomAcquisition,
  type DicomFile,
  type DicomSeriesOptions,
} from './dicom';
export {
  ACQUISITION_DEVIATIONS,
  baselineDicomSeries,
  conformingAcquisition,
  type AcquisitionDeviation,
  type BaselineDicom,
  type BaselineDicomOptions,
} from './baseline-dicom';
