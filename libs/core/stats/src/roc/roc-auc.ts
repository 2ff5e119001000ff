import { normalQuantile } from '../numeric/normal';
import { delongPlacements } from './placements';
import { sortedSample } from './sorted-sample';

/** Options of {@link rocAuc}. */
export interface RocAucOptions {
  /** Two-sided confidence level of `ci`, in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/** The empirical AUC with DeLong's variance and confidence interval. */
export interface RocAuc {
  /** Patients. */
  readonly n: number;
  /** Cases (outcome 1). */
  readonly events: number;
  /** Controls (outcome 0). */
  readonly nonEvents: number;
  /** P(case score > control score) + ½ P(tie). */
  readonly auc: number;
  /** √variance. */
  readonly se: number;
  /**
   * DeLong's variance Var(V10)/m + Var(V01)/n (sample variances, denominators m − 1 and n − 1),
   * as pROC `var(roc, method = "delong")`. NaN with a single case or a single control, where a
   * sample variance is undefined (pROC gives NA there).
   */
  readonly variance: number;
  /**
   * auc ± z·se with z the normal quantile, then clipped to [0, 1], as pROC
   * `ci.auc(roc, method = "delong")`. [NaN, NaN] when `variance` is NaN.
   */
  readonly ci: readonly [number, number];
}

/**
 * Σ (placement − mean)² over the cases and over the controls, two-pass around the known mean so
 * that small variances do not cancel.
 */
function squaredDeviationsByClass(
  placements: Float64Array,
  isCase: Uint8Array,
  mean: number,
): { cases: number; controls: number } {
  let cases = 0;
  let controls = 0;
  for (let i = 0; i < placements.length; i++) {
    const deviation = (placements[i] as number) - mean;
    if (isCase[i] === 1) cases += deviation * deviation;
    else controls += deviation * deviation;
  }
  return { cases, controls };
}

/** Throws unless the confidence level is strictly between 0 and 1; returns it. */
function validConfidence(confidence: number, caller: string): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${caller}: confidence must be in (0, 1), got ${confidence}`);
  }
  return confidence;
}

/**
 * Empirical ROC AUC with DeLong's (1988) variance, computed by Sun & Xu's (2014) midrank
 * algorithm (O(n log n) with a comparison sort; O(n) here, the one sort being a radix sort), and its
 * normal confidence interval.
 *
 * Direction is fixed: a higher score means outcome 1 is more likely (pROC `levels = c(0, 1)`,
 * `direction = "<"`). The AUC is never flipped to 1 − AUC for a model that ranks backwards;
 * pROC does flip unless given `direction`, so comparisons with pROC must pass it explicitly.
 *
 * @throws {RangeError} when lengths differ, a score is not finite, an outcome is not 0 or 1,
 *   there is no case or no control, or the confidence level is outside (0, 1).
 */
export function rocAuc(
  scores: readonly number[],
  outcomes: readonly (0 | 1)[],
  options: RocAucOptions = {},
): RocAuc {
  const confidence = validConfidence(options.confidence ?? 0.95, 'rocAuc');
  const sample = sortedSample(scores, outcomes, 'rocAuc');
  const { auc, placements } = delongPlacements(sample);
  const events = sample.caseCount;
  const nonEvents = sample.controlCount;
  let variance = NaN;
  if (events > 1 && nonEvents > 1) {
    const sums = squaredDeviationsByClass(placements, sample.isCase, auc);
    variance = sums.cases / (events - 1) / events + sums.controls / (nonEvents - 1) / nonEvents;
  }
  const se = Math.sqrt(variance);
  const alpha = 1 - confidence;
  // auc + se·Φ⁻¹(α/2) rather than auc − se·Φ⁻¹(1 − α/2): R's qnorm(p, mean, sd) form, same bits.
  const clip = (value: number): number => Math.min(1, Math.max(0, value));
  const ci: readonly [number, number] = Number.isNaN(se)
    ? [NaN, NaN]
    : [clip(auc + se * normalQuantile(alpha / 2)), clip(auc + se * normalQuantile(1 - alpha / 2))];
  return { n: scores.length, events, nonEvents, auc, se, variance, ci };
}
