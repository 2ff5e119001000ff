export {
  logisticRegression,
  type LogisticRegressionFit,
  type LogisticRegressionOptions,
} from './logistic-regression';
export {
  calibration,
  type CalibrationCoefficient,
  type CalibrationOptions,
  type CalibrationResult,
} from './calibration';
export {
  smoothedCalibrationCurve,
  type CalibrationCurvePoint,
  type SmoothedCalibrationCurve,
  type SmoothedCalibrationCurveOptions,
} from './smoothed-calibration-curve';
export { lowess } from './lowess';
