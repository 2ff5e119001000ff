import { cellProbabilities } from './cell-probabilities';
import { discountedYears } from './discounted-years';
import { evaluateStrategies, type StrategyOutcome } from './evaluate-strategies';
import { incrementalAnalysis } from './incremental-analysis';
import { netMonetaryBenefit } from './net-monetary-benefit';
import { oneWaySensitivity } from './one-way-sensitivity';
import { baseParameterValues } from './parameter-values';
import { D2, TEST_ACCURACY, testPlan, testPlanInput } from './test-plan';

const outcome = (strategy: StrategyOutcome['strategy'], cost: number, effect: number): StrategyOutcome => ({
  strategy,
  cost,
  effect,
});

describe('discountedYears', () => {
  it('discounts whole years at the beginning of each year', () => {
    // t = 0: 1/1.035^0 = 1; t = 1: 1/1.035^1.
    expect(discountedYears(2, 0.035)).toBeCloseTo(1 + 1 / 1.035, 14);
    // 1 + 1/1.05 + 1/1.05^2 = 1 + 0.952381 + 0.907029 = 2.859410
    expect(discountedYears(3, 0.05)).toBeCloseTo(1 + 1 / 1.05 + 1 / 1.05 ** 2, 14);
  });

  it('counts a partial last year by its fraction', () => {
    // 1.5 years: t = 0 full (1), t = 1 half (0.5 / 1.035).
    expect(discountedYears(1.5, 0.035)).toBeCloseTo(1 + 0.5 / 1.035, 14);
    // 0.25 years: only t = 0, a quarter, undiscounted.
    expect(discountedYears(0.25, 0.035)).toBe(0.25);
  });

  it('returns the years themselves without discounting, and 0 for 0 years', () => {
    expect(discountedYears(7.3, 0)).toBeCloseTo(7.3, 14);
    expect(discountedYears(0, 0.035)).toBe(0);
  });

  it('refuses negative or non-finite input', () => {
    expect(() => discountedYears(-1, 0.035)).toThrow(/years must be a finite number of at least 0, got -1/);
    expect(() => discountedYears(Infinity, 0.035)).toThrow(RangeError);
    expect(() => discountedYears(Number.NaN, 0.035)).toThrow(RangeError);
    expect(() => discountedYears(1, -0.01)).toThrow(/rate must be a finite number of at least 0, got -0.01/);
  });
});

describe('baseParameterValues', () => {
  it('maps each parameter name to its base-case value', () => {
    const values = baseParameterValues(testPlan());
    expect(values).toEqual({
      c_test: 100,
      c_std: 1000,
      c_alt: 3000,
      u_resp: 0.8,
      u_alt_resp: 0.75,
      u_nonresp: 0.5,
      u_alt_nonresp: 0.7,
      y_survival: 5,
    });
  });
});

describe('cellProbabilities', () => {
  it('splits patients into the four cells, positive = responder', () => {
    const cells = cellProbabilities(TEST_ACCURACY);
    // TP = 0.4 × 0.8, FN = 0.4 × 0.2, TN = 0.6 × 0.9, FP = 0.6 × 0.1
    expect(cells.truePositive).toBeCloseTo(0.32, 15);
    expect(cells.falseNegative).toBeCloseTo(0.08, 15);
    expect(cells.trueNegative).toBeCloseTo(0.54, 15);
    expect(cells.falsePositive).toBeCloseTo(0.06, 15);
    expect(cells.truePositive + cells.falseNegative + cells.trueNegative + cells.falsePositive).toBeCloseTo(
      1,
      15,
    );
  });

  it('refuses proportions outside [0, 1]', () => {
    expect(() => cellProbabilities({ ...TEST_ACCURACY, sensitivity: 1.1 })).toThrow(
      /sensitivity must be in \[0, 1\], got 1.1/,
    );
    expect(() => cellProbabilities({ ...TEST_ACCURACY, specificity: -0.1 })).toThrow(/specificity/);
    expect(() => cellProbabilities({ ...TEST_ACCURACY, prevalence: Number.NaN })).toThrow(/prevalence/);
  });
});

