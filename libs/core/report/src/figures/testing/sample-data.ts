import type { BoundaryFigureInput } from '../boundary';
import type { CalibrationFigureInput } from '../calibration';
import type { CeacFigureInput } from '../ceac';
import type { CePlaneFigureInput } from '../ce-plane';
import type { ConsortFlow } from '../consort';
import type { DecisionCurveFigureInput } from '../decision-curve';
import type { ForestFigureInput } from '../forest';
import type { RocFigureInput } from '../roc';

// Deterministic example inputs shared by the specs (and handy for eyeballing the renderers).

/** Small deterministic pseudo-random generator (LCG) so examples need no randomness. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const grid = (count: number): number[] => Array.from({ length: count + 1 }, (_, index) => index / count);

export const sampleRoc: RocFigureInput = {
  curve: grid(20).map((fpr) => ({ fpr, tpr: Math.min(1, Math.pow(fpr, 0.35)) })),
  band: grid(10).map((fpr) => ({
    specificity: 1 - fpr,
    lower: Math.max(0, Math.pow(fpr, 0.35) - 0.1),
    upper: Math.min(1, Math.pow(fpr, 0.35) + 0.08),
  })),
  auc: { estimate: 0.812, lower: 0.761, upper: 0.859 },
  comparatorCurve: grid(10).map((fpr) => ({ fpr, tpr: Math.pow(fpr, 0.6) })),
  comparatorLabel: 'Clinician',
};

export const sampleCalibration: CalibrationFigureInput = {
  groups: grid(9)
    .slice(1)
    .map((p) => ({
      meanPredicted: p * 0.9,
      observed: p * 0.85,
      lower: p * 0.85 - 0.06,
      upper: p * 0.85 + 0.07,
      n: 120,
    })),
  smooth: grid(20).map((p) => ({ predicted: p, observed: p * 0.88 + 0.01 })),
  intercept: -0.04,
  slope: 0.93,
};

export const sampleDecisionCurve: DecisionCurveFigureInput = {
  points: grid(50).map((threshold) => {
    const prevalence = 0.3;
    const treatAll = threshold >= 1 ? null : prevalence - ((1 - prevalence) * threshold) / (1 - threshold);
    return {
      threshold,
      treatAll,
      model: Math.max(-0.02, prevalence * (1 - threshold) ** 1.5 - 0.02 * threshold),
    };
  }),
  lockedThreshold: 0.15,
};

export const sampleForest: ForestFigureInput = {
  rows: [
    { label: 'Site A – Leeds', n: 420, events: 61, estimate: 0.83, lower: 0.77, upper: 0.88 },
    { label: 'Site B', n: 150, events: 20, estimate: 0.78, lower: 0.66, upper: 0.88 },
    { label: 'Site C', n: 60, events: 8, estimate: 0.71, lower: 0.48, upper: 0.91 },
    { label: 'Site D (no events)', n: 12, events: 0, estimate: null, lower: null, upper: null },
  ],
  pooled: { label: 'Pooled', estimate: 0.81, lower: 0.76, upper: 0.85 },
  nullValue: 0.5,
  xLabel: 'AUC',
};

export const sampleBoundary: BoundaryFigureInput = {
  informationFractions: [0.25, 0.5, 0.75, 1],
  efficacy: [4.33, 2.96, 2.36, 2.01],
  futility: [-0.5, 0.3, 1.1, 2.01],
  observed: [
    { informationFraction: 0.26, z: 1.2 },
    { informationFraction: 0.49, z: 2.1 },
  ],
};

const random = generator(7);
export const sampleCePlane: CePlaneFigureInput = {
  points: Array.from({ length: 2000 }, (): readonly [number, number] => [
    0.02 + (random() - 0.5) * 0.08,
    -300 + (random() - 0.4) * 2400,
  ]),
  mean: [0.021, 180],
  wtp: [20000, 30000],
  currency: '£',
  effectLabel: 'QALY',
};

export const sampleCeac: CeacFigureInput = {
  wtp: grid(10).map((f) => f * 50000),
  curves: [
    { label: 'Standard care', probability: grid(10).map((f) => Math.max(0, 0.7 - f)) },
    { label: 'AI triage', probability: grid(10).map((f) => Math.min(1, 0.3 + f)) },
  ],
  frontier: grid(10).map((f) => (0.3 + f > 0.7 - f ? 1 : 0)),
  currency: '£',
};

export const sampleConsort: ConsortFlow = {
  enrolled: 1250,
  notLocked: 38,
  locked: 1212,
  outcome: { observed: 1100, adjudicated: 60, pending: 20, conflicting: 7, missing: 15, withdrawn: 10 },
  analysedPrimary: 1120,
  analysedSensitivity: 1160,
  excludedFromPrimary: 92,
  exclusions: {
    'lock-after-treatment-start': 41,
    'imaging-outside-window': 22,
    'outcome-outside-window': 19,
    withdrawn: 10,
  },
};
