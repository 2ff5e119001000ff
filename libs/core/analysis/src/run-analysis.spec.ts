import { rpactCriticalValues, rpactFutility } from '@prospect/fixtures/stats/sequential/rpact-lookup';
import type { InterimPlan } from '@prospect/domain';
import { normalCdf, rocAuc } from '@prospect/stats';
import { runAnalysis } from './run-analysis';
import type { AnalysisSnapshot, SnapshotSubject } from './snapshot';
import { analysisSha256 } from './snapshot-hash';

const OBRIEN_FLEMING: InterimPlan = {
  looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
  alpha: 0.025,
  sided: 1,
  spending: { type: 'obrien-fleming' },
  futility: { type: 'none' },
};

let sequence = 0;
function subject(
  probability: number,
  outcome: 0 | 1 | null,
  extra: Partial<SnapshotSubject> = {},
): SnapshotSubject {
  sequence += 1;
  return {
    subjectId: `MM-HD01-${String(sequence).padStart(4, '0')}`,
    site: 'HD01',
    leafIndex: sequence,
    lockedAt: '2027-01-01T00:00:00.000Z',
    probability,
    outcome,
    outcomeStatus: outcome === null ? 'pending' : 'observed',
    exclusions: [],
    subgroups: {},
    ...extra,
  };
}

function snapshot(subjects: SnapshotSubject[], overrides: Partial<AnalysisSnapshot> = {}): AnalysisSnapshot {
  return {
    format: 'prospect.analysis-snapshot/1',
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
    lookNumber: 1,
    frozenAt: '2027-06-01T00:00:00.000Z',
    design: {
      threshold: 0.5,
      plannedSampleSize: 16,
      primaryHypothesis: { metric: 'auc', nullValue: 0.5, alternativeValue: 0.7 },
      interimPlan: OBRIEN_FLEMING,
      subgroups: [],
      confidence: 0.95,
    },
    previousLooks: [],
    subjects,
    ...overrides,
  };
}

/**
 * Eight per-protocol subjects whose AUC and DeLong SE are checkable by hand:
 * cases 0.9, 0.8, 0.6, 0.35; controls 0.7, 0.4, 0.3, 0.1. Of the 16 pairs the case scores higher
 * in 4 + 4 + 3 + 2 = 13, so AUC = 0.8125. Placements: cases V10 = 1, 1, 0.75, 0.5 and controls
 * V01 = 0.5, 0.75, 1, 1; both have sample variance 0.171875 / 3, so
 * Var = (0.171875 / 3) / 4 · 2 = 0.028645833…, SE = 0.1692508…, z = 0.3125 / SE = 1.846371….
 */
function handCheckedSubjects(): SnapshotSubject[] {
  return [
    subject(0.9, 1),
    subject(0.8, 1),
    subject(0.6, 1),
    subject(0.35, 1),
    subject(0.7, 0),
    subject(0.4, 0),
    subject(0.3, 0),
    subject(0.1, 0),
  ];
}
const HAND_SE = Math.sqrt((0.171875 / 3 / 4) * 2);
const HAND_Z = 0.3125 / HAND_SE;

