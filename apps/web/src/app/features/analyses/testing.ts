/** Analysis fixtures for the analyses and economics specs (generic helpers are in src/testing). */
import {
  type AnalysisResult,
  type BlindedLook,
  type BlindedProgress,
} from '@prospect/web-data-access/analyses';

export const LOOK: BlindedLook = {
  lookNumber: 1,
  protocolVersion: 1,
  requestedAt: '2026-11-28T05:09:54.792Z',
  requestedBy: 'u1',
  frozenAt: '2026-11-28T05:09:54.754Z',
  snapshotSha256: 'b7e6f3aab9c8da14d0d983930d3fd45f47ef35bc025e029c29325dc236c2f7f6',
  subjects: 38,
  status: 'computed',
  jobId: 'j1',
  resultSha256: '4249a4da9e5d1f7c5282adf54877625fae2740b366596b6f82210206915fd51a',
  computedAt: '2026-11-28T05:09:55.079Z',
  signatures: [],
};

export const PROGRESS: BlindedProgress = {
  trialCode: 'MM-RAD-01',
  plannedSampleSize: 40,
  plannedLooks: [
    { lookNumber: 1, informationFraction: 0.5, analysed: true },
    { lookNumber: 2, informationFraction: 1, analysed: false },
  ],
  flow: {
    enrolled: 38,
    notLocked: 0,
    locked: 38,
    outcome: { observed: 30, adjudicated: 0, pending: 8, conflicting: 0, missing: 0, withdrawn: 0 },
    withOutcome: 30,
    analysedPrimary: 30,
    analysedSensitivity: 30,
    excludedFromPrimary: 0,
    exclusions: {
      'lock-after-treatment-start': 0,
      'imaging-outside-window': 0,
      'outcome-outside-window': 0,
      withdrawn: 0,
    },
  },
  informationFraction: 0.75,
  completeness: 0.79,
  outcomesAwaitingAdjudication: 0,
  nextLook: { lookNumber: 2, informationFraction: 1 },
};

const proportion = (estimate: number) => ({
  estimate,
  wilson: [estimate - 0.1, estimate + 0.1] as [number, number],
  clopperPearson: [estimate - 0.12, estimate + 0.12] as [number, number],
});

/** An interim result with the given decision and z statistic. */
export function analysisResult(
  decision: AnalysisResult['decision'],
  z: number,
  rationale: string,
): AnalysisResult {
  const report = {
    n: 19,
    events: 5,
    auc: { estimate: 0.8714, se: 0.1, ci: [0.6734, 0.9951] as const },
    confusion: { tp: 4, fp: 2, tn: 12, fn: 1 },
    sensitivity: proportion(0.8),
    specificity: proportion(0.857),
    ppv: proportion(0.667),
    npv: proportion(0.923),
    calibration: {
      intercept: { estimate: -0.49, se: 0.5, ci: [-1.57, 0.58] as [number, number] },
      slope: { estimate: 0.75, se: 0.7, ci: [-0.71, 2.21] as [number, number] },
      brier: 0.1979,
      scaledBrier: -0.02,
      clipped: 0,
    },
    netBenefit: [],
  };
  return {
    format: 'prospect.analysis-result/1',
    lookNumber: 1,
    plannedLooks: 2,
    final: false,
    informationFraction: 0.475,
    counts: {
      locked: 38,
      withOutcome: 19,
      perProtocol: 19,
      excluded: {
        'lock-after-treatment-start': 0,
        'imaging-outside-window': 0,
        'outcome-outside-window': 0,
        withdrawn: 0,
      },
      outcomePending: 19,
      outcomeConflicting: 0,
      outcomeMissing: 0,
      withdrawn: 0,
    },
    primary: { available: true, n: 19, events: 5, report, test: { auc0: 0.5, z, p: 0.01 } },
    sensitivity: { available: true, n: 19, events: 5, report, test: { auc0: 0.5, z, p: 0.01 } },
    boundaries: {
      planned: {
        informationFractions: [0.5, 1],
        criticalValues: [2.96, 1.97],
        stageLevels: [0.0015, 0.0245],
        alphaSpent: [0.0015, 0.025],
        futilityBounds: [0.56],
      },
      observed: {
        informationFractions: [0.475],
        criticalValues: [3.0497],
        stageLevels: [0.0011],
        alphaSpent: [0.0011],
      },
      zStatistics: [z],
    },
    criticalValue: 3.0497,
    crossed: decision === 'stop-for-efficacy' ? 'upper' : null,
    conditionalPower: null,
    futility: { rule: 'non-binding-beta-spending', bound: 0.4559, drift: 2.88 },
    decision,
    rationale,
    sites: { unavailable: 'one site only' },
    subgroups: [],
  };
}
