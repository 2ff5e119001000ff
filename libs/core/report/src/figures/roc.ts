import { PALETTE, type Figure, type FigureCell } from '../graphics/figure';
import { xyChart, type XyChartSpec, type Series } from '../graphics/xy-chart';
import { cell, formatWithCi } from './format';

export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
}

/** Sensitivity confidence interval at a fixed specificity (plotted at x = 1 − specificity). */
export interface RocBandPoint {
  readonly specificity: number;
  readonly lower: number;
  readonly upper: number;
}

export interface EstimateWithCi {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface RocFigureInput {
  readonly curve: readonly RocPoint[];
  readonly band?: readonly RocBandPoint[];
  readonly auc: EstimateWithCi;
  readonly comparatorCurve?: readonly RocPoint[];
  readonly comparatorLabel?: string;
  readonly modelLabel?: string;
  readonly id?: string;
  readonly title?: string;
}

/**
 * ROC curve with the chance diagonal, an optional pointwise sensitivity band and comparator,
 * and the AUC with its confidence interval in the legend.
 */
export function rocChartSpec(input: RocFigureInput): XyChartSpec {
  const modelLabel = input.modelLabel ?? 'Model';
  const comparatorLabel = input.comparatorLabel ?? 'Comparator';
  const aucText = formatWithCi(input.auc.estimate, input.auc.lower, input.auc.upper);
  const band = [...(input.band ?? [])]
    .map((point) => ({ x: 1 - point.specificity, lower: point.lower, upper: point.upper }))
    .sort((a, b) => a.x - b.x);
  const series: Series[] = [];
  if (band.length > 0)
    series.push({ kind: 'band', label: '95% CI (sensitivity)', colour: PALETTE.blue, points: band });
  series.push({ kind: 'reference', orientation: 'diagonal', label: 'Chance', colour: PALETTE.grey });
  if (input.comparatorCurve && input.comparatorCurve.length > 0) {
    series.push({
      kind: 'line',
      label: comparatorLabel,
      colour: PALETTE.orange,
      dash: [5, 3],
      points: input.comparatorCurve.map((point) => [point.fpr, point.tpr]),
    });
  }
  series.push({
    kind: 'line',
    label: `${modelLabel}, AUC ${aucText}`,
    colour: PALETTE.blue,
    width: 2,
    points: input.curve.map((point) => [point.fpr, point.tpr]),
  });

  const rows: (readonly FigureCell[])[] = [
    ...input.curve.map((point) => [modelLabel, cell(point.fpr), cell(point.tpr), null, null]),
    ...band.map((point) => [
      '95% CI (sensitivity)',
      cell(point.x),
      null,
      cell(point.lower),
      cell(point.upper),
    ]),
    ...(input.comparatorCurve ?? []).map((point) => [
      comparatorLabel,
      cell(point.fpr),
      cell(point.tpr),
      null,
      null,
    ]),
  ];
  return {
    id: input.id ?? 'roc',
    title: input.title ?? 'ROC curve',
    description:
      `Receiver operating characteristic curve of ${modelLabel}: sensitivity against false positive rate ` +
      `(1 − specificity), AUC ${aucText}. The dashed diagonal is chance performance.`,
    width: 420,
    height: 400,
    x: { label: 'False positive rate (1 − specificity)', domain: [0, 1] },
    y: { label: 'Sensitivity', domain: [0, 1] },
    grid: true,
    legend: 'bottom-right',
    series,
    data: { columns: ['series', 'fpr', 'tpr', 'tpr_lower', 'tpr_upper'], rows },
  };
}

/** The print figure of rocChartSpec: what the submission report embeds. */
export function rocFigure(input: RocFigureInput): Figure {
  return xyChart(rocChartSpec(input));
}
