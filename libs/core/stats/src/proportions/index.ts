export { wilsonInterval } from './wilson-interval';
export { clopperPearsonInterval } from './clopper-pearson-interval';
export {
  classificationAtThreshold,
  type ClassificationAtThreshold,
  type ConfusionCounts,
  type ProportionEstimate,
} from './classification-at-threshold';
