import { clopperPearsonInterval } from './clopper-pearson-interval';
import { wilsonInterval } from './wilson-interval';

/** Counts of the 2×2 table at one threshold. */
export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * A proportion with its Wilson score and Clopper-Pearson exact intervals. All three are null when
 * the denominator is 0 (e.g. PPV when nothing is called positive): there is nothing to estimate.
 */
export interface ProportionEstimate {
  readonly estimate: number | null;
  readonly wilson: [number, number] | null;
  readonly clopperPearson: [number, number] | null;
}

export interface ClassificationAtThreshold {
  readonly confusion: ConfusionCounts;
  /** TP / (TP + FN). */
  readonly sensitivity: ProportionEstimate;
  /** TN / (TN + FP). */
  readonly specificity: ProportionEstimate;
  /** Positive predictive value TP / (TP + FP). */
  readonly ppv: ProportionEstimate;
  /** Negative predictive value TN / (TN + FN). */
  readonly npv: ProportionEstimate;
}

function proportion(successes: number, trials: number, confidence: number): ProportionEstimate {
  if (trials === 0) return { estimate: null, wilson: null, clopperPearson: null };
  return {
    estimate: successes / trials,
    wilson: wilsonInterval(successes, trials, confidence),
    clopperPearson: clopperPearsonInterval(successes, trials, confidence),
  };
}

/**
 * Sensitivity, specificity, PPV and NPV of a score dichotomised at `threshold`, each with Wilson
 * and Clopper-Pearson intervals. A case is predicted positive when `score >= threshold`, the rule
 * the platform uses when it locks a model's operating point, so a score equal to the threshold
 * counts as positive here too.
 *
 * PPV and NPV are taken at the sample's prevalence: they transfer to another population only if
 * its prevalence is the same.
 *
 * @param scores model scores (any scale), one per case, finite
 * @param outcomes observed outcomes, 1 = event and 0 = no event, aligned with `scores`
 * @param threshold the locked operating point
 * @param confidence two-sided confidence level for all intervals, 0.95 by default
 */
export function classificationAtThreshold(
  scores: readonly number[],
  outcomes: readonly number[],
  threshold: number,
  confidence = 0.95,
): ClassificationAtThreshold {
  if (scores.length !== outcomes.length) {
    throw new RangeError(
      `classificationAtThreshold: ${scores.length} scores but ${outcomes.length} outcomes`,
    );
  }
  if (!Number.isFinite(threshold)) {
    throw new RangeError(`classificationAtThreshold: threshold must be finite, got ${threshold}`);
  }
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index] as number;
    const outcome = outcomes[index] as number;
    if (!Number.isFinite(score)) {
      throw new RangeError(`classificationAtThreshold: score ${index} is not finite (${score})`);
    }
    if (outcome !== 0 && outcome !== 1) {
      throw new RangeError(`classificationAtThreshold: outcome ${index} must be 0 or 1, got ${outcome}`);
    }
    const predictedPositive = score >= threshold;
    if (outcome === 1) {
      if (predictedPositive) tp++;
      else fn++;
    } else if (predictedPositive) fp++;
    else tn++;
  }
  return {
    confusion: { tp, fp, tn, fn },
    sensitivity: proportion(tp, tp + fn, confidence),
    specificity: proportion(tn, tn + fp, confidence),
    ppv: proportion(tp, tp + fp, confidence),
    npv: proportion(tn, tn + fn, confidence),
  };
}
