import reference from '@prospect/fixtures/stats/subgroups/subgroups-reference.json';
import { classificationAtThreshold } from '../proportions/classification-at-threshold';
import { rocAuc } from '../roc/roc-auc';
import { heterogeneity } from './heterogeneity';
import { subgroupPerformance, type SubgroupInput } from './subgroup-performance';

function expectClose(actual: number | null | undefined, expected: number | null | undefined): void {
  if (expected === null || expected === undefined) return expect(actual).toBeNull();
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    Math.max(1e-9 * Math.abs(expected), 1e-15),
  );
}

function expectInterval(actual: readonly number[] | null, expected: readonly number[] | null): void {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expectClose(actual?.[0], expected[0]);
  expectClose(actual?.[1], expected[1]);
}

const fixture = reference.subgroupPerformance;
const groups: SubgroupInput[] = fixture.groups;

describe('subgroupPerformance against pROC (DeLong), prop.test (Wilson) and metafor (DL, FE)', () => {
  it.each(fixture.expected.map((expected) => [expected.confidence, expected] as const))(
    'at confidence %p every row and the heterogeneity of the AUCs agree within 1e-9',
    (confidence, expected) => {
      const result = subgroupPerformance(groups, { threshold: fixture.threshold, confidence });
      expect(result.groups.map(({ name }) => name)).toEqual(expected.groups.map(({ name }) => name));
      result.groups.forEach((row, index) => {
        const want = expected.groups[index] as (typeof expected.groups)[number];
        expect(row.n).toBe(want.n);
        expect(row.events).toBe(want.events);
        if (want.auc === null) {
          expect(row.auc).toBeNull();
        } else {
          expectClose(row.auc?.estimate, want.auc.estimate);
          expectClose(row.auc?.se, want.auc.se);
          expectInterval(row.auc?.ci ?? null, want.auc.ci);
        }
        expectClose(row.sensitivity.estimate, want.sensitivity.estimate);
        expectInterval(row.sensitivity.ci, want.sensitivity.ci);
        expectClose(row.specificity.estimate, want.specificity.estimate);
        expectInterval(row.specificity.ci, want.specificity.ci);
      });
      const pooled = result.heterogeneity;
      const want = expected.heterogeneity;
      expect(pooled?.groups).toEqual(want.groups);
      expectClose(pooled?.q, want.q);
      expectClose(pooled?.p, want.p);
      expect(pooled?.df).toBe(want.df);
      expectClose(100 * (pooled?.i2 ?? NaN), want.i2Percent);
      expectClose(pooled?.randomEffects.tau2, want.randomEffects.tau2);
      expectClose(pooled?.fixedEffect.estimate, want.fixedEffect.estimate);
      expectClose(pooled?.fixedEffect.se, want.fixedEffect.se);
      expectInterval(pooled?.fixedEffect.ci ?? null, want.fixedEffect.ci);
      expectClose(pooled?.randomEffects.estimate, want.randomEffects.estimate);
      expectClose(pooled?.randomEffects.se, want.randomEffects.se);
      expectInterval(pooled?.randomEffects.ci ?? null, want.randomEffects.ci);
    },
  );

  it('says why the single-event group has no AUC and that it is left out of the pooling', () => {
    const result = subgroupPerformance(groups, { threshold: fixture.threshold });
    const siteE = result.groups.find(({ name }) => name === 'site E');
    expect(siteE?.auc).toBeNull();
    expect(siteE?.reason).toMatch(/at least 2 events and 2 non-events.*got 1 and 6/);
    expect(result.heterogeneityReason).toBe('left out: "site E" (no AUC)');
    expect(result.groups[0]).not.toHaveProperty('reason');
  });
});

