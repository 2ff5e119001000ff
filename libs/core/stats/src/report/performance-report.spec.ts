import { calibration } from '../calibration/calibration';
import { classificationAtThreshold } from '../proportions/classification-at-threshold';
import { delongPairedTest } from '../roc/delong-paired-test';
import { rocAuc } from '../roc/roc-auc';
import { performanceReport } from './performance-report';

// A small cohort with ties and a comparator that ranks patients differently.
const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.3, 0.2, 0.15, 0.1];
const comparator = [0.6, 0.9, 0.2, 0.5, 0.7, 0.3, 0.4, 0.8, 0.1, 0.35, 0.25, 0.05];
const outcomes: (0 | 1)[] = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0];

describe('performanceReport', () => {
  it('assembles each part from the library function of the same name', () => {
    const report = performanceReport({
      scores,
      outcomes,
      threshold: 0.5,
      comparator,
      netBenefitThresholds: [0.2, 0.5],
    });
    const auc = rocAuc(scores, outcomes);
    expect(report).toMatchObject({ n: 12, events: 5, auc: { estimate: auc.auc, se: auc.se, ci: auc.ci } });
    const atThreshold = classificationAtThreshold(scores, outcomes, 0.5);
    expect(report.confusion).toEqual({ tp: 4, fp: 2, tn: 5, fn: 1 });
    expect(report.confusion).toEqual(atThreshold.confusion);
    expect(report.sensitivity).toEqual(atThreshold.sensitivity);
    expect(report.npv).toEqual(atThreshold.npv);
    expect(report.calibration).toEqual(calibration(scores, outcomes));
    const paired = delongPairedTest(scores, comparator, outcomes);
    expect(report.comparator).toMatchObject({ difference: paired.difference, z: paired.z, p: paired.p });
    expect(report.comparator?.auc.estimate).toBe(rocAuc(comparator, outcomes).auc);
    // Net benefit at 0.5: (TP − FP·1)/n = (4 − 2)/12; treat all: 5/12 − 7/12.
    const atHalf = report.netBenefit[1];
    expect(atHalf).toMatchObject({ threshold: 0.5, treatNone: 0 });
    expect(atHalf?.model).toBeCloseTo(2 / 12, 14);
    expect(atHalf?.treatAll).toBeCloseTo(5 / 12 - 7 / 12, 14);
  });

  it('reports calibration as unavailable, with the reason, for scores that are not probabilities', () => {
    const report = performanceReport({ scores: scores.map((score) => score * 10), outcomes, threshold: 0.5 });
    expect(report.calibration).toEqual({
      unavailable: 'the scores are not probabilities (some lie outside [0, 1])',
    });
    expect(report.netBenefit).toEqual([]);
    expect(report.comparator).toBeUndefined();
  });

  it('refuses a threshold outside (0, 1) and unusable outcomes', () => {
    expect(() => performanceReport({ scores, outcomes, threshold: 1 })).toThrow(RangeError);
    expect(() => performanceReport({ scores, outcomes: outcomes.map(() => 0), threshold: 0.5 })).toThrow(
      RangeError,
    );
  });
});
