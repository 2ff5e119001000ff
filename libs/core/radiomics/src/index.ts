export * from './types';
export { glcmFeatures } from './glcm';
export { glrlmFeatures } from './glrlm';
export { glszmFeatures } from './glszm';
export { gldzmFeatures } from './gldzm';
export { ngtdmFeatures } from './ngtdm';
export { ngldmFeatures } from './ngldm';
export {
  prepareRoi,
  validatePreprocessingSettings,
  MAX_GREY_LEVELS,
  type Discretisation,
  type PreprocessingSettings,
} from './preprocessing';
export { morphologyFeatures } from './morphology';
export { localIntensityFeatures } from './local-intensity';
export { intensityStatisticsFeatures } from './intensity-statistics';
export { intensityHistogramFeatures } from './intensity-histogram';
export { intensityVolumeHistogramFeatures } from './intensity-volume-histogram';
export { extractFeatures, FAMILY_EXTRACTORS, type Extraction, type ExtractionOptions } from './extract';
export {
  parsePyRadiomicsCsv,
  PyRadiomicsCsvError,
  PYRADIOMICS_TO_IBSI,
  PYRADIOMICS_UNMAPPED,
  PYRADIOMICS_DEFAULT_SETTINGS,
  ibsiAggregationOf,
  type PyRadiomicsCsv,
  type PyRadiomicsCsvOptions,
  type PyRadiomicsRow,
  type PyRadiomicsUnmappedColumn,
  type PyRadiomicsIbsiMapping,
  type PyRadiomicsSettings,
} from './pyradiomics';
