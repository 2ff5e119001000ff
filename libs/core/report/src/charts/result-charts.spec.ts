import {
  futilityBounds,
  plannedBoundaries as analysisPlannedBoundaries,
  runAnalysis,
  type AnalysisResult,
  type AnalysisSnapshot,
  type SnapshotSubject,
} from '@prospect/analysis';
import { EXAMPLE_TRIALS, type InterimPlan } from '@prospect/domain';
import { economicEvaluation } from '@prospect/economics';
import { createRng, rocCurve } from '@prospect/stats';
import { forestChartSpec, forestFigure } from '../figures/forest';
import { rocFigure } from '../figures/roc';
import { xyChart } from '../graphics/xy-chart';
import {
  analysisBoundaryChart,
  calibrationGroups,
  evaluationCharts,
  forestCharts,
  lookCharts,
  plannedBoundaries,
  plannedBoundaryChart,
  sampleFromSnapshot,
} from './result-charts';

const PROTOCOL = EXAMPLE_TRIALS.myeloma.protocol;

function subjects(count: number, withOutcome: number, seed = 'charts-spec'): SnapshotSubject[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_unused, index) => {
    const outcome: 0 | 1 = rng.next() < 0.4 ? 1 : 0;
    const logit = -0.4 + 1.1 * outcome + 1.8 * (rng.next() + rng.next() + rng.next() - 1.5);
    const known = index < withOutcome;
    return {
      subjectId: `S-${index + 1}`,
      site: index % 2 === 0 ? 'HD01' : 'TU02',
      leafIndex: index,
      lockedAt: '2027-01-01T00:00:00.000Z',
      probability: 1 / (1 + Math.exp(-logit)),
      outcome: known ? outcome : null,
      outcomeStatus: known ? 'observed' : 'pending',
      exclusions: index === 3 ? ['withdrawn'] : [],
      subgroups: { iss_stage: index % 3 === 0 ? 'III' : 'I-II', cytogenetic_risk: null },
    };
  });
}

function snapshot(all: SnapshotSubject[]): AnalysisSnapshot {
  return {
    format: 'prospect.analysis-snapshot/1',
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
    lookNumber: 1,
    frozenAt: '2027-06-01T00:00:00.000Z',
    design: {
      threshold: PROTOCOL.decisionThreshold,
      plannedSampleSize: 160,
      primaryHypothesis: PROTOCOL.primaryHypothesis,
      interimPlan: PROTOCOL.interimPlan,
      subgroups: [
        { name: 'iss_stage', label: 'ISS stage', covariate: 'iss_stage' },
        { name: 'cytogenetic_risk', label: 'Cytogenetic risk', covariate: 'cytogenetic_risk' },
      ],
      confidence: 0.95,
    },
    previousLooks: [],
    subjects: all,
  };
}

const frozen = snapshot(subjects(120, 80));
const result: AnalysisResult = runAnalysis(frozen);
const sample = sampleFromSnapshot(frozen);
const look = { lookNumber: 1, resultSha256: 'b'.repeat(64) };

describe('sampleFromSnapshot', () => {
  it('keeps the per-protocol subjects with an outcome, in order', () => {
    // 80 with an outcome, one of them withdrawn (excluded).
    expect(sample.scores).toHaveLength(79);
    expect(sample.outcomes).toHaveLength(79);
    expect(sample.scores[3]).toBe(frozen.subjects[4]?.probability);
    expect(result.primary.n).toBe(79);
  });
});

