export {
  encodeNifti1,
  gzipNifti,
  NIFTI1_HEADER_BYTES,
  NIFTI1_VOX_OFFSET,
  NIFTI_DATATYPE,
  type NiftiVolume,
} from './nifti';
export {
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
