import type { InterimPlan, SpendingFunction } from '@prospect/domain';
import type { EconomicEvaluationResult } from '@prospect/economics';
import {
  plannedSpendingBoundaries,
  rocCurve,
  rocSensitivityBand,
  smoothedCalibrationCurve,
  wilsonInterval,
  type PerformanceReport,
  type SubgroupPerformance,
} from '@prospect/stats';
import { boundaryChartSpec } from '../figures/boundary';
import { calibrationChartSpec, type CalibrationGroup } from '../figures/calibration';
import { ceacChartSpec } from '../figures/ceac';
import { cePlaneChartSpec } from '../figures/ce-plane';
import { decisionCurveChartSpec } from '../figures/decision-curve';
import { forestChartSpec } from '../figures/forest';
import { formatEstimate } from '../figures/format';
import { rocChartSpec } from '../figures/roc';
import type { XyChartSpec } from '../graphics/xy-chart';
import type { ReportAnalysisResult, ReportSnapshot } from './analysis-types';

/**
 * The mapping from analysis and evaluation results to chart specs, shared by the submission
 * report (through `xyChart`) and the web app (through its interactive renderer): both show the
 * same curves, the same numbers and the same captions.
 */
export interface ReportChart {
  readonly spec: XyChartSpec;
  readonly caption: string;
}

/** Per-protocol subjects of a look (locked probability, outcome), in snapshot order. */
export interface ChartSample {
  readonly scores: readonly number[];
  readonly outcomes: readonly (0 | 1)[];
}

/** Bootstrap replicates of the ROC curve's pointwise sensitivity band (pROC's `ci.se` default). */
export const ROC_BAND_REPLICATES = 2000;

/** The analyses' per-protocol rule on a frozen snapshot: an outcome and no exclusion. */
export function sampleFromSnapshot(snapshot: ReportSnapshot): ChartSample {
  const perProtocol = snapshot.subjects.filter(
    (subject) => subject.outcome !== null && subject.exclusions.length === 0,
  );
  return {
    scores: perProtocol.map((subject) => subject.probability),
    outcomes: perProtocol.map((subject) => subject.outcome as 0 | 1),
  };
}

/** Groups of about equal size by predicted risk (deciles when there are 100 subjects or more). */
export function calibrationGroups(
  scores: readonly number[],
  outcomes: readonly (0 | 1)[],
): CalibrationGroup[] {
  const order = scores.map((_, index) => index).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const count = Math.max(2, Math.min(10, Math.floor(scores.length / 10)));
  const groups: CalibrationGroup[] = [];
  for (let group = 0; group < count; group++) {
    const members = order.slice(
      Math.floor((group * order.length) / count),
      Math.floor(((group + 1) * order.length) / count),
    );
    if (members.length === 0) continue;
    const events = members.reduce((sum, index) => sum + (outcomes[index] as number), 0);
    const [lower, upper] = wilsonInterval(events, members.length);
    groups.push({
      meanPredicted: members.reduce((sum, index) => sum + (scores[index] as number), 0) / members.length,
      observed: events / members.length,
      lower,
      upper,
      n: members.length,
    });
  }
  return groups;
}

export interface PerformanceChartsInput {
  /** The look: its number (captions) and result hash (the band's bootstrap seed). */
  readonly look: { readonly lookNumber: number; readonly resultSha256: string };
  readonly report: PerformanceReport;
  /** The look's per-protocol sample; ROC and calibration need it and must match the report's n. */
  readonly sample: ChartSample | null;
  /** The locked decision threshold, marked on the decision curve. */
  readonly threshold: number;
  /** Band replicates (default {@link ROC_BAND_REPLICATES}, as in the report). */
  readonly replicates?: number;
}

export interface PerformanceCharts {
  /** Null without a per-subject sample matching the report. */
  readonly roc: ReportChart | null;
  readonly calibration: ReportChart | null;
  readonly decisionCurve: ReportChart;
}

