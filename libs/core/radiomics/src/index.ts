export * from './types';
export { glcmFeatures } from './glcm';
export { glrlmFeatures } from './glrlm';
export { glszmFeatures } from './glszm';
export { gldzmFeatures } from './gldzm';
export { ngtdmFeatures } from './ngtdm';
export { ngldmFeatures } from './ngldm';