describe('subgroupPerformance', () => {
  const a: SubgroupInput = {
    name: 'A',
    outcomes: [1, 1, 1, 0, 0, 0, 1, 0],
    scores: [0.9, 0.8, 0.4, 0.3, 0.5, 0.1, 0.7, 0.2],
  };
  const b: SubgroupInput = {
    name: 'B',
    outcomes: Float64Array.from([1, 0, 1, 0, 0, 1, 0]),
    scores: Float64Array.from([0.6, 0.65, 0.3, 0.2, 0.1, 0.9, 0.5]),
  };

  it('is the composition of rocAuc, classificationAtThreshold (Wilson) and heterogeneity', () => {
    const result = subgroupPerformance([a, b], { threshold: 0.5, confidence: 0.9 });
    for (const [row, group] of [
      [result.groups[0], a],
      [result.groups[1], b],
    ] as const) {
      const scores = Array.from(group.scores);
      const outcomes = Array.from(group.outcomes) as (0 | 1)[];
      const auc = rocAuc(scores, outcomes, { confidence: 0.9 });
      const at = classificationAtThreshold(scores, outcomes, 0.5, 0.9);
      expect(row).toEqual({
        name: group.name,
        n: scores.length,
        events: auc.events,
        auc: { estimate: auc.auc, se: auc.se, ci: auc.ci },
        sensitivity: { estimate: at.sensitivity.estimate, ci: at.sensitivity.wilson },
        specificity: { estimate: at.specificity.estimate, ci: at.specificity.wilson },
      });
    }
    const [rowA, rowB] = result.groups;
    expect(result.heterogeneity).toEqual({
      ...heterogeneity(
        [rowA?.auc?.estimate ?? NaN, rowB?.auc?.estimate ?? NaN],
        [rowA?.auc?.se ?? NaN, rowB?.auc?.se ?? NaN],
        {
          confidence: 0.9,
        },
      ),
      groups: ['A', 'B'],
    });
    expect(result.heterogeneityReason).toBeNull();
  });

  it('counts a score equal to the threshold as positive', () => {
    const result = subgroupPerformance(
      [{ name: 'tie', outcomes: [1, 0, 1, 0], scores: [0.5, 0.5, 0.2, 0.1] }],
      {
        threshold: 0.5,
      },
    );
    expect(result.groups[0]?.sensitivity.estimate).toBe(0.5);
    expect(result.groups[0]?.specificity.estimate).toBe(0.5);
  });

  it('gives a null AUC with a reason for a group with one class, and null sensitivity without events', () => {
    const result = subgroupPerformance(
      [a, { name: 'no events', outcomes: [0, 0, 0], scores: [0.1, 0.6, 0.3] }],
      {
        threshold: 0.5,
      },
    );
    const row = result.groups[1];
    expect(row?.auc).toBeNull();
    expect(row?.reason).toMatch(/got 0 and 3/);
    expect(row?.sensitivity).toEqual({ estimate: null, ci: null });
    expect(row?.specificity.estimate).toBeCloseTo(2 / 3, 15);
    expect(result.heterogeneity).toBeNull();
    expect(result.heterogeneityReason).toBe(
      'fewer than 2 groups with an AUC and a positive standard error; left out: "no events" (no AUC)',
    );
  });

  it('leaves a perfectly separated group (DeLong se 0) out of the pooling', () => {
    const perfect: SubgroupInput = { name: 'perfect', outcomes: [0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9] };
    const c: SubgroupInput = { ...a, name: 'C', scores: [0.7, 0.8, 0.4, 0.3, 0.5, 0.1, 0.9, 0.6] };
    const result = subgroupPerformance([a, perfect, c], { threshold: 0.5 });
    expect(result.groups[1]?.auc).toEqual({ estimate: 1, se: 0, ci: [1, 1] });
    expect(result.heterogeneity?.groups).toEqual(['A', 'C']);
    expect(result.heterogeneity?.k).toBe(2);
    expect(result.heterogeneityReason).toBe('left out: "perfect" (AUC standard error 0)');
  });

  it('has no heterogeneity with a single group', () => {
    const result = subgroupPerformance([a], { threshold: 0.5 });
    expect(result.heterogeneity).toBeNull();
    expect(result.heterogeneityReason).toBe('fewer than 2 groups with an AUC and a positive standard error');
  });

  it('validates its inputs and names the offending group', () => {
    expect(() => subgroupPerformance([], { threshold: 0.5 })).toThrow(/no groups/);
    expect(() => subgroupPerformance([a, { ...b, name: 'A' }], { threshold: 0.5 })).toThrow(
      /group name "A" is repeated/,
    );
    expect(() => subgroupPerformance([{ ...a, name: '' }], { threshold: 0.5 })).toThrow(/empty name/);
    expect(() => subgroupPerformance([a], { threshold: NaN })).toThrow(/threshold must be finite/);
    expect(() => subgroupPerformance([a], { threshold: 0.5, confidence: 1.5 })).toThrow(/confidence/);
    expect(() => subgroupPerformance([a, { ...b, scores: [0.1] }], { threshold: 0.5 })).toThrow(
      /subgroupPerformance: group "B": .*1 scores but 7 outcomes/,
    );
    expect(() =>
      subgroupPerformance([{ ...b, outcomes: [1, 0, 2, 0, 0, 1, 0] }], { threshold: 0.5 }),
    ).toThrow(/group "B": .*outcome 2 must be 0 or 1/);
    expect(() =>
      subgroupPerformance([{ ...b, scores: [0.6, NaN, 0.3, 0.2, 0.1, 0.9, 0.5] }], { threshold: 0.5 }),
    ).toThrow(/group "B": .*score 1 is not finite/);
  });
});