describe('evaluateStrategies', () => {
  it('matches the hand-computed decision tree', () => {
    const [standard, guided, treatAll] = evaluateStrategies(testPlan(), TEST_ACCURACY);
    // Survival 5 years is capped at the 2-year horizon: every effect is utility × D2.
    // Standard of care: cost 1000; effect (0.4 × 0.8 + 0.6 × 0.5) × D2 = 0.62 × D2.
    expect(standard).toEqual({ strategy: 'standard-of-care', cost: 1000, effect: expect.any(Number) });
    expect(standard?.cost).toBeCloseTo(1000, 10);
    expect(standard?.effect).toBeCloseTo(0.62 * D2, 12);
    // Model-guided: test 100 + (TP 0.32 + FP 0.06) × 1000 + (FN 0.08 + TN 0.54) × 3000 = 100 + 380 + 1860 = 2340;
    // effect (0.32 × 0.8 + 0.08 × 0.75 + 0.54 × 0.7 + 0.06 × 0.5) × D2 = (0.256 + 0.06 + 0.378 + 0.03) × D2 = 0.724 × D2.
    expect(guided?.strategy).toBe('model-guided');
    expect(guided?.cost).toBeCloseTo(2340, 10);
    expect(guided?.effect).toBeCloseTo(0.724 * D2, 12);
    // Treat all with the alternative: cost 3000; effect (0.4 × 0.75 + 0.6 × 0.7) × D2 = 0.72 × D2.
    expect(treatAll?.strategy).toBe('treat-all-alternative');
    expect(treatAll?.cost).toBeCloseTo(3000, 10);
    expect(treatAll?.effect).toBeCloseTo(0.72 * D2, 12);
  });

  it('leaves out treat-all-alternative unless the plan includes it', () => {
    const outcomes = evaluateStrategies(testPlan({ includeTreatAllAlternative: false }), TEST_ACCURACY);
    expect(outcomes.map((o) => o.strategy)).toEqual(['standard-of-care', 'model-guided']);
  });

  it('discounts recurring costs like effects, capped at the horizon, and leaves one-off costs undiscounted', () => {
    const input = testPlanInput();
    const plan = testPlan({
      pathways: {
        ...input.pathways,
        'responder-standard': {
          costs: [{ parameter: 'c_std', recurringYears: 'y_survival' }],
          effects: [{ utility: 'u_resp', years: 'y_survival' }],
        },
      },
    });
    const [standard] = evaluateStrategies(plan, TEST_ACCURACY);
    // Responders: 1000 a year for min(5, 2) years → 1000 × D2; non-responders: 1000 once.
    expect(standard?.cost).toBeCloseTo(0.4 * 1000 * D2 + 0.6 * 1000, 10);
    // With a 1.5-year survival: 1000 × (1 + 0.5/1.035) for responders, effects likewise.
    const [shorter] = evaluateStrategies(plan, TEST_ACCURACY, {
      ...baseParameterValues(plan),
      y_survival: 1.5,
    });
    expect(shorter?.cost).toBeCloseTo(0.4 * 1000 * (1 + 0.5 / 1.035) + 0.6 * 1000, 10);
    expect(shorter?.effect).toBeCloseTo(0.62 * (1 + 0.5 / 1.035), 12);
  });

  it('uses separate discount rates for costs and effects', () => {
    const input = testPlanInput();
    const plan = testPlan({
      discountRates: { costs: 0, effects: 0.05 },
      pathways: {
        ...input.pathways,
        'responder-standard': {
          costs: [{ parameter: 'c_std', recurringYears: 'y_survival' }],
          effects: [{ utility: 'u_resp', years: 'y_survival' }],
        },
      },
    });
    const [standard] = evaluateStrategies(plan, TEST_ACCURACY);
    // Costs undiscounted: 0.4 × 1000 × 2 + 0.6 × 1000 = 1400; effects 0.62 × (1 + 1/1.05).
    expect(standard?.cost).toBeCloseTo(1400, 10);
    expect(standard?.effect).toBeCloseTo(0.62 * (1 + 1 / 1.05), 12);
  });

  it('with a perfect model, model-guided care gives everyone their better pathway', () => {
    const [, guided] = evaluateStrategies(testPlan(), { sensitivity: 1, specificity: 1, prevalence: 0.4 });
    // Responders stay on standard (0.8), non-responders switch (0.7): (0.32 + 0.42) × D2; cost 100 + 400 + 1800.
    expect(guided?.effect).toBeCloseTo(0.74 * D2, 12);
    expect(guided?.cost).toBeCloseTo(2300, 10);
  });

  it('refuses missing, non-finite or negative-duration values and bad accuracy', () => {
    const plan = testPlan();
    const base = baseParameterValues(plan);
    const { c_alt: _omitted, ...withoutAlt } = base;
    expect(() => evaluateStrategies(plan, TEST_ACCURACY, withoutAlt)).toThrow(
      /parameter "c_alt" needs a finite value, got undefined/,
    );
    expect(() => evaluateStrategies(plan, TEST_ACCURACY, { ...base, c_std: Number.NaN })).toThrow(
      /"c_std" needs a finite value, got NaN/,
    );
    expect(() => evaluateStrategies(plan, TEST_ACCURACY, { ...base, y_survival: -1 })).toThrow(
      /"y_survival" is a number of years and must not be negative, got -1/,
    );
    expect(() => evaluateStrategies(plan, { ...TEST_ACCURACY, prevalence: 2 })).toThrow(
      /prevalence must be in \[0, 1\]/,
    );
  });
});

