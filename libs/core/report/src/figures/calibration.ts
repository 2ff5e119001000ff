import { PALETTE, type Figure, type FigureCell, type FigureElement } from '../graphics/figure';
import { textElement } from '../graphics/shapes';
import { xyChart, type XyChartSpec, type Series, type XyPoint } from '../graphics/xy-chart';
import { cell, formatEstimate } from './format';

/** Observed proportion (with CI) in a group of predictions, e.g. a risk decile. */
export interface CalibrationGroup {
  readonly meanPredicted: number;
  readonly observed: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

export interface CalibrationFigureInput {
  readonly groups: readonly CalibrationGroup[];
  /** Smoothed calibration curve (e.g. loess). */
  readonly smooth?: readonly { readonly predicted: number; readonly observed: number }[];
  readonly intercept: number | null;
  readonly slope: number | null;
  readonly id?: string;
  readonly title?: string;
}

/** Calibration plot on 0–1 axes: grouped observed proportions with CIs, smooth curve, ideal line. */
export function calibrationChartSpec(input: CalibrationFigureInput): XyChartSpec {
  // Vertical CI whiskers as one line series with gaps between groups.
  const whiskers: XyPoint[] = input.groups.flatMap((group): XyPoint[] => [
    [group.meanPredicted, group.lower],
    [group.meanPredicted, group.upper],
    [null, null],
  ]);
  const series: Series[] = [
    { kind: 'reference', orientation: 'diagonal', label: 'Ideal', colour: PALETTE.grey },
    { kind: 'line', colour: PALETTE.vermillion, width: 1, points: whiskers },
    {
      kind: 'points',
      label: 'Grouped observed (95% CI)',
      colour: PALETTE.vermillion,
      radius: 3.5,
      points: input.groups.map((group) => [group.meanPredicted, group.observed]),
    },
  ];
  if (input.smooth && input.smooth.length > 0) {
    series.push({
      kind: 'line',
      label: 'Smoothed',
      colour: PALETTE.blue,
      points: input.smooth.map((point) => [point.predicted, point.observed]),
    });
  }
  const summary = `Intercept ${formatEstimate(input.intercept)}, slope ${formatEstimate(input.slope)}`;
  const rows: (readonly FigureCell[])[] = [
    ...input.groups.map((group) => [
      'group',
      cell(group.meanPredicted),
      cell(group.observed),
      cell(group.lower),
      cell(group.upper),
      cell(group.n),
    ]),
    ...(input.smooth ?? []).map((point) => [
      'smooth',
      cell(point.predicted),
      cell(point.observed),
      null,
      null,
      null,
    ]),
  ];
  return {
    id: input.id ?? 'calibration',
    title: input.title ?? 'Calibration',
    description:
      `Calibration plot: observed proportion against mean predicted risk in ${input.groups.length} groups ` +
      `with 95% confidence intervals; the diagonal is perfect calibration. ${summary}.`,
    width: 420,
    height: 400,
    x: { label: 'Predicted probability', domain: [0, 1] },
    y: { label: 'Observed proportion', domain: [0, 1] },
    grid: true,
    legend: 'bottom-right',
    series,
    data: { columns: ['series', 'predicted', 'observed', 'lower', 'upper', 'n'], rows },
    notes: [summary],
    decorate: (frame): readonly FigureElement[] => [
      textElement(frame.plot.left + 8, frame.plot.top + 14, summary, { size: 9 }),
    ],
  };
}

/** The print figure of calibrationChartSpec: what the submission report embeds. */
export function calibrationFigure(input: CalibrationFigureInput): Figure {
  return xyChart(calibrationChartSpec(input));
}
