import { EXAMPLE_TRIALS, type InterimPlan } from '@prospect/domain';
import type { ChartInstance } from '@prospect/web-ui/charts';
import { createRng } from '@prospect/stats';

/*
 * Fixtures for the chart component specs: a seeded two-site cohort in the shape of an analysis
 * snapshot (the specs analyse it with @prospect/analysis's runAnalysis). This file is compiled with
 * the app, so it does not import @prospect/analysis (its hashing needs Node's crypto).
 */

/** A snapshot subject (SnapshotSubject of @prospect/analysis). */
export interface FixtureSubject {
  readonly subjectId: string;
  readonly site: string;
  readonly leafIndex: number;
  readonly lockedAt: string;
  readonly probability: number;
  readonly outcome: 0 | 1 | null;
  readonly outcomeStatus: 'observed' | 'pending';
  readonly exclusions: readonly 'lock-after-treatment-start'[];
  readonly subgroups: Readonly<Record<string, string | null>>;
}

const PROTOCOL = EXAMPLE_TRIALS.myeloma.protocol;

export const PLAN: InterimPlan = PROTOCOL.interimPlan;

export function cohort(count: number, withOutcome: number, allNegative = false): FixtureSubject[] {
  const rng = createRng('web-charts');
  return Array.from({ length: count }, (_unused, index) => {
    const drawn: 0 | 1 = rng.next() < 0.4 ? 1 : 0;
    const outcome: 0 | 1 = allNegative ? 0 : drawn;
    const logit = -0.4 + 1.1 * drawn + 1.8 * (rng.next() + rng.next() + rng.next() - 1.5);
    const known = index < withOutcome;
    return {
      subjectId: `S-${index + 1}`,
      site: index % 2 === 0 ? 'HD01' : 'TU02',
      leafIndex: index,
      lockedAt: '2027-01-01T00:00:00.000Z',
      probability: 1 / (1 + Math.exp(-logit)),
      outcome: known ? outcome : null,
      outcomeStatus: known ? 'observed' : 'pending',
      exclusions: index === 5 ? ['lock-after-treatment-start'] : [],
      subgroups: { iss_stage: index % 3 === 0 ? 'III' : 'I-II' },
    };
  });
}

export function snapshotOf(subjects: readonly FixtureSubject[]) {
  return {
    format: 'prospect.analysis-snapshot/1' as const,
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
    lookNumber: 1,
    frozenAt: '2027-06-01T00:00:00.000Z',
    design: {
      threshold: 0.35,
      plannedSampleSize: 120,
      primaryHypothesis: PROTOCOL.primaryHypothesis,
      interimPlan: PLAN,
      subgroups: [{ name: 'iss_stage', label: 'ISS stage', covariate: 'iss_stage' }],
      confidence: 0.95,
    },
    previousLooks: [],
    subjects,
  };
}

/** A stand-in for ECharts: records the options it is given. */
export class RecordingChart implements ChartInstance {
  static all: RecordingChart[] = [];
  readonly options: object[] = [];
  constructor() {
    RecordingChart.all.push(this);
  }
  setOption(option: object): void {
    this.options.push(option);
  }
  resize(): void {
    /* nothing to lay out in jsdom */
  }
  dispose(): void {
    /* nothing to release */
  }
}

export const recordingLoader = () => Promise.resolve(() => new RecordingChart());

/** Lets the panels load their (fake) chart library and draw. */
export async function drawn(): Promise<void> {
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Series names of the options a chart was drawn with. */
export function seriesNames(chart: RecordingChart | undefined): string[] {
  const option = chart?.options.at(-1) as { series?: { name?: string }[] } | undefined;
  return (option?.series ?? []).map((series) => series.name ?? '');
}
