import { sortedSample } from './sorted-sample';

/** One operating point of an empirical ROC curve. */
export interface RocPoint {
  /** A patient is called positive when score ≥ threshold. */
  readonly threshold: number;
  /** Fraction of cases with score ≥ threshold. */
  readonly sensitivity: number;
  /** Fraction of controls with score < threshold. */
  readonly specificity: number;
  /** 1 − specificity: fraction of controls with score ≥ threshold. */
  readonly fpr: number;
}

/**
 * A threshold strictly above `below` and at most `above`, the midpoint when representable, as pROC's
 * `roc.utils.thresholds` for `direction = "<"`: halves are taken before adding for huge scores
 * (no overflow), and when the midpoint of two adjacent doubles rounds down onto `below`, `above`
 * itself is used so that `score ≥ threshold` still separates them.
 */
function thresholdBetween(below: number, above: number): number {
  const sum = (below + above) / 2;
  const midpoint = Math.abs(sum) > 1e100 ? below / 2 + above / 2 : sum;
  return midpoint === below ? above : midpoint;
}

/**
 * The empirical ROC curve at every distinct threshold, as pROC `coords(roc, "all")` with
 * `levels = c(0, 1)`, `direction = "<"`.
 *
 * Convention: for k distinct scores u₁ < … < u_k there are k + 1 thresholds: −Infinity, the
 * midpoints between consecutive distinct scores, and +Infinity; a patient is positive when
 * score ≥ threshold. Thresholds therefore never equal a score, so ≥ and > give the same curve.
 * Points are returned by decreasing threshold, i.e. increasing FPR (and, within equal FPR,
 * increasing sensitivity): from (FPR 0, sensitivity 0) at +Infinity to (1, 1) at −Infinity.
 * pROC lists the same points in the opposite order.
 *
 * Higher scores mean outcome 1; the curve is never flipped.
 *
 * @throws {RangeError} when lengths differ, a score is not finite, an outcome is not 0 or 1, or
 *   there is no case or no control.
 */
export function rocCurve(scores: readonly number[], outcomes: readonly (0 | 1)[]): RocPoint[] {
  const { scores: sorted, isCase, caseCount, controlCount } = sortedSample(scores, outcomes, 'rocCurve');
  const points: RocPoint[] = [{ threshold: Infinity, sensitivity: 0, specificity: 1, fpr: 0 }];
  // Walk distinct scores from the top; everything at or above the current score is called positive.
  let positiveCases = 0;
  let positiveControls = 0;
  let groupEnd = sorted.length; // scores at positions ≥ groupEnd are already positive
  while (groupEnd > 0) {
    const score = sorted[groupEnd - 1] as number;
    let groupStart = groupEnd;
    while (groupStart > 0 && sorted[groupStart - 1] === score) {
      groupStart--;
      if (isCase[groupStart] === 1) positiveCases++;
      else positiveControls++;
    }
    points.push({
      threshold: groupStart === 0 ? -Infinity : thresholdBetween(sorted[groupStart - 1] as number, score),
      sensitivity: positiveCases / caseCount,
      specificity: (controlCount - positiveControls) / controlCount,
      fpr: positiveControls / controlCount,
    });
    groupEnd = groupStart;
  }
  return points;
}
