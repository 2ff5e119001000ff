/**
 * How accurately the model classifies responders (the positive class), and how common they are:
 * each a proportion in [0, 1], typically the trial's observed sensitivity, specificity and
 * prevalence at the locked decision threshold.
 */
export interface ClassificationAccuracy {
  readonly sensitivity: number;
  readonly specificity: number;
  readonly prevalence: number;
}

/** The share of patients in each cell of the 2×2 table of true class by predicted class. */
export interface CellProbabilities {
  /** Responder predicted responder: prevalence · sensitivity. */
  readonly truePositive: number;
  /** Responder predicted non-responder: prevalence · (1 − sensitivity). */
  readonly falseNegative: number;
  /** Non-responder predicted non-responder: (1 − prevalence) · specificity. */
  readonly trueNegative: number;
  /** Non-responder predicted responder: (1 − prevalence) · (1 − specificity). */
  readonly falsePositive: number;
}

/**
 * The expected share of patients in each cell of the confusion matrix, positive = responder.
 * The four shares sum to 1.
 *
 * @throws {RangeError} when sensitivity, specificity or prevalence is not in [0, 1]
 */
export function cellProbabilities(accuracy: ClassificationAccuracy): CellProbabilities {
  for (const key of ['sensitivity', 'specificity', 'prevalence'] as const) {
    const value = accuracy[key];
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`cellProbabilities: ${key} must be in [0, 1], got ${value}`);
    }
  }
  const { sensitivity, specificity, prevalence } = accuracy;
  return {
    truePositive: prevalence * sensitivity,
    falseNegative: prevalence * (1 - sensitivity),
    trueNegative: (1 - prevalence) * specificity,
    falsePositive: (1 - prevalence) * (1 - specificity),
  };
}