/** ROC curve with its bootstrap band, calibration plot and decision curve of one look. */
export function performanceCharts(input: PerformanceChartsInput): PerformanceCharts {
  const { look, report, sample, threshold } = input;
  const replicates = input.replicates ?? ROC_BAND_REPLICATES;
  const calibration = 'unavailable' in report.calibration ? null : report.calibration;
  let roc: ReportChart | null = null;
  let calibrationChart: ReportChart | null = null;
  if (sample && sample.scores.length === report.n) {
    const curve = rocCurve(sample.scores, sample.outcomes);
    const band = rocSensitivityBand(sample.scores, sample.outcomes, { replicates, seed: look.resultSha256 });
    roc = {
      spec: rocChartSpec({
        id: 'roc',
        curve: curve.map((point) => ({ fpr: point.fpr, tpr: point.sensitivity })),
        band: band.map((point) => ({
          specificity: point.specificity,
          lower: point.lower,
          upper: point.upper,
        })),
        auc: { estimate: report.auc.estimate, lower: report.auc.ci[0], upper: report.auc.ci[1] },
      }),
      caption:
        `ROC curve of the locked predictions (per protocol, look ${look.lookNumber}) with a pointwise 95 % band of the ` +
        `sensitivity at fixed specificities (stratified bootstrap, ${replicates} replicates, percentile intervals).`,
    };
    calibrationChart = {
      spec: calibrationChartSpec({
        id: 'calibration',
        groups: calibrationGroups(sample.scores, sample.outcomes),
        smooth: smoothedCalibrationCurve(sample.scores, sample.outcomes).curve.map((point) => ({
          predicted: point.predicted,
          observed: point.observed,
        })),
        intercept: calibration?.intercept.estimate ?? null,
        slope: calibration?.slope.estimate ?? null,
      }),
      caption:
        'Calibration: observed proportion against mean predicted probability by group of predicted risk (Wilson ' +
        '95 % intervals), with a lowess-smoothed curve; the diagonal is perfect calibration.',
    };
  }
  const decisionCurve: ReportChart = {
    spec: decisionCurveChartSpec({
      id: 'decision-curve',
      points: report.netBenefit.map((point) => ({
        threshold: point.threshold,
        model: point.model,
        treatAll: point.treatAll,
      })),
      lockedThreshold: threshold,
    }),
    caption:
      'Decision curve: net benefit of acting on the model, of treating everyone and of treating no one, across ' +
      'threshold probabilities; the vertical line marks the locked threshold.',
  };
  return { roc, calibration: calibrationChart, decisionCurve };
}

/** A forest plot by site or by one subgroup, or why it could not be drawn. */
export type ForestChart =
  | {
      readonly by: 'site' | 'subgroup';
      /** `site`, or the subgroup's name. */
      readonly name: string;
      readonly chart: ReportChart;
    }
  | { readonly by: 'site' | 'subgroup'; readonly name: string; readonly unavailable: string };

function forestChart(
  id: string,
  title: string,
  performance: SubgroupPerformance,
  label: string,
): ReportChart {
  const fixed = (value: number | null | undefined, digits = 3): string => formatEstimate(value, digits);
  const heterogeneity = performance.heterogeneity;
  return {
    spec: forestChartSpec({
      id,
      title,
      nullValue: 0.5,
      xLabel: 'AUC (95 % CI)',
      rows: performance.groups.map((group) => ({
        label: group.name,
        n: group.n,
        events: group.events,
        estimate: group.auc?.estimate ?? null,
        lower: group.auc?.ci[0] ?? null,
        upper: group.auc?.ci[1] ?? null,
      })),
      ...(heterogeneity
        ? {
            pooled: {
              label: 'Pooled (random effects)',
              estimate: heterogeneity.randomEffects.estimate,
              lower: heterogeneity.randomEffects.ci[0],
              upper: heterogeneity.randomEffects.ci[1],
            },
          }
        : {}),
    }),
    caption:
      `AUC by ${label} (DeLong 95 % intervals)` +
      (heterogeneity
        ? `; heterogeneity Q = ${fixed(heterogeneity.q, 2)} on ${heterogeneity.df} df, p = ${fixed(heterogeneity.p)}, ` +
          `I² = ${fixed(100 * heterogeneity.i2, 1)} %, DerSimonian–Laird τ² = ${fixed(heterogeneity.randomEffects.tau2, 4)}.`
        : `; heterogeneity not estimable (${performance.heterogeneityReason ?? 'fewer than two groups'}).`),
  };
}

/** Forest plots of the AUC by site, then by each pre-specified subgroup, in the result's order. */
export function forestCharts(result: Pick<ReportAnalysisResult, 'sites' | 'subgroups'>): ForestChart[] {
  const charts: ForestChart[] = [];
  if ('unavailable' in result.sites) {
    charts.push({ by: 'site', name: 'site', unavailable: result.sites.unavailable });
  } else {
    charts.push({
      by: 'site',
      name: 'site',
      chart: forestChart('forest-sites', 'AUC by site', result.sites, 'site'),
    });
  }
  for (const subgroup of result.subgroups) {
    if ('unavailable' in subgroup) {
      charts.push({ by: 'subgroup', name: subgroup.name, unavailable: subgroup.unavailable });
    } else {
      charts.push({
        by: 'subgroup',
        name: subgroup.name,
        chart: forestChart(
          `forest-${subgroup.name}`,
          `AUC by ${subgroup.label}`,
          subgroup.performance,
          subgroup.label,
        ),
      });
    }
  }
  return charts;
}

/**
 * Efficacy boundaries at the observed information fractions (later looks as planned), the
 * planned futility bounds and each look's observed z, from a result. `sided: 2` adds the lower
 * efficacy boundary (the report, which does not know the plan's sidedness, leaves it out).
 */
export function analysisBoundaryChart(
  result: Pick<ReportAnalysisResult, 'boundaries'>,
  options: { readonly sided?: 1 | 2 } = {},
): ReportChart {
  const boundaries = result.boundaries;
  return {
    spec: boundaryChartSpec({
      id: 'boundaries',
      informationFractions: boundaries.observed.informationFractions,
      efficacy: boundaries.observed.criticalValues,
      futility: boundaries.planned.futilityBounds,
      ...(options.sided === 2
        ? { lowerEfficacy: boundaries.observed.criticalValues.map((value) => -value) }
        : {}),
      observed: boundaries.zStatistics.map((z, index) => ({
        informationFraction: boundaries.observed.informationFractions[index] ?? Number.NaN,
        z,
      })),
    }),
    caption:
      'Group-sequential efficacy boundaries at the observed information fractions (later looks as planned), the ' +
      'planned non-binding futility bounds where the plan has them, and the observed z statistic of each look.',
  };
}