describe('runAnalysis', () => {
  it('tests the primary hypothesis on the per-protocol population against the rpact boundary of the look', () => {
    const result = runAnalysis(snapshot(handCheckedSubjects()));
    expect(result.primary.available).toBe(true);
    if (!result.primary.available) return;
    expect(result.primary.report.auc.estimate).toBeCloseTo(0.8125, 14);
    expect(result.primary.report.auc.se).toBeCloseTo(HAND_SE, 12);
    expect(result.primary.test?.z).toBeCloseTo(HAND_Z, 10);
    expect(result.primary.test?.p).toBeCloseTo(1 - normalCdf(HAND_Z), 12);
    expect(result.informationFraction).toBe(0.5);
    expect(result.final).toBe(false);
    const [c1, c2] = rpactCriticalValues('asOF', 0.025, 1, [0.5, 1]);
    expect(result.criticalValue).toBeCloseTo(c1 as number, 6);
    expect(result.boundaries.planned.criticalValues[1]).toBeCloseTo(c2 as number, 6);
    expect(result.crossed).toBeNull();
    expect(result.decision).toBe('continue');
    expect(result.rationale).toBe(`z = 1.846 < ${(c1 as number).toFixed(3)}: no boundary crossed; continue.`);
    // Lan–Wittes conditional power under the current trend, against the final boundary c2.
    const t = 0.5;
    const expected = normalCdf((HAND_Z / Math.sqrt(t) - (c2 as number)) / Math.sqrt(1 - t));
    expect(result.conditionalPower?.currentTrend).toBeCloseTo(expected, 6);
    expect(result.conditionalPower?.futilityThreshold).toBeNull();
  });

  it('leaves deviations out of the primary analysis and keeps them in the sensitivity analysis', () => {
    const subjects = [
      ...handCheckedSubjects(),
      subject(0.05, 1, { exclusions: ['lock-after-treatment-start'] }),
      subject(0.95, 0, { exclusions: ['outcome-outside-window'] }),
      subject(0.5, null),
    ];
    const result = runAnalysis(snapshot(subjects));
    expect(result.primary.available && result.primary.report.auc.estimate).toBeCloseTo(0.8125, 14);
    // Sensitivity: cases add 0.05 (above no control), controls add 0.95 (above every case):
    // 13 of 5 × 5 = 25 pairs.
    expect(result.sensitivity.available && result.sensitivity.report.auc.estimate).toBeCloseTo(13 / 25, 14);
    expect(result.counts).toMatchObject({
      locked: 11,
      withOutcome: 10,
      perProtocol: 8,
      excluded: {
        'lock-after-treatment-start': 1,
        'imaging-outside-window': 0,
        'outcome-outside-window': 1,
        withdrawn: 0,
      },
      outcomePending: 1,
    });
    expect(result.informationFraction).toBe(0.5);
  });

  it('stops for efficacy when z reaches the boundary', () => {
    const subjects: SnapshotSubject[] = [];
    for (let i = 0; i < 40; i++) subjects.push(subject(0.3 + 0.015 * i, i % 5 === 0 ? 0 : i >= 20 ? 1 : 0));
    const snap = snapshot(subjects, {
      design: { ...snapshot([]).design, plannedSampleSize: 80 },
    });
    const result = runAnalysis(snap);
    const outcomes = subjects.map((s) => s.outcome as 0 | 1);
    const auc = rocAuc(
      subjects.map((s) => s.probability),
      outcomes,
    );
    const z = (auc.auc - 0.5) / auc.se;
    expect(z).toBeGreaterThan(3);
    expect(result.primary.available && result.primary.test?.z).toBeCloseTo(z, 12);
    expect(result.crossed).toBe('upper');
    expect(result.decision).toBe('stop-for-efficacy');
    expect(result.conditionalPower).toBeNull();
  });

  it('is final at the last planned look, at the boundary recomputed for the observed information', () => {
    const subjects = [...handCheckedSubjects(), ...handCheckedSubjects()];
    const result = runAnalysis(
      snapshot(subjects, {
        lookNumber: 2,
        previousLooks: [{ lookNumber: 1, informationFraction: 0.5, z: 1.2 }],
      }),
    );
    expect(result.final).toBe(true);
    expect(result.informationFraction).toBe(1);
    const [, c2] = rpactCriticalValues('asOF', 0.025, 1, [0.5, 1]);
    expect(result.criticalValue).toBeCloseTo(c2 as number, 6);
    expect(result.boundaries.zStatistics[0]).toBe(1.2);
    // Doubling every subject keeps the AUC (0.8125) and shrinks the SE: z ≈ 2.68 > 1.97.
    expect(result.decision).toBe('final-reject-null');
    expect(result.boundaries.observed.alphaSpent[1]).toBeCloseTo(0.025, 7);
  });

  it('spends all remaining alpha when the final look falls short of the planned information', () => {
    const result = runAnalysis(
      snapshot(handCheckedSubjects(), {
        lookNumber: 2,
        previousLooks: [{ lookNumber: 1, informationFraction: 0.25, z: 0.4 }],
        design: { ...snapshot([]).design, plannedSampleSize: 20 },
      }),
    );
    expect(result.final).toBe(true);
    expect(result.informationFraction).toBe(0.4);
    expect(result.boundaries.observed.informationFractions).toEqual([0.25, 0.4]);
    expect(result.boundaries.observed.alphaSpent[1]).toBeCloseTo(0.025, 7);
    expect(result.decision).toBe('final-do-not-reject-null');
  });

  it('treats an interim look at or past the planned information as the final analysis', () => {
    const result = runAnalysis(
      snapshot(handCheckedSubjects(), { design: { ...snapshot([]).design, plannedSampleSize: 8 } }),
    );
    expect(result.final).toBe(true);
    expect(result.lookNumber).toBe(1);
    expect(result.criticalValue).toBeCloseTo(1.959963985, 6);
  });

  it('recommends (non-binding) stopping for futility when conditional power falls below the threshold', () => {
    const weak = [
      subject(0.9, 0),
      subject(0.8, 1),
      subject(0.6, 0),
      subject(0.35, 1),
      subject(0.7, 1),
      subject(0.4, 0),
      subject(0.3, 1),
      subject(0.1, 0),
    ];
    const plan: InterimPlan = { ...OBRIEN_FLEMING, futility: { type: 'conditional-power', threshold: 0.2 } };
    const result = runAnalysis(snapshot(weak, { design: { ...snapshot([]).design, interimPlan: plan } }));
    expect(result.conditionalPower?.futilityThreshold).toBe(0.2);
    expect(result.conditionalPower?.currentTrend).toBeLessThan(0.2);
    expect(result.decision).toBe('consider-stopping-for-futility');
    expect(result.rationale).toMatch(/below the futility threshold 0\.2 \(non-binding\)/);
  });

  it('applies the non-binding beta-spending futility bound of the look, as rpact computes it', () => {
    const weak = [
      subject(0.9, 0),
      subject(0.8, 0),
      subject(0.6, 1),
      subject(0.35, 1),
      subject(0.7, 0),
      subject(0.4, 1),
      subject(0.3, 1),
      subject(0.1, 0),
    ];
    const plan: InterimPlan = {
      ...OBRIEN_FLEMING,
      futility: { type: 'non-binding-beta-spending', beta: 0.2, spending: { type: 'obrien-fleming' } },
    };
    const result = runAnalysis(snapshot(weak, { design: { ...snapshot([]).design, interimPlan: plan } }));
    const rpactCase = rpactFutility('asOF', 0.2, [0.5, 1]);
    expect(result.futility.rule).toBe('non-binding-beta-spending');
    expect(result.futility.bound).toBeCloseTo(rpactCase.futilityBounds[0] as number, 6);
    expect((result.futility.drift as number) ** 2).toBeCloseTo(rpactCase.shift as number, 5);
    expect(result.primary.available && result.primary.test?.z).toBeLessThan(result.futility.bound as number);
    expect(result.decision).toBe('consider-stopping-for-futility');
    expect(result.rationale).toMatch(/β-spending futility bound of this look \(non-binding\)/);

    const promising = runAnalysis(
      snapshot(handCheckedSubjects(), { design: { ...snapshot([]).design, interimPlan: plan } }),
    );
    expect(promising.decision).toBe('continue');
    expect(promising.boundaries.planned.futilityBounds?.[0]).toBeCloseTo(
      rpactCase.futilityBounds[0] as number,
      6,
    );
    expect(runAnalysis(snapshot(handCheckedSubjects())).boundaries.planned.futilityBounds).toBeNull();
    expect(promising.futility.bound).toBeCloseTo(result.futility.bound as number, 12);
  });

  it('reports a lower-boundary crossing of a two-sided plan as performing below the null value', () => {
    const flipped = handCheckedSubjects().map((s) => ({
      ...s,
      outcome: (1 - (s.outcome as number)) as 0 | 1,
    }));
    const doubled = [...flipped, ...flipped.map((s) => ({ ...s, subjectId: `${s.subjectId}-b` }))];
    const plan: InterimPlan = { ...OBRIEN_FLEMING, sided: 2, alpha: 0.05 };
    const result = runAnalysis(
      snapshot(doubled, {
        lookNumber: 2,
        previousLooks: [{ lookNumber: 1, informationFraction: 0.5, z: -1 }],
        design: { ...snapshot([]).design, interimPlan: plan },
      }),
    );
    expect(result.crossed).toBe('lower');
    expect(result.decision).toBe('final-reject-null');
    expect(result.rationale).toMatch(/below the null value/);
  });

  it('says why when the primary test cannot be computed', () => {
    const result = runAnalysis(snapshot([subject(0.2, 1), subject(0.4, 1), subject(0.6, 1)]));
    expect(result.primary).toMatchObject({
      available: false,
      n: 3,
      events: 3,
      reason: 'the AUC needs both outcome classes; all 3 outcomes are positive',
    });
    expect(result.decision).toBe('insufficient-data');
    expect(result.rationale).toBe(
      'The primary test could not be computed: the AUC needs both outcome classes; all 3 outcomes are positive. Continue.',
    );
  });

  it('refuses a look without new information', () => {
    expect(() =>
      runAnalysis(
        snapshot(handCheckedSubjects(), {
          lookNumber: 2,
          previousLooks: [{ lookNumber: 1, informationFraction: 0.5, z: 1 }],
          design: {
            ...snapshot([]).design,
            interimPlan: {
              ...OBRIEN_FLEMING,
              looks: [{ informationFraction: 0.3 }, { informationFraction: 0.6 }, { informationFraction: 1 }],
            },
          },
        }),
      ),
    ).toThrow("look 2 has no new information: fraction 0.5 is not above the previous look's 0.5");
  });

  it('gives forest data by site and by pre-registered subgroup, unknown values in their own group', () => {
    const subjects = [
      ...handCheckedSubjects().map((s, i) => ({ ...s, subgroups: { iss_stage: i % 2 === 0 ? '1' : '2' } })),
      ...handCheckedSubjects().map((s, i) => ({
        ...s,
        subjectId: `${s.subjectId}-tu`,
        site: 'TU02',
        subgroups: { iss_stage: i === 0 ? null : '3' },
      })),
    ];
    const result = runAnalysis(
      snapshot(subjects, {
        design: {
          ...snapshot([]).design,
          plannedSampleSize: 32,
          subgroups: [{ name: 'iss_stage', label: 'ISS stage', covariate: 'iss_stage' }],
        },
      }),
    );
    if ('unavailable' in result.sites) throw new Error(result.sites.unavailable);
    expect(result.sites.groups.map((group) => [group.name, group.n])).toEqual([
      ['HD01', 8],
      ['TU02', 8],
    ]);
    expect(result.sites.heterogeneity?.q).toBeCloseTo(0, 12);
    const stage = result.subgroups[0];
    if (!stage || 'unavailable' in stage) throw new Error('the subgroup should be analysed');
    expect(stage.performance.groups.map((group) => group.name)).toEqual(['1', '2', '3', 'unknown']);
  });

  it('is reproducible: the same snapshot gives the same result hash', () => {
    const snap = snapshot(handCheckedSubjects());
    const first = analysisSha256(runAnalysis(snap));
    const again = analysisSha256(runAnalysis(JSON.parse(JSON.stringify(snap)) as AnalysisSnapshot));
    expect(again).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
  });
});
