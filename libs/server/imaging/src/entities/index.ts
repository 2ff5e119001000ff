import { BaselineImageEntity } from './baseline-image.entity';
import { FeatureExtractionEntity } from './feature-extraction.entity';
import { PredictionEntity } from './prediction.entity';
import { StoredImageEntity } from './stored-image.entity';

export { BaselineImageEntity, FeatureExtractionEntity, PredictionEntity, StoredImageEntity };
export type { AcquisitionDeviationRecord, StudyCheck } from './baseline-image.entity';
export type { StoredFeature } from './feature-extraction.entity';
export type { PredictionInput } from './prediction.entity';
export { type StoredImageFile, type StoredImageFormat, type StoredImageGrid } from './stored-image.entity';

export const IMAGING_ENTITIES = [
  StoredImageEntity,
  BaselineImageEntity,
  FeatureExtractionEntity,
  PredictionEntity,
];