describe('lookCharts', () => {
  const charts = lookCharts({ look, result, sample, threshold: 0.4, replicates: 200 });

  it('builds ROC, calibration and decision curve from the sample, as the report draws them', () => {
    const performance = charts.performance;
    if (!performance?.roc || !performance.calibration) throw new Error('expected ROC and calibration');
    expect(performance.roc.spec.id).toBe('roc');
    expect(performance.roc.caption).toContain('look 1');
    expect(performance.roc.caption).toContain('200 replicates');
    const curve = rocCurve(sample.scores, sample.outcomes);
    const model = performance.roc.spec.series.find((series) => series.kind === 'line' && series.width === 2);
    expect(model && 'points' in model ? model.points.length : 0).toBe(curve.length);
    const band = performance.roc.spec.series.find((series) => series.kind === 'band');
    expect(band && band.kind === 'band' ? band.points.length : 0).toBeGreaterThan(5);
    // The spec is the figure: the print version is xyChart of the same spec.
    expect(xyChart(performance.roc.spec).data).toEqual(
      rocFigure({
        id: 'roc',
        curve: curve.map((point) => ({ fpr: point.fpr, tpr: point.sensitivity })),
        band:
          band && band.kind === 'band'
            ? band.points.map((p) => ({
                specificity: 1 - (p.x as number),
                lower: p.lower as number,
                upper: p.upper as number,
              }))
            : [],
        auc: {
          estimate: result.primary.available ? result.primary.report.auc.estimate : 0,
          lower: result.primary.available ? result.primary.report.auc.ci[0] : 0,
          upper: result.primary.available ? result.primary.report.auc.ci[1] : 0,
        },
      }).data,
    );
    expect(performance.calibration.spec.notes?.[0]).toMatch(/^Intercept -?\d\.\d\d, slope \d\.\d\d$/);
    const decision = performance.decisionCurve.spec.series.find(
      (series) => series.kind === 'reference' && series.orientation === 'vertical',
    );
    expect(decision && decision.kind === 'reference' ? decision.value : null).toBe(0.4);
  });

  it('is deterministic: the band is seeded by the result hash', () => {
    const again = lookCharts({ look, result, sample, threshold: 0.4, replicates: 200 });
    expect(again.performance?.roc?.spec.data).toEqual(charts.performance?.roc?.spec.data);
    const other = lookCharts({
      look: { ...look, resultSha256: 'c'.repeat(64) },
      result,
      sample,
      threshold: 0.4,
      replicates: 200,
    });
    expect(other.performance?.roc?.spec.data).not.toEqual(charts.performance?.roc?.spec.data);
  });

  it('leaves out ROC and calibration without a matching sample, keeps the decision curve', () => {
    const none = lookCharts({ look, result, sample: null, threshold: 0.4 });
    expect(none.performance?.roc).toBeNull();
    expect(none.performance?.calibration).toBeNull();
    expect(none.performance?.decisionCurve.spec.id).toBe('decision-curve');
    const short = lookCharts({
      look,
      result,
      sample: { scores: sample.scores.slice(1), outcomes: sample.outcomes.slice(1) },
      threshold: 0.4,
    });
    expect(short.performance?.roc).toBeNull();
  });

  it('says why when the primary analysis is unavailable', () => {
    const allNegative = subjects(20, 20).map((subject) => ({ ...subject, outcome: 0 as const }));
    const unavailable = lookCharts({
      look,
      result: runAnalysis(snapshot(allNegative)),
      sample: null,
      threshold: 0.4,
    });
    expect(unavailable.performance).toBeNull();
    expect(unavailable.primaryUnavailable).toContain('both outcome classes');
  });

  it('draws forest plots by site and subgroup and reports the unavailable ones', () => {
    expect(charts.forests.map((forest) => [forest.by, forest.name, 'chart' in forest])).toEqual([
      ['site', 'site', true],
      ['subgroup', 'iss_stage', true],
      ['subgroup', 'cytogenetic_risk', true],
    ]);
    const unavailable = forestCharts({
      sites: { unavailable: 'one site only' },
      subgroups: [{ name: 'iss_stage', unavailable: 'no covariate values' }],
    });
    expect(unavailable).toEqual([
      { by: 'site', name: 'site', unavailable: 'one site only' },
      { by: 'subgroup', name: 'iss_stage', unavailable: 'no covariate values' },
    ]);
    const site = charts.forests[0];
    if (!site || !('chart' in site)) throw new Error('expected the site forest');
    expect(site.chart.spec.y.labels?.map((label) => label.text)).toEqual([
      'HD01',
      'TU02',
      'Pooled (random effects)',
    ]);
    expect(site.chart.caption).toMatch(/^AUC by site \(DeLong 95 % intervals\); heterogeneity Q = /);
    const pooled = site.chart.spec.overlays?.[0];
    expect(pooled?.kind === 'errorBars' && pooled.marker).toBe('diamond');
  });

  it('plots each look’s z against the observed boundaries', () => {
    const data = charts.boundary.spec.data;
    expect(data?.rows.filter((row) => row[0] === 'observed')).toHaveLength(1);
    expect(data?.rows.find((row) => row[0] === 'observed')?.[4]).toBe(
      result.primary.available ? result.primary.test?.z : null,
    );
  });
});

