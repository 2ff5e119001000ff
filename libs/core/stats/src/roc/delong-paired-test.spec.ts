import reference from '@prospect/fixtures/stats/roc/pROC-reference.json';
import { delongPairedTest } from './delong-paired-test';
import { rocAuc } from './roc-auc';

/**
 * Relative tolerance 1e-9, with an absolute floor of 1e-15 for values that are 0 in exact
 * arithmetic (pROC forms the difference variance as S11 + S22 − 2·S12, which rounds there).
 */
function expectClose(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) return expect(actual).toBe(expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(expected), 1e-15));
}

const cases = reference.paired.map((entry) => [entry.name, entry] as const);

describe('delongPairedTest against pROC 1.18 roc.test(method = "delong", paired = TRUE)', () => {
  it.each(cases)('%s: AUCs, difference, se, z, p and 95%% / 90%% CI within 1e-9', (_name, entry) => {
    const outcomes = entry.outcomes as (0 | 1)[];
    const result = delongPairedTest(entry.scoresA, entry.scoresB, outcomes);
    const at90 = delongPairedTest(entry.scoresA, entry.scoresB, outcomes, { confidence: 0.9 });
    expectClose(result.aucA, entry.aucA);
    expectClose(result.aucB, entry.aucB);
    expectClose(result.difference, entry.difference);
    expectClose(result.se, entry.se);
    expectClose(result.z, entry.z);
    expectClose(result.p, entry.p);
    entry.ci95.forEach((bound, k) => expectClose(result.ci[k] as number, bound));
    entry.ci90.forEach((bound, k) => expectClose(at90.ci[k] as number, bound));
  });

  it('covers a perfect model, two perfect models, heavy ties and identical rankings', () => {
    expect(cases.map(([name]) => name)).toEqual(
      expect.arrayContaining(['perfect-vs-noisy', 'both-perfect', 'heavy-ties-paired', 'same-ranking']),
    );
  });
});

describe('delongPairedTest', () => {
  const outcomes: (0 | 1)[] = [1, 1, 1, 0, 0, 0, 1, 0];
  const scoresA = [0.9, 0.8, 0.4, 0.3, 0.5, 0.1, 0.7, 0.2];
  const scoresB = [0.6, 0.9, 0.2, 0.4, 0.3, 0.1, 0.5, 0.8];

  it('is antisymmetric in the two models (difference is A − B)', () => {
    const ab = delongPairedTest(scoresA, scoresB, outcomes);
    const ba = delongPairedTest(scoresB, scoresA, outcomes);
    expect(ab.difference).toBeCloseTo(ab.aucA - ab.aucB, 15);
    expect(ba.difference).toBeCloseTo(-ab.difference, 15);
    expect(ba.z).toBeCloseTo(-ab.z, 14);
    expect(ba.se).toBeCloseTo(ab.se, 15);
    expect(ba.p).toBeCloseTo(ab.p, 15);
  });

  it('reports the same AUCs as rocAuc', () => {
    const result = delongPairedTest(scoresA, scoresB, outcomes);
    expect(result.aucA).toBe(rocAuc(scoresA, outcomes).auc);
    expect(result.aucB).toBe(rocAuc(scoresB, outcomes).auc);
  });

  it('has variance Var(A) + Var(B) − 2·Cov(A, B), which is 0 for the same ranking: z = 0, p = 1', () => {
    const same = delongPairedTest(
      scoresA,
      scoresA.map((score) => 10 * score - 3),
      outcomes,
    );
    expect(same).toEqual({ aucA: same.aucA, aucB: same.aucA, difference: 0, se: 0, z: 0, p: 1, ci: [0, 0] });
  });

  it('gives NaN se, z and p with a single case', () => {
    const result = delongPairedTest([0.9, 0.1, 0.2], [0.5, 0.6, 0.1], [1, 0, 0]);
    expect(result.difference).toBe(0.5);
    expect(result.se).toBeNaN();
    expect(result.p).toBeNaN();
  });

  it('validates its inputs', () => {
    expect(() => delongPairedTest([0.1, 0.2], [0.1], [0, 1])).toThrow(/2 scores of model A but 1 of model B/);
    expect(() => delongPairedTest([0.1, 0.2], [0.1, NaN], [0, 1])).toThrow(/model B.*score 1 is NaN/);
    expect(() => delongPairedTest([0.1, 0.2], [0.1, 0.2], [0, 0])).toThrow(RangeError);
    expect(() => delongPairedTest([0.1, 0.2], [0.1, 0.2], [0, 1], { confidence: 1 })).toThrow(/confidence/);
  });
});