/** The plan's efficacy boundaries and β-spending futility bounds at its planned information fractions. */
export function plannedBoundaries(plan: InterimPlan): {
  readonly informationFractions: readonly number[];
  readonly efficacy: readonly number[];
  readonly futility: readonly number[] | null;
  readonly alphaSpent: readonly number[];
} {
  const planned = plannedSpendingBoundaries(
    plan,
    plan.looks.map((look) => look.informationFraction),
  );
  return {
    informationFractions: planned.informationFractions,
    efficacy: planned.efficacy.criticalValues,
    futility: planned.futility,
    alphaSpent: planned.efficacy.alphaSpent,
  };
}

/** The plan's boundaries alone (no observed values): what a blinded statistician may see. */
export function plannedBoundaryChart(plan: InterimPlan): ReportChart {
  const planned = plannedBoundaries(plan);
  const spending: Readonly<Record<SpendingFunction['type'], string>> = {
    'obrien-fleming': 'O’Brien–Fleming-type',
    pocock: 'Pocock-type',
    'hwang-shih-decani': 'Hwang–Shih–DeCani',
    power: 'power-family',
  };
  return {
    spec: boundaryChartSpec({
      id: 'planned-boundaries',
      title: 'Planned group-sequential boundaries',
      informationFractions: planned.informationFractions,
      efficacy: planned.efficacy,
      futility: planned.futility,
      ...(plan.sided === 2 ? { lowerEfficacy: planned.efficacy.map((value) => -value) } : {}),
      observed: [],
    }),
    caption:
      `Efficacy boundaries of the pre-registered plan (${plan.sided}-sided α ${plan.alpha}, ` +
      `${spending[plan.spending.type]} spending) at the planned information fractions` +
      (planned.futility ? ', with the non-binding β-spending futility bounds.' : '.') +
      ' Looks taken at other information fractions recompute the boundaries from the spending function.',
  };
}

export interface LookChartsInput {
  readonly look: { readonly lookNumber: number; readonly resultSha256: string };
  readonly result: ReportAnalysisResult;
  readonly sample: ChartSample | null;
  readonly threshold: number;
  readonly replicates?: number;
}

export interface LookCharts {
  /** Null when the primary analysis could not be computed (see `primaryUnavailable`). */
  readonly performance: PerformanceCharts | null;
  readonly primaryUnavailable: string | null;
  readonly forests: readonly ForestChart[];
  readonly boundary: ReportChart;
}

/** Every chart of one analysed look, as the submission report draws them. */
export function lookCharts(input: LookChartsInput): LookCharts {
  const primary = input.result.primary;
  return {
    performance: primary.available
      ? performanceCharts({
          look: input.look,
          report: primary.report,
          sample: input.sample,
          threshold: input.threshold,
          ...(input.replicates === undefined ? {} : { replicates: input.replicates }),
        })
      : null,
    primaryUnavailable: primary.available ? null : primary.reason,
    forests: forestCharts(input.result),
    boundary: analysisBoundaryChart(input.result),
  };
}

/** The cost-effectiveness plane (first comparison) and acceptability curves; none without a PSA. */
export function evaluationCharts(result: EconomicEvaluationResult): ReportChart[] {
  const psa = result.psa;
  if (!psa) return [];
  const currency = result.currency;
  const charts: ReportChart[] = [];
  const plane = psa.plane[0];
  if (plane) {
    charts.push({
      spec: cePlaneChartSpec({
        id: 'ce-plane',
        title: `Cost-effectiveness plane: ${plane.strategy} vs ${plane.comparator}`,
        points: plane.points,
        mean: [plane.summary.deltaEffect.mean, plane.summary.deltaCost.mean],
        wtp: result.baseCase.netMonetaryBenefit.map((row) => row.wtp),
        currency,
        effectLabel: result.effectMeasure,
      }),
      caption:
        `Incremental cost and effect of ${plane.strategy} against ${plane.comparator} in ${psa.draws} probabilistic ` +
        `draws (seed ${String(psa.seed)}), with willingness-to-pay lines through the origin.`,
    });
  }
  charts.push({
    spec: ceacChartSpec({
      id: 'ceac',
      wtp: psa.ceac.wtp,
      curves: psa.ceac.probability.map((row) => ({ label: row.strategy, probability: row.values })),
      frontier: psa.ceac.frontier.map((point) =>
        psa.ceac.probability.findIndex((row) => row.strategy === point.strategy),
      ),
      currency,
    }),
    caption:
      'Cost-effectiveness acceptability curves: the probability that each strategy has the highest net monetary ' +
      'benefit at each willingness to pay, with the acceptability frontier.',
  });
  return charts;
}