describe('incrementalAnalysis', () => {
  it('computes a positive ICER for a more costly, more effective strategy', () => {
    const outcomes = evaluateStrategies(testPlan({ includeTreatAllAlternative: false }), TEST_ACCURACY);
    const [reference, guided] = incrementalAnalysis(outcomes);
    expect(reference).toMatchObject({
      strategy: 'standard-of-care',
      status: 'reference',
      comparator: null,
      incrementalCost: null,
      incrementalEffect: null,
      icer: null,
    });
    // ΔC = 2340 − 1000 = 1340; ΔE = (0.724 − 0.62) × D2 = 0.104 × D2; ICER = 1340 / (0.104 × D2) ≈ 6553.
    expect(guided?.status).toBe('non-dominated');
    expect(guided?.comparator).toBe('standard-of-care');
    expect(guided?.incrementalCost).toBeCloseTo(1340, 10);
    expect(guided?.incrementalEffect).toBeCloseTo(0.104 * D2, 12);
    expect(guided?.icer).toBeCloseTo(1340 / (0.104 * D2), 8);
    expect(guided?.icer).toBeGreaterThan(0);
    expect(guided?.note).toMatch(/^Non-dominated: ICER .* versus standard-of-care$/);
  });

  it('marks a strategy dominated when another costs no more and is at least as effective', () => {
    // In the test plan treat-all costs 3000 for 0.72 × D2; model-guided costs 2340 for 0.724 × D2.
    const rows = incrementalAnalysis(evaluateStrategies(testPlan(), TEST_ACCURACY));
    expect(rows.map((row) => [row.strategy, row.status])).toEqual([
      ['standard-of-care', 'reference'],
      ['model-guided', 'non-dominated'],
      ['treat-all-alternative', 'dominated'],
    ]);
    const treatAll = rows[2];
    expect(treatAll?.dominatedBy).toBe('model-guided');
    expect(treatAll?.icer).toBeNull();
    // Increments against the frontier strategy below it in cost, model-guided: 3000 − 2340 = 660.
    expect(treatAll?.comparator).toBe('model-guided');
    expect(treatAll?.incrementalCost).toBeCloseTo(660, 10);
    expect(treatAll?.incrementalEffect).toBeCloseTo(-0.004 * D2, 12);
    expect(treatAll?.note).toMatch(/Dominated by model-guided/);
  });

  it('makes a cheaper, more effective strategy the reference (no negative ICER)', () => {
    const rows = incrementalAnalysis([
      outcome('standard-of-care', 1000, 1),
      outcome('model-guided', 900, 1.2),
    ]);
    expect(rows.map((row) => [row.strategy, row.status, row.dominatedBy])).toEqual([
      ['model-guided', 'reference', undefined],
      ['standard-of-care', 'dominated', 'model-guided'],
    ]);
    // ΔC = 1000 − 900 = 100 > 0, ΔE = 1 − 1.2 = −0.2: the ratio −500 would mislead, so no ICER.
    expect(rows[1]?.incrementalCost).toBeCloseTo(100, 12);
    expect(rows[1]?.incrementalEffect).toBeCloseTo(-0.2, 12);
    expect(rows[1]?.icer).toBeNull();
  });

  it('treats equal costs by effect and identical strategies by input order', () => {
    const tie = incrementalAnalysis([outcome('standard-of-care', 100, 0.8), outcome('model-guided', 100, 1)]);
    expect(tie.map((row) => [row.strategy, row.status])).toEqual([
      ['model-guided', 'reference'],
      ['standard-of-care', 'dominated'],
    ]);
    const identical = incrementalAnalysis([
      outcome('standard-of-care', 100, 1),
      outcome('model-guided', 100, 1),
    ]);
    expect(identical.map((row) => [row.strategy, row.status, row.dominatedBy])).toEqual([
      ['standard-of-care', 'reference', undefined],
      ['model-guided', 'dominated', 'standard-of-care'],
    ]);
    // More effective for the same cost is not dominated, even when it comes second in cost order.
    const equalEffect = incrementalAnalysis([
      outcome('standard-of-care', 100, 1),
      outcome('model-guided', 200, 1),
    ]);
    expect(equalEffect[1]).toMatchObject({ status: 'dominated', dominatedBy: 'standard-of-care' });
  });

  it('finds extended dominance: the middle strategy of three', () => {
    // A (0, 0), B (300, 1), C (500, 2). ICER B vs A = 300; ICER C vs B = 200 < 300, so B is
    // extendedly dominated: half A and half C costs 250 for effect 1, cheaper than B.
    // After removing B, C is compared with A: ICER = 500 / 2 = 250.
    const rows = incrementalAnalysis([
      outcome('standard-of-care', 0, 0),
      outcome('model-guided', 300, 1),
      outcome('treat-all-alternative', 500, 2),
    ]);
    expect(rows.map((row) => [row.strategy, row.status])).toEqual([
      ['standard-of-care', 'reference'],
      ['model-guided', 'extendedly-dominated'],
      ['treat-all-alternative', 'non-dominated'],
    ]);
    expect(rows[1]).toMatchObject({
      dominatedBy: 'treat-all-alternative',
      comparator: 'standard-of-care',
      incrementalCost: 300,
      incrementalEffect: 1,
      icer: null,
    });
    expect(rows[1]?.note).toMatch(
      /^Extendedly dominated: its ICER versus standard-of-care exceeds that of the more effective treat-all-alternative/,
    );
    expect(rows[2]).toMatchObject({
      comparator: 'standard-of-care',
      incrementalCost: 500,
      incrementalEffect: 2,
      icer: 250,
    });
  });

  it('keeps a middle strategy whose ICER is lower than the next one', () => {
    // A (0, 0), B (100, 1) ICER 100, C (500, 2) ICER 400 vs B: increasing, all on the frontier.
    const rows = incrementalAnalysis([
      outcome('treat-all-alternative', 500, 2),
      outcome('model-guided', 100, 1),
      outcome('standard-of-care', 0, 0),
    ]);
    expect(rows.map((row) => [row.strategy, row.status, row.icer])).toEqual([
      ['standard-of-care', 'reference', null],
      ['model-guided', 'non-dominated', 100],
      ['treat-all-alternative', 'non-dominated', 400],
    ]);
  });

  it('combines strong and extended dominance', () => {
    // A (0, 0), B (300, 1), C (500, 2) as above, but a dominated strategy is tested first:
    // the dominated strategy leaves, then the extended-dominance check runs on the rest.
    const strong = incrementalAnalysis([
      outcome('standard-of-care', 0, 1),
      outcome('model-guided', 300, 0.5),
      outcome('treat-all-alternative', 500, 2),
    ]);
    expect(strong.map((row) => row.status)).toEqual(['reference', 'dominated', 'non-dominated']);
    expect(strong[2]?.icer).toBe(500);
  });

  it('refuses no strategies, repeated strategies and non-finite values', () => {
    expect(() => incrementalAnalysis([])).toThrow(/no strategies/);
    expect(() => incrementalAnalysis([outcome('model-guided', 1, 1), outcome('model-guided', 2, 2)])).toThrow(
      /"model-guided" appears more than once/,
    );
    expect(() => incrementalAnalysis([outcome('model-guided', Number.NaN, 1)])).toThrow(
      /finite cost and effect/,
    );
  });
});

