import reference from '@prospect/fixtures/stats/decision/decision-reference.json';
import { decisionCurve } from './decision-curve';

describe('decisionCurve (Vickers & Elkin 2006)', () => {
  it('matches a hand computation, counting p = pt as positive', () => {
    // 10 patients, 4 events. At pt = 0.25 (odds 1/3) the model treats p >= 0.25:
    // 0.9(1) 0.8(1) 0.6(0) 0.4(1) 0.25(0) -> TP 3, FP 2; 0.2(1) 0.1(0) 0.1(0) 0.05(0) 0.05(0) untreated.
    const probabilities = [0.9, 0.8, 0.6, 0.4, 0.25, 0.2, 0.1, 0.1, 0.05, 0.05];
    const outcomes = [1, 1, 0, 1, 0, 1, 0, 0, 0, 0];
    const [point] = decisionCurve(probabilities, outcomes, [0.25]);
    expect(point?.threshold).toBe(0.25);
    expect(point?.model).toBeCloseTo(3 / 10 - (2 / 10) * (1 / 3), 15);
    expect(point?.treatAll).toBeCloseTo(0.4 - 0.6 * (1 / 3), 15);
    expect(point?.treatNone).toBe(0);
  });

  it('equals treat-all below every prediction and approaches treat-none above them', () => {
    const probabilities = [0.3, 0.5, 0.7, 0.9];
    const outcomes = [0, 1, 0, 1];
    const [low, high] = decisionCurve(probabilities, outcomes, [0.2, 0.95]);
    expect(low?.model).toBeCloseTo(low?.treatAll as number, 15);
    expect(high?.model).toBe(0);
  });

  it('matches the R computation on 500 rounded predictions, keeping threshold order', () => {
    const curve = decisionCurve(reference.probabilities, reference.outcomes, reference.thresholds);
    expect(curve.map((point) => point.threshold)).toEqual(reference.thresholds);
    curve.forEach((point, k) => {
      expect(Math.abs(point.model - (reference.model[k] as number))).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(point.treatAll - (reference.treatAll[k] as number))).toBeLessThanOrEqual(1e-12);
    });
    // The rounded predictions hit the thresholds exactly somewhere, so p >= pt is exercised.
    expect(reference.thresholds.some((pt) => reference.probabilities.includes(pt))).toBe(true);
  });

  it('refuses thresholds outside (0, 1) and malformed input', () => {
    expect(() => decisionCurve([0.5], [1], [0])).toThrow(/\(0, 1\)/);
    expect(() => decisionCurve([0.5], [1], [1])).toThrow(/\(0, 1\)/);
    expect(() => decisionCurve([0.5], [1], [Number.NaN])).toThrow(/\(0, 1\)/);
    expect(() => decisionCurve([0.5], [1, 0], [0.5])).toThrow(/1 probabilities but 2 outcomes/);
    expect(() => decisionCurve([], [], [0.5])).toThrow(/no predictions/);
    expect(() => decisionCurve([2], [1], [0.5])).toThrow(/\[0, 1\]/);
    expect(() => decisionCurve([0.5], [3], [0.5])).toThrow(/0 or 1/);
  });

  it('returns an empty curve for no thresholds', () => {
    expect(decisionCurve([0.5], [1], [])).toEqual([]);
  });
});
