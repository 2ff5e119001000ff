import { PALETTE, type Figure, type FigureCell } from '../graphics/figure';
import { formatCompact } from '../graphics/scale';
import { xyChart, type XyChartSpec, type Series } from '../graphics/xy-chart';
import { cell } from './format';

export interface CePlaneFigureInput {
  /** Probabilistic sensitivity analysis draws as [incremental effect, incremental cost]. */
  readonly points: readonly (readonly [number, number])[];
  readonly mean: readonly [number, number];
  /** Willingness-to-pay thresholds drawn as lines through the origin (cost = wtp × effect). */
  readonly wtp: readonly number[];
  /** Currency symbol or code prefixed to amounts ("€", "£", "USD "). */
  readonly currency: string;
  /** Unit of effect, e.g. "QALY". */
  readonly effectLabel: string;
  readonly id?: string;
  readonly title?: string;
}

/** Cost-effectiveness plane: PSA scatter, mean, WTP lines and quadrant axes through the origin. */
export function cePlaneChartSpec(input: CePlaneFigureInput): XyChartSpec {
  const lineColours = [PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.sky];
  const series: Series[] = [
    { kind: 'reference', orientation: 'horizontal', value: 0, colour: '#333333', dash: [] },
    { kind: 'reference', orientation: 'vertical', value: 0, colour: '#333333', dash: [] },
    {
      kind: 'points',
      label: `Simulations (n=${input.points.length})`,
      colour: PALETTE.blue,
      radius: 1.5,
      opacity: 0.35,
      points: input.points,
    },
    ...input.wtp.map((wtp, index): Series => ({
      kind: 'reference',
      orientation: 'diagonal',
      slope: wtp,
      intercept: 0,
      label: `WTP ${formatCompact(wtp, input.currency)} per ${input.effectLabel}`,
      colour: lineColours[index % lineColours.length] ?? PALETTE.grey,
      dash: [5, 3],
    })),
    { kind: 'points', label: 'Mean', colour: PALETTE.vermillion, radius: 4, points: [input.mean] },
  ];
  const rows: (readonly FigureCell[])[] = [
    ['mean', cell(input.mean[0]), cell(input.mean[1])],
    ...input.points.map((point, index) => [`draw ${index + 1}`, cell(point[0]), cell(point[1])]),
  ];
  return {
    id: input.id ?? 'ce-plane',
    title: input.title ?? 'Cost-effectiveness plane',
    description:
      `Cost-effectiveness plane: incremental cost against incremental ${input.effectLabel} for ` +
      `${input.points.length} simulations, mean (${formatCompact(input.mean[0])}, ` +
      `${formatCompact(input.mean[1], input.currency)}), with willingness-to-pay lines.`,
    width: 480,
    height: 380,
    x: { label: `Incremental ${input.effectLabel}`, include: [0] },
    y: {
      label: `Incremental cost (${input.currency.trim()})`,
      include: [0],
      format: (value) => formatCompact(value, input.currency),
    },
    legend: 'top-left',
    series,
    data: { columns: ['point', 'incremental_effect', 'incremental_cost'], rows },
  };
}

/** The print figure of cePlaneChartSpec: what the submission report embeds. */
export function cePlaneFigure(input: CePlaneFigureInput): Figure {
  return xyChart(cePlaneChartSpec(input));
}
