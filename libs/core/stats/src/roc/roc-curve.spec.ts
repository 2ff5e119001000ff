import reference from '@prospect/fixtures/stats/roc/pROC-reference.json';
import { rocCurve } from './roc-curve';

type Encoded = number | string;

/** pROC thresholds ±Inf are stored as the strings "Infinity" / "-Infinity". */
function decode(value: Encoded): number {
  return typeof value === 'string' ? Number(value) : value;
}

function expectRelative(actual: number, expected: number): void {
  if (expected === 0 || !Number.isFinite(expected)) return expect(actual).toBe(expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

const cases = reference.auc.map((entry) => [entry.name, entry] as const);

describe('rocCurve against pROC 1.18 coords(roc, "all")', () => {
  it.each(cases)(
    '%s: same thresholds, sensitivities and specificities (pROC order reversed)',
    (_name, entry) => {
      const curve = rocCurve(entry.scores, entry.outcomes as (0 | 1)[]);
      // pROC lists thresholds ascending (FPR decreasing); rocCurve lists FPR increasing.
      const thresholds = [...entry.curve.threshold].reverse().map(decode);
      const sensitivities = [...entry.curve.sensitivity].reverse();
      const specificities = [...entry.curve.specificity].reverse();
      expect(curve).toHaveLength(thresholds.length);
      curve.forEach((point, k) => {
        // Thresholds are compared exactly: pROC's midpoint rule is reproduced bit for bit.
        expect(point.threshold).toBe(thresholds[k]);
        expectRelative(point.sensitivity, sensitivities[k] as number);
        expectRelative(point.specificity, specificities[k] as number);
        expect(point.fpr).toBeCloseTo(1 - point.specificity, 15);
      });
    },
  );
});

describe('rocCurve', () => {
  it('lists k + 1 thresholds for k distinct scores, from +Infinity to -Infinity', () => {
    const curve = rocCurve([0.2, 0.8, 0.4, 0.4, 0.6], [0, 1, 1, 0, 0]);
    expect(curve).toEqual([
      { threshold: Infinity, sensitivity: 0, specificity: 1, fpr: 0 },
      { threshold: 0.7, sensitivity: 0.5, specificity: 1, fpr: 0 }, // (0.6 + 0.8) / 2
      { threshold: 0.5, sensitivity: 0.5, specificity: 2 / 3, fpr: 1 / 3 },
      { threshold: 0.30000000000000004, sensitivity: 1, specificity: 1 / 3, fpr: 2 / 3 }, // tie at 0.4
      { threshold: -Infinity, sensitivity: 1, specificity: 0, fpr: 1 },
    ]);
  });

  it('is non-decreasing in FPR and sensitivity', () => {
    const scores = Array.from({ length: 200 }, (_, k) => Math.round(10 * Math.sin(k * 1.7)) / 10);
    const outcomes = scores.map((score, k) => (score + Math.cos(k) > 0.3 ? 1 : 0) as 0 | 1);
    const curve = rocCurve(scores, outcomes);
    for (let k = 1; k < curve.length; k++) {
      const previous = curve[k - 1] as (typeof curve)[number];
      const point = curve[k] as (typeof curve)[number];
      expect(point.fpr).toBeGreaterThanOrEqual(previous.fpr);
      expect(point.sensitivity).toBeGreaterThanOrEqual(previous.sensitivity);
      expect(point.threshold).toBeLessThan(previous.threshold);
    }
  });

  it('gives the two end points only when all scores tie', () => {
    expect(rocCurve([1, 1, 1], [0, 1, 0])).toEqual([
      { threshold: Infinity, sensitivity: 0, specificity: 1, fpr: 0 },
      { threshold: -Infinity, sensitivity: 1, specificity: 0, fpr: 1 },
    ]);
  });

  it('validates its inputs', () => {
    expect(() => rocCurve([0.1, 0.2], [1, 1])).toThrow(/rocCurve: no controls/);
  });
});