describe('netMonetaryBenefit', () => {
  it('computes wtp × effect − cost and picks the highest', () => {
    const outcomes = evaluateStrategies(testPlan(), TEST_ACCURACY);
    const icer = 1340 / (0.104 * D2); // ≈ 6553: model-guided is worth it above this threshold
    const [atZero, below, above] = netMonetaryBenefit(outcomes, [0, icer - 1, icer + 1]);
    // At 0 only cost counts: standard of care (1000) is best.
    expect(atZero?.values).toEqual([
      { strategy: 'standard-of-care', nmb: -1000 },
      { strategy: 'model-guided', nmb: -2340 },
      { strategy: 'treat-all-alternative', nmb: -3000 },
    ]);
    expect(atZero?.best).toBe('standard-of-care');
    expect(below?.best).toBe('standard-of-care');
    expect(above?.best).toBe('model-guided');
    // At 20000: standard 20000 × 0.62 × D2 − 1000; model-guided 20000 × 0.724 × D2 − 2340.
    const [at20k] = netMonetaryBenefit(outcomes, [20_000]);
    expect(at20k?.values[0]?.nmb).toBeCloseTo(20_000 * 0.62 * D2 - 1000, 8);
    expect(at20k?.values[1]?.nmb).toBeCloseTo(20_000 * 0.724 * D2 - 2340, 8);
    expect(at20k?.best).toBe('model-guided');
  });

  it('breaks ties by lower cost', () => {
    // At wtp 1000: A 1000 × 1 − 0 = 1000; B 1000 × 2 − 1000 = 1000.
    const [point] = netMonetaryBenefit(
      [outcome('model-guided', 1000, 2), outcome('standard-of-care', 0, 1)],
      [1000],
    );
    expect(point?.best).toBe('standard-of-care');
  });

  it('keeps threshold order and refuses invalid thresholds', () => {
    const outcomes = [outcome('standard-of-care', 0, 1)];
    expect(netMonetaryBenefit(outcomes, [3, 1, 2]).map((p) => p.wtp)).toEqual([3, 1, 2]);
    expect(netMonetaryBenefit(outcomes, [])).toEqual([]);
    expect(() => netMonetaryBenefit(outcomes, [-1])).toThrow(/finite and at least 0, got -1/);
    expect(() => netMonetaryBenefit(outcomes, [Infinity])).toThrow(RangeError);
    expect(() => netMonetaryBenefit([], [1])).toThrow(/no strategies/);
    expect(() => netMonetaryBenefit([outcome('model-guided', 1, Number.NaN)], [1])).toThrow(/finite cost/);
  });
});

