export * from './entities';
export { ImagingModule } from './imaging.module';
export {
  BaselineImageService,
  type BaselineImageUpload,
  type BaselineImageView,
  type UploadedImageFile,
} from './baseline-image.service';
export {
  BASELINE_PREDICTION_JOB,
  PredictionService,
  preprocessingSettings,
  RADIOMICS_SOFTWARE,
  type PredictionOutcome,
  type PredictionView,
} from './prediction.service';
