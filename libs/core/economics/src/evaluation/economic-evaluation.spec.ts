import { D2, testPlan } from '../model/test-plan';
import { economicEvaluation } from './economic-evaluation';
import { analysisSha256 } from '@prospect/analysis';

/**
 * Ten patients at threshold 0.5: responders (outcome 1) scored 0.9, 0.8, 0.7, 0.6 (predicted
 * responders, TP 4) and 0.3 (FN 1); non-responders scored 0.2, 0.1, 0.4, 0.45 (TN 4) and 0.55 (FP 1).
 * Sensitivity 0.8, specificity 0.8, prevalence 0.5: TP 0.4, FN 0.1, TN 0.4, FP 0.1.
 */
const OUTCOMES = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const SCORES = [0.9, 0.8, 0.7, 0.6, 0.3, 0.2, 0.1, 0.4, 0.45, 0.55];

describe('economicEvaluation', () => {
  it('computes the base case by hand: costs, QALYs, dominance, ICER and NMB', () => {
    const result = economicEvaluation({
      plan: testPlan(),
      threshold: 0.5,
      outcomes: OUTCOMES,
      scores: SCORES,
      draws: 0,
      seed: 1,
    });
    expect(result.accuracy).toMatchObject({
      n: 10,
      truePositive: 4,
      falseNegative: 1,
      trueNegative: 4,
      falsePositive: 1,
    });
    expect(result.accuracy.sensitivity.estimate).toBe(0.8);
    // Standard of care: 1000; QALYs 0.5·0.8·D + 0.5·0.5·D = 0.65 D.
    // Model-guided: 100 + (TP + FP)·1000 + (FN + TN)·3000 = 100 + 500 + 1500 = 2100;
    //   QALYs (0.4·0.8 + 0.1·0.75 + 0.4·0.7 + 0.1·0.5)·D = 0.725 D.
    // Treat-all-alternative: 3000; QALYs (0.5·0.75 + 0.5·0.7)·D = 0.725 D: dominated by model-guided.
    const [standard, guided, all] = result.baseCase.strategies;
    expect(standard).toEqual({
      strategy: 'standard-of-care',
      cost: 1000,
      effect: expect.closeTo(0.65 * D2, 12),
    });
    expect(guided?.cost).toBeCloseTo(2100, 9);
    expect(guided?.effect).toBeCloseTo(0.725 * D2, 12);
    expect(all?.cost).toBeCloseTo(3000, 9);
    const rows = Object.fromEntries(result.baseCase.incremental.map((row) => [row.strategy, row]));
    expect(rows['standard-of-care']?.status).toBe('reference');
    expect(rows['model-guided']?.status).toBe('non-dominated');
    expect(rows['model-guided']?.icer).toBeCloseTo(1100 / (0.075 * D2), 6);
    expect(rows['treat-all-alternative']).toMatchObject({ status: 'dominated', dominatedBy: 'model-guided' });
    // NMB at 20 000: standard 13 000·D − 1000 = 24 568.8; guided 14 500·D − 2100 = 26 409.7.
    const at20k = result.baseCase.netMonetaryBenefit[0];
    expect(at20k?.best).toBe('model-guided');
    expect(at20k?.values.find((value) => value.strategy === 'model-guided')?.nmb).toBeCloseTo(
      14_500 * D2 - 2100,
      6,
    );
    expect(result.psa).toBeNull();
    expect(result.oneWay.map((tornado) => tornado.wtp)).toEqual([20_000, 50_000]);
    expect(result.oneWay[0]?.bars.map((bar) => bar.parameter)).toEqual(
      expect.arrayContaining([
        'c_test',
        'c_alt',
        'u_alt_nonresp',
        'sensitivity',
        'specificity',
        'prevalence',
      ]),
    );
  });

  it('gives a step CEAC at the ICER and zero EVPI when nothing is uncertain', () => {
    const fixed = testPlan({
      includeTreatAllAlternative: false,
      willingnessToPay: [7000, 8000],
      wtpGrid: { from: 0, to: 20_000, points: 21 },
    });
    const certain = {
      ...fixed,
      parameters: fixed.parameters.map((parameter) => ({
        ...parameter,
        distribution: { type: 'fixed' as const },
      })),
    };
    const result = economicEvaluation({
      plan: certain,
      threshold: 0.5,
      outcomes: OUTCOMES,
      scores: SCORES,
      draws: 50,
      seed: 'step',
      resamplePatients: false,
    });
    const icer = 1100 / (0.075 * D2); // ≈ 7459.5
    const guided =
      result.psa?.ceac.probability.find((curve) => curve.strategy === 'model-guided')?.values ?? [];
    result.psa?.ceac.wtp.forEach((wtp, index) => expect(guided[index]).toBe(wtp > icer ? 1 : 0));
    expect(result.psa?.evpi.map((entry) => entry.perPatient)).toEqual([0, 0]);
    expect(result.psa?.strategies[1]?.cost).toEqual({
      mean: expect.closeTo(2100, 9),
      lower: expect.closeTo(2100, 9),
      upper: expect.closeTo(2100, 9),
    });
  });

  it('is reproducible: the same seed gives the same result, another seed another', () => {
    const run = (seed: string) =>
      economicEvaluation({
        plan: testPlan(),
        threshold: 0.5,
        outcomes: OUTCOMES,
        scores: SCORES,
        draws: 500,
        seed,
      });
    const first = run('prospect');
    expect(analysisSha256(run('prospect'))).toBe(analysisSha256(first));
    expect(analysisSha256(run('other'))).not.toBe(analysisSha256(first));
    expect(first.psa?.draws).toBe(500);
    expect(first.psa?.plane[0]?.points).toHaveLength(500);
    expect(first.psa?.evpi[0]?.population).toBeGreaterThan(first.psa?.evpi[0]?.perPatient ?? 0);
    const probabilities = first.psa?.ceac.probability ?? [];
    first.psa?.ceac.wtp.forEach((_wtp, index) => {
      const total = probabilities.reduce((sum, curve) => sum + (curve.values[index] as number), 0);
      expect(total).toBeCloseTo(1, 12);
    });
  });

  it('refuses unusable input with a clear message', () => {
    const base = { plan: testPlan(), threshold: 0.5, outcomes: OUTCOMES, scores: SCORES, draws: 0, seed: 1 };
    expect(() => economicEvaluation({ ...base, scores: [0.1] })).toThrow('10 outcomes but 1 scores');
    expect(() => economicEvaluation({ ...base, threshold: 1 })).toThrow(/threshold must lie in \(0, 1\)/);
    expect(() => economicEvaluation({ ...base, outcomes: OUTCOMES.map(() => 1) })).toThrow(
      /all 10 patients are responders/,
    );
    expect(() => economicEvaluation({ ...base, outcomes: [2, ...OUTCOMES.slice(1)] })).toThrow(
      /outcome 0 is 2/,
    );
    expect(() => economicEvaluation({ ...base, draws: -1 })).toThrow(/draws must be a whole number/);
  });
});
