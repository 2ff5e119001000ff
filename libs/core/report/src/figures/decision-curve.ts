import { PALETTE, type Figure } from '../graphics/figure';
import { niceStep } from '../graphics/scale';
import { xyChart, type XyChartSpec, type Series } from '../graphics/xy-chart';
import { cell, formatEstimate } from './format';

export interface DecisionCurvePoint {
  readonly threshold: number;
  /** Net benefit of acting on the model at this threshold. */
  readonly model: number | null;
  /** Net benefit of treating everyone. */
  readonly treatAll: number | null;
}

export interface DecisionCurveFigureInput {
  readonly points: readonly DecisionCurvePoint[];
  /** The decision threshold fixed in the protocol, marked with a vertical line. */
  readonly lockedThreshold: number | null;
  readonly id?: string;
  readonly title?: string;
}

const FLOOR = -0.05;

/**
 * Decision curve: net benefit of the model, treat-all and treat-none (0) against the threshold
 * probability. The y axis runs from −0.05 to about the prevalence (treat-all at threshold 0):
 * treat-all falls steeply negative at high thresholds and would otherwise flatten everything.
 */
export function decisionCurveChartSpec(input: DecisionCurveFigureInput): XyChartSpec {
  const values = input.points
    .flatMap((point) => [point.model, point.treatAll])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const highest = Math.max(0.05, ...values);
  const step = niceStep(highest / 5);
  const top = Math.ceil(highest / step - 1e-9) * step;
  const series: Series[] = [
    {
      kind: 'reference',
      orientation: 'horizontal',
      value: 0,
      label: 'Treat none',
      colour: PALETTE.black,
      dash: [],
    },
    {
      kind: 'line',
      label: 'Treat all',
      colour: PALETTE.grey,
      points: input.points.map((point) => [point.threshold, point.treatAll]),
    },
    {
      kind: 'line',
      label: 'Model',
      colour: PALETTE.blue,
      width: 2,
      points: input.points.map((point) => [point.threshold, point.model]),
    },
  ];
  if (typeof input.lockedThreshold === 'number' && Number.isFinite(input.lockedThreshold)) {
    series.push({
      kind: 'reference',
      orientation: 'vertical',
      value: input.lockedThreshold,
      label: `Locked threshold ${formatEstimate(input.lockedThreshold)}`,
      colour: PALETTE.vermillion,
      dash: [4, 3],
    });
  }
  return {
    id: input.id ?? 'decision-curve',
    title: input.title ?? 'Decision curve',
    description:
      'Decision curve analysis: net benefit of the model, of treating all and of treating none against ' +
      'the threshold probability' +
      (series.length > 3
        ? `, with the locked threshold ${formatEstimate(input.lockedThreshold)} marked.`
        : '.'),
    width: 480,
    height: 340,
    x: { label: 'Threshold probability', domain: [0, 1] },
    y: { label: 'Net benefit', domain: [FLOOR, Number(top.toPrecision(12))] },
    grid: true,
    legend: 'top-right',
    series,
    data: {
      columns: ['threshold', 'net_benefit_model', 'net_benefit_treat_all', 'net_benefit_treat_none'],
      rows: input.points.map((point) => [cell(point.threshold), cell(point.model), cell(point.treatAll), 0]),
    },
  };
}

/** The print figure of decisionCurveChartSpec: what the submission report embeds. */
export function decisionCurveFigure(input: DecisionCurveFigureInput): Figure {
  return xyChart(decisionCurveChartSpec(input));
}