describe('boundaries', () => {
  it('adds the lower efficacy boundary of a two-sided plan on request', () => {
    const one = analysisBoundaryChart(result);
    const two = analysisBoundaryChart(result, { sided: 2 });
    expect(one.spec.series.some((series) => series.label === 'Lower efficacy boundary')).toBe(false);
    const lower = two.spec.series.find((series) => series.label === 'Lower efficacy boundary');
    expect(lower && lower.kind === 'line' ? lower.points.map((point) => point[1]) : []).toEqual(
      result.boundaries.observed.criticalValues.map((value) => -value),
    );
    expect(two.spec.data?.columns.at(-1)).toBe('lower_efficacy_z');
  });

  it('computes the plan’s boundaries exactly as the analyses do', () => {
    const plan = PROTOCOL.interimPlan;
    const fractions = plan.looks.map((entry) => entry.informationFraction);
    const planned = plannedBoundaries(plan);
    expect(planned.efficacy).toEqual(analysisPlannedBoundaries(plan).criticalValues);
    expect(planned.futility).toEqual(futilityBounds(plan, fractions)?.bounds);
    const pocock: InterimPlan = {
      looks: [{ informationFraction: 0.3 }, { informationFraction: 0.6 }, { informationFraction: 1 }],
      alpha: 0.05,
      sided: 2,
      spending: { type: 'hwang-shih-decani', gamma: -2 },
      futility: { type: 'none' },
    };
    expect(plannedBoundaries(pocock).efficacy).toEqual(analysisPlannedBoundaries(pocock).criticalValues);
    expect(plannedBoundaries(pocock).futility).toBeNull();
    const chart = plannedBoundaryChart(pocock);
    expect(chart.spec.series.some((series) => series.label === 'Lower efficacy boundary')).toBe(true);
    expect(chart.spec.data?.rows.some((row) => row[0] === 'observed')).toBe(false);
    expect(chart.caption).toContain('2-sided α 0.05, Hwang–Shih–DeCani spending');
  });
});

describe('calibrationGroups', () => {
  it('splits by predicted risk into groups of about equal size with Wilson intervals', () => {
    const groups = calibrationGroups([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0, 0, 1, 0, 1, 1, 0, 1]);
    expect(groups.map((group) => group.n)).toEqual([4, 4]);
    expect(groups[0]?.observed).toBe(0.25);
    expect(groups[0]?.meanPredicted).toBeCloseTo(0.25, 12);
    expect(groups[1]?.lower).toBeLessThan(0.75);
    expect(groups[1]?.upper).toBeGreaterThan(0.75);
  });
});

describe('forestChartSpec', () => {
  it('keeps the print figure and draws the pooled estimate as a diamond', () => {
    const input = {
      rows: [{ label: 'A', n: 10, events: 4, estimate: 0.7, lower: 0.6, upper: 0.8 }],
      pooled: { label: 'Pooled', estimate: 0.7, lower: 0.6, upper: 0.8 },
      nullValue: 0.5,
      xLabel: 'AUC',
    };
    expect(xyChart(forestChartSpec(input))).toEqual(forestFigure(input));
    const diamond = xyChart({ ...forestChartSpec(input), series: forestChartSpec(input).overlays ?? [] });
    expect(diamond.elements.filter((element) => element.kind === 'polygon')).toHaveLength(2);
  });
});

describe('evaluationCharts', () => {
  const plan = PROTOCOL.healthEconomics;
  if (!plan) throw new Error('the example protocol has a health-economic plan');
  const evaluation = economicEvaluation({
    plan,
    threshold: PROTOCOL.decisionThreshold,
    outcomes: sample.outcomes,
    scores: sample.scores,
    draws: 50,
    seed: 'charts-spec',
  });

  it('draws the CE plane and the acceptability curves', () => {
    const charts = evaluationCharts(evaluation);
    expect(charts.map((chart) => chart.spec.id)).toEqual(['ce-plane', 'ceac']);
    expect(charts[0]?.caption).toContain('in 50 probabilistic draws (seed charts-spec)');
    const ceac = charts[1]?.spec;
    expect(ceac?.data?.columns[0]).toBe('wtp');
    expect(ceac?.data?.rows).toHaveLength(evaluation.psa?.ceac.wtp.length ?? -1);
  });

  it('draws nothing without a probabilistic sensitivity analysis', () => {
    expect(evaluationCharts({ ...evaluation, psa: null })).toEqual([]);
  });
});
