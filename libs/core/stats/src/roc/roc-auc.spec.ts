import reference from '@prospect/fixtures/stats/roc/pROC-reference.json';
import { rocAuc } from './roc-auc';

/** pROC writes ±Inf as "Infinity"/"-Infinity" and NA as null (JSON has neither). */
type Encoded = number | string | null;

function decode(value: Encoded): number {
  if (value === null) return NaN;
  if (typeof value === 'string') return Number(value);
  return value;
}

/** |actual − expected| ≤ 1e-9·|expected| (exact equality for 0, ±Infinity, NaN). */
function expectRelative(actual: number, expected: Encoded, tolerance = 1e-9): void {
  const target = decode(expected);
  if (Number.isNaN(target)) return expect(actual).toBeNaN();
  if (target === 0 || !Number.isFinite(target)) return expect(actual).toBe(target);
  expect(Math.abs(actual - target)).toBeLessThanOrEqual(tolerance * Math.abs(target));
}

const cases = reference.auc.map((entry) => [entry.name, entry] as const);

describe('rocAuc against pROC 1.18 (tests/fixtures/stats/roc/pROC-reference.json)', () => {
  it.each(cases)('%s: AUC, DeLong variance and 95%% / 90%% CI within 1e-9', (_name, entry) => {
    const outcomes = entry.outcomes as (0 | 1)[];
    const result = rocAuc(entry.scores.map(decode), outcomes);
    const at90 = rocAuc(entry.scores.map(decode), outcomes, { confidence: 0.9 });
    expect(result.n).toBe(outcomes.length);
    expect(result.events).toBe(outcomes.filter((outcome) => outcome === 1).length);
    expect(result.nonEvents).toBe(result.n - result.events);
    expectRelative(result.auc, entry.auc);
    expectRelative(result.variance, entry.variance);
    expectRelative(result.se, entry.variance === null ? null : Math.sqrt(entry.variance));
    entry.ci95.forEach((bound, k) => expectRelative(result.ci[k] as number, bound));
    entry.ci90.forEach((bound, k) => expectRelative(at90.ci[k] as number, bound));
  });

  it('covers ties, one case, a backwards model, perfect separation and n = 2000', () => {
    expect(cases.map(([name]) => name)).toEqual(
      expect.arrayContaining(['all-tied', 'single-case', 'backwards-model', 'perfect-120', 'binormal-2000']),
    );
  });
});

describe('rocAuc by hand', () => {
  // Cases 2, 3, 4 and controls 1, 2, 3. ψ(case, control) = 1 if case > control, ½ if tied:
  //   case 2: controls 1, 2, 3 → 1 + ½ + 0 = 1.5 → V10 = 0.5
  //   case 3: 1 + 1 + ½ = 2.5 → V10 = 5/6
  //   case 4: 3 → V10 = 1
  //   control 1: beaten by 3 cases → V01 = 1;  control 2: ½ + 1 + 1 → 5/6;  control 3: 0 + ½ + 1 → 0.5
  // AUC = (1.5 + 2.5 + 3) / 9 = 7/9.
  // Σ(V10 − 7/9)² = (5/18)² + (1/18)² + (4/18)² = 42/324, the same for V01 by symmetry.
  // Var = 2 · (42/324) / (3 − 1) / 3 = 7/162 ≈ 0.0432099; se = √(7/162) ≈ 0.207870.
  const scores = [2, 3, 4, 1, 2, 3];
  const outcomes: (0 | 1)[] = [1, 1, 1, 0, 0, 0];

  it('gives AUC 7/9 and DeLong variance 7/162', () => {
    const result = rocAuc(scores, outcomes);
    expect(result).toMatchObject({ n: 6, events: 3, nonEvents: 3 });
    expect(result.auc).toBeCloseTo(7 / 9, 15);
    expect(result.variance).toBeCloseTo(7 / 162, 15);
    expect(result.se).toBeCloseTo(Math.sqrt(7 / 162), 15);
    // 7/9 ± 1.959964·0.207870 = [0.370360, 1.185195] → upper clipped to 1.
    expect(result.ci[0]).toBeCloseTo(7 / 9 - 1.959963984540054 * Math.sqrt(7 / 162), 12);
    expect(result.ci[1]).toBe(1);
  });

  it('does not depend on input order', () => {
    const order = [3, 0, 5, 1, 4, 2];
    const shuffled = rocAuc(
      order.map((k) => scores[k] as number),
      order.map((k) => outcomes[k] as 0 | 1),
    );
    expect(shuffled).toEqual(rocAuc(scores, outcomes));
  });

  it('never flips a model that ranks backwards', () => {
    const backwards = rocAuc(
      scores.map((score) => -score),
      outcomes,
    );
    expect(backwards.auc).toBeCloseTo(2 / 9, 15);
    expect(backwards.variance).toBeCloseTo(7 / 162, 15);
  });

  it('treats -0 and 0 as a tie', () => {
    expect(rocAuc([0, -0], [1, 0]).auc).toBe(0.5);
  });

  it('reports NaN variance and CI with a single control, as pROC gives NA', () => {
    const result = rocAuc([0.1, 0.5, 0.7], [0, 1, 1]);
    expect(result.auc).toBe(1);
    expect(result.variance).toBeNaN();
    expect(result.ci).toEqual([NaN, NaN]);
  });
});

describe('rocAuc input validation', () => {
  it.each([
    ['lengths differ', [0.1, 0.2], [0, 1, 1], /2 scores but 3 outcomes/],
    ['a score is NaN', [0.1, NaN], [0, 1], /score 1 is NaN/],
    ['a score is infinite', [Infinity, 0.2], [0, 1], /score 0 is Infinity/],
    ['an outcome is not 0/1', [0.1, 0.2], [0, 2], /outcome 1 is 2, not 0 or 1/],
    ['there is no case', [0.1, 0.2], [0, 0], /no cases/],
    ['there is no control', [0.1, 0.2], [1, 1], /no controls/],
    ['there are no patients', [], [], /no cases/],
  ])('throws a RangeError when %s', (_problem, scores, outcomes, message) => {
    expect(() => rocAuc(scores, outcomes as (0 | 1)[])).toThrow(RangeError);
    expect(() => rocAuc(scores, outcomes as (0 | 1)[])).toThrow(message);
  });

  it.each([0, 1, -0.5, 1.5, NaN])('rejects confidence %p', (confidence) => {
    expect(() => rocAuc([0, 1], [0, 1], { confidence })).toThrow(/confidence must be in \(0, 1\)/);
  });
});
