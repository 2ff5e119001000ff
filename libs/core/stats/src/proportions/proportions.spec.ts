import reference from '@prospect/fixtures/stats/proportions/proportions-reference.json';
import { classificationAtThreshold } from './classification-at-threshold';
import { clopperPearsonInterval } from './clopper-pearson-interval';
import { wilsonInterval } from './wilson-interval';

interface ReferenceCase {
  readonly successes: number;
  readonly trials: number;
  readonly confidence: number;
  readonly clopperPearson: number[];
  readonly wilson: number[];
}

const CASES = reference.cases as ReferenceCase[];

/** |actual − expected| within `relative` of |expected| (absolute for an expected 0). */
function expectClose(actual: number, expected: number, relative: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / scale).toBeLessThanOrEqual(relative);
}

function label(c: ReferenceCase): string {
  return `x=${c.successes} n=${c.trials} conf=${c.confidence}`;
}

describe('wilsonInterval (R prop.test, correct = FALSE)', () => {
  it('covers x = 0, x = n, n = 1 and n = 10^6 in the reference', () => {
    expect(CASES.some((c) => c.successes === 0)).toBe(true);
    expect(CASES.some((c) => c.successes === c.trials)).toBe(true);
    expect(CASES.some((c) => c.trials === 1)).toBe(true);
    expect(CASES.some((c) => c.trials === 1_000_000)).toBe(true);
    expect(new Set(CASES.map((c) => c.confidence))).toEqual(new Set([0.9, 0.95, 0.99]));
  });

  it.each(CASES.map((c) => [label(c), c] as const))('matches R to 1e-12 relative: %s', (_, c) => {
    const [lower, upper] = wilsonInterval(c.successes, c.trials, c.confidence);
    expectClose(lower, c.wilson[0] as number, 1e-12);
    expectClose(upper, c.wilson[1] as number, 1e-12);
  });

  it('defaults to 95% and ends at exactly 0 and 1 at the edges', () => {
    expect(wilsonInterval(3, 10)).toEqual(wilsonInterval(3, 10, 0.95));
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
  });

  it('rejects impossible counts and confidence levels', () => {
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(11, 10)).toThrow(/0\.\.10/);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(/positive integer/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/confidence/);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(/confidence/);
  });
});

describe('clopperPearsonInterval (R binom.test)', () => {
  it.each(CASES.map((c) => [label(c), c] as const))('matches R to 1e-9 relative: %s', (_, c) => {
    const [lower, upper] = clopperPearsonInterval(c.successes, c.trials, c.confidence);
    expectClose(lower, c.clopperPearson[0] as number, 1e-9);
    expectClose(upper, c.clopperPearson[1] as number, 1e-9);
  });

  it('has closed forms at the edges: x = 0 gives [0, 1 − (α/2)^(1/n)]', () => {
    const [lower, upper] = clopperPearsonInterval(0, 20, 0.95);
    expect(lower).toBe(0);
    expectClose(upper, 1 - Math.pow(0.025, 1 / 20), 1e-13);
    const [lowerAll, upperAll] = clopperPearsonInterval(20, 20, 0.95);
    expectClose(lowerAll, Math.pow(0.025, 1 / 20), 1e-13);
    expect(upperAll).toBe(1);
  });

  it('is wider than the Wilson interval, which it contains, for a moderate count', () => {
    const exact = clopperPearsonInterval(7, 40);
    const score = wilsonInterval(7, 40);
    expect(exact[0]).toBeLessThan(score[0]);
    expect(exact[1]).toBeGreaterThan(score[1]);
  });

  it('rejects impossible counts', () => {
    expect(() => clopperPearsonInterval(5, 4, 0.95)).toThrow(RangeError);
  });
});

describe('classificationAtThreshold', () => {
  // Scores with a tie at the threshold (0.5): ties are predicted positive.
  const scores = [0.9, 0.8, 0.5, 0.5, 0.3, 0.2, 0.7, 0.1, 0.6, 0.4];
  const outcomes = [1, 1, 1, 0, 1, 0, 0, 0, 1, 0];

  it('counts a score equal to the threshold as positive', () => {
    const result = classificationAtThreshold(scores, outcomes, 0.5);
    // Positive: 0.9(1) 0.8(1) 0.5(1) 0.5(0) 0.7(0) 0.6(1); negative: 0.3(1) 0.2(0) 0.1(0) 0.4(0).
    expect(result.confusion).toEqual({ tp: 4, fp: 2, tn: 3, fn: 1 });
    expect(result.sensitivity.estimate).toBeCloseTo(4 / 5, 15);
    expect(result.specificity.estimate).toBeCloseTo(3 / 5, 15);
    expect(result.ppv.estimate).toBeCloseTo(4 / 6, 15);
    expect(result.npv.estimate).toBeCloseTo(3 / 4, 15);
  });

  it('attaches the Wilson and Clopper-Pearson intervals of each proportion', () => {
    const result = classificationAtThreshold(scores, outcomes, 0.5, 0.9);
    expect(result.sensitivity.wilson).toEqual(wilsonInterval(4, 5, 0.9));
    expect(result.sensitivity.clopperPearson).toEqual(clopperPearsonInterval(4, 5, 0.9));
    expect(result.specificity.wilson).toEqual(wilsonInterval(3, 5, 0.9));
    expect(result.ppv.clopperPearson).toEqual(clopperPearsonInterval(4, 6, 0.9));
    expect(result.npv.wilson).toEqual(wilsonInterval(3, 4, 0.9));
  });

  it('reports null, not NaN, when a denominator is 0', () => {
    // Threshold above every score: nothing is called positive, so PPV is undefined.
    const result = classificationAtThreshold(scores, outcomes, 2);
    expect(result.confusion).toEqual({ tp: 0, fp: 0, tn: 5, fn: 5 });
    expect(result.ppv).toEqual({ estimate: null, wilson: null, clopperPearson: null });
    expect(result.sensitivity.estimate).toBe(0);
    expect(result.sensitivity.wilson?.[0]).toBe(0);
    // No events at all: sensitivity is undefined.
    const noEvents = classificationAtThreshold([0.1, 0.9], [0, 0], 0.5);
    expect(noEvents.sensitivity.estimate).toBeNull();
    expect(noEvents.npv.estimate).toBe(1);
  });

  it('rejects mismatched lengths, non-binary outcomes and non-finite scores', () => {
    expect(() => classificationAtThreshold([0.1], [0, 1], 0.5)).toThrow(/1 scores but 2 outcomes/);
    expect(() => classificationAtThreshold([0.1], [2], 0.5)).toThrow(/0 or 1/);
    expect(() => classificationAtThreshold([Number.NaN], [1], 0.5)).toThrow(/not finite/);
    expect(() => classificationAtThreshold([0.1], [1], Number.NaN)).toThrow(/threshold/);
  });
});
