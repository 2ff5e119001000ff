import { calibration, type CalibrationResult } from '../calibration/calibration';
import { decisionCurve, type DecisionCurvePoint } from '../decision/decision-curve';
import {
  classificationAtThreshold,
  type ConfusionCounts,
  type ProportionEstimate,
} from '../proportions/classification-at-threshold';
import { delongPairedTest } from '../roc/delong-paired-test';
import { rocAuc } from '../roc/roc-auc';

export interface PerformanceReportInput {
  /** The locked probabilities (or any score in [0, 1]); higher = outcome 1 more likely. */
  readonly scores: readonly number[];
  readonly outcomes: readonly (0 | 1)[];
  /** The decision threshold: predicted positive when score ≥ threshold. */
  readonly threshold: number;
  /** A comparator score on the same patients (a clinical stage, a clinical-only model). */
  readonly comparator?: readonly number[];
  /** Two-sided confidence level of every interval. Default 0.95. */
  readonly confidence?: number;
  /** Decision-curve thresholds. Default 0.01, 0.02, …, 0.99. */
  readonly netBenefitThresholds?: readonly number[];
}

export interface AucSummary {
  readonly estimate: number;
  readonly se: number;
  readonly ci: readonly [number, number];
}

/** The prospective performance of one score, in the shape `prospect stats performance --json` prints. */
export interface PerformanceReport {
  readonly n: number;
  readonly events: number;
  readonly auc: AucSummary;
  readonly comparator?: {
    readonly auc: AucSummary;
    /** Model AUC minus comparator AUC. */
    readonly difference: number;
    readonly z: number;
    readonly p: number;
  };
  readonly confusion: ConfusionCounts;
  readonly sensitivity: ProportionEstimate;
  readonly specificity: ProportionEstimate;
  readonly ppv: ProportionEstimate;
  readonly npv: ProportionEstimate;
  /**
   * Calibration of the score read as a probability; `null` when the scores are not all in [0, 1]
   * or the logistic fits cannot be made (a single outcome class, separation), with the reason.
   */
  readonly calibration: CalibrationResult | { readonly unavailable: string };
  readonly netBenefit: readonly DecisionCurvePoint[];
}

const DEFAULT_THRESHOLDS = Array.from({ length: 99 }, (_unused, index) => (index + 1) / 100);

/**
 * Every headline metric of a prospective validation for one score: AUC with DeLong SE and CI
 * (and the paired DeLong test against a comparator), the confusion counts at the locked
 * threshold with sensitivity, specificity, PPV and NPV (Wilson and Clopper–Pearson intervals),
 * calibration (in the large, slope, Brier) and the decision curve. Each part is computed by the
 * library function of the same name; see those for methods and reference values.
 *
 * @throws {RangeError} when the inputs are unusable (lengths differ, non-finite scores, outcomes
 *   not 0/1, no case or no control, a threshold outside (0, 1)).
 */
export function performanceReport(input: PerformanceReportInput): PerformanceReport {
  const confidence = input.confidence ?? 0.95;
  if (!(input.threshold > 0 && input.threshold < 1)) {
    throw new RangeError(`threshold must be between 0 and 1 (exclusive), got ${input.threshold}`);
  }
  const auc = rocAuc(input.scores, input.outcomes, { confidence });
  const atThreshold = classificationAtThreshold(input.scores, input.outcomes, input.threshold, confidence);
  const report: PerformanceReport = {
    n: auc.n,
    events: auc.events,
    auc: { estimate: auc.auc, se: auc.se, ci: auc.ci },
    confusion: atThreshold.confusion,
    sensitivity: atThreshold.sensitivity,
    specificity: atThreshold.specificity,
    ppv: atThreshold.ppv,
    npv: atThreshold.npv,
    calibration: calibrationOrReason(input.scores, input.outcomes, confidence),
    netBenefit: input.scores.every((score) => score >= 0 && score <= 1)
      ? decisionCurve(input.scores, input.outcomes, input.netBenefitThresholds ?? DEFAULT_THRESHOLDS)
      : [],
  };
  if (!input.comparator) return report;
  const comparatorAuc = rocAuc(input.comparator, input.outcomes, { confidence });
  const paired = delongPairedTest(input.scores, input.comparator, input.outcomes, { confidence });
  return {
    ...report,
    comparator: {
      auc: { estimate: comparatorAuc.auc, se: comparatorAuc.se, ci: comparatorAuc.ci },
      difference: paired.difference,
      z: paired.z,
      p: paired.p,
    },
  };
}

function calibrationOrReason(
  scores: readonly number[],
  outcomes: readonly (0 | 1)[],
  confidence: number,
): CalibrationResult | { unavailable: string } {
  if (!scores.every((score) => score >= 0 && score <= 1)) {
    return { unavailable: 'the scores are not probabilities (some lie outside [0, 1])' };
  }
  try {
    return calibration(scores, outcomes, { confidence });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}