describe('oneWaySensitivity', () => {
  it('orders the tornado by swing in incremental NMB', () => {
    const result = oneWaySensitivity(testPlan(), TEST_ACCURACY, {
      wtp: 20_000,
      accuracyRanges: { sensitivity: [0.7, 0.9] },
    });
    // Swings in incremental NMB (model-guided − standard) at wtp 20000:
    // u_alt_nonresp 0.6 → 0.8: ΔE changes by TN 0.54 × 0.2 × D2 → 20000 × 0.108 × D2 ≈ 4246.9
    // c_alt 2000 → 4000: ΔC changes by (FN + TN) 0.62 × 2000 = 1240
    // sensitivity 0.7 → 0.9: 0.4 × 0.2 = 0.08 of patients move from FN (alternative) to TP (standard):
    //   ΔC changes by 0.08 × (1000 − 3000) = −160; ΔE by 0.08 × (0.8 − 0.75) × D2 = 0.004 × D2
    //   → swing 20000 × 0.004 × D2 + 160 ≈ 317.3
    // c_test 50 → 200: ΔC changes by 150
    expect(result.bars.map((bar) => [bar.parameter, bar.kind])).toEqual([
      ['u_alt_nonresp', 'parameter'],
      ['c_alt', 'parameter'],
      ['sensitivity', 'accuracy'],
      ['c_test', 'parameter'],
    ]);
    const baseNmb = 20_000 * 0.104 * D2 - 1340;
    expect(result.wtp).toBe(20_000);
    expect(result.baseIncrementalNmb).toBeCloseTo(baseNmb, 8);
    expect(result.baseIcer).toBeCloseTo(1340 / (0.104 * D2), 8);

    const [utility, alt, sensitivity, test] = result.bars;
    expect(utility).toMatchObject({ label: 'Utility, non-responder on intensified', low: 0.6, high: 0.8 });
    expect(utility?.incrementalNmbAtLow).toBeCloseTo(baseNmb - 20_000 * 0.054 * D2, 8);
    expect(utility?.incrementalNmbAtHigh).toBeCloseTo(baseNmb + 20_000 * 0.054 * D2, 8);
    // c_alt 2000: ΔC = 1340 − 0.62 × 1000 = 720; c_alt 4000: ΔC = 1960.
    expect(alt?.incrementalNmbAtLow).toBeCloseTo(baseNmb + 620, 8);
    expect(alt?.icerAtLow).toBeCloseTo(720 / (0.104 * D2), 8);
    expect(alt?.icerAtHigh).toBeCloseTo(1960 / (0.104 * D2), 8);
    expect(sensitivity).toMatchObject({ label: 'Sensitivity', low: 0.7, high: 0.9 });
    expect((sensitivity?.incrementalNmbAtHigh ?? 0) - (sensitivity?.incrementalNmbAtLow ?? 0)).toBeCloseTo(
      20_000 * 0.004 * D2 + 160,
      8,
    );
    expect(test?.incrementalNmbAtLow).toBeCloseTo(baseNmb + 50, 8);
    expect(test?.incrementalNmbAtHigh).toBeCloseTo(baseNmb - 100, 8);
  });

  it('reports a negative ICER when model-guided care is cheaper and more effective, and null when ΔE is 0', () => {
    // With free intensified therapy (c_alt = 0) model-guided care costs 100 + 0.38 × 1000 = 480 < 1000
    // and gains 0.104 × D2: ΔC < 0 < ΔE, the dominant quadrant, so ΔC / ΔE is negative.
    const input = testPlanInput();
    const plan = testPlan({
      parameters: input.parameters.map((p) =>
        p.name === 'c_alt' ? { ...p, value: 0, low: 0, high: 3000, distribution: { type: 'fixed' } } : p,
      ),
    });
    const { baseIcer, bars } = oneWaySensitivity(plan, TEST_ACCURACY, { wtp: 0 });
    expect(baseIcer).toBeLessThan(0);
    const utility = bars.find((bar) => bar.parameter === 'u_alt_nonresp');
    expect(utility?.icerAtLow).not.toBeNull();
    // When the alternative has the same utilities as the standard pathway, ΔE = 0 and there is no ICER.
    const same = testPlan({
      parameters: input.parameters.map((p) =>
        p.name === 'u_alt_resp'
          ? { ...p, value: 0.8 }
          : p.name === 'u_alt_nonresp'
            ? { ...p, value: 0.5, low: 0.5, high: 0.6 }
            : p,
      ),
    });
    const flat = oneWaySensitivity(same, TEST_ACCURACY, { wtp: 20_000 });
    expect(flat.baseIcer).toBeNull();
    expect(flat.bars.find((bar) => bar.parameter === 'u_alt_nonresp')?.icerAtLow).toBeNull();
  });

  it('skips parameters without a range and works without accuracy ranges', () => {
    const { bars } = oneWaySensitivity(testPlan(), TEST_ACCURACY, { wtp: 20_000 });
    expect(bars.map((bar) => bar.parameter).sort()).toEqual(['c_alt', 'c_test', 'u_alt_nonresp']);
  });

  it('refuses invalid thresholds and ranges', () => {
    const plan = testPlan();
    expect(() => oneWaySensitivity(plan, TEST_ACCURACY, { wtp: -1 })).toThrow(
      /wtp must be finite and at least 0, got -1/,
    );
    expect(() =>
      oneWaySensitivity(plan, TEST_ACCURACY, { wtp: 1, accuracyRanges: { specificity: [0.95, 0.85] } }),
    ).toThrow(/specificity range must satisfy 0 <= low <= high <= 1, got \[0.95, 0.85\]/);
    expect(() =>
      oneWaySensitivity(plan, TEST_ACCURACY, { wtp: 1, accuracyRanges: { prevalence: [0.2, 1.2] } }),
    ).toThrow(/prevalence range/);
  });
});
