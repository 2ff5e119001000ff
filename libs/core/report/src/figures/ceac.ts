import { PALETTE, type Figure, type FigureCell } from '../graphics/figure';
import { formatCompact } from '../graphics/scale';
import { xyChart, type XyChartSpec, type Series, type XyPoint } from '../graphics/xy-chart';
import { cell } from './format';

export interface CeacFigureInput {
  readonly wtp: readonly number[];
  /** Probability that each strategy is cost-effective at each WTP. */
  readonly curves: readonly { readonly label: string; readonly probability: readonly (number | null)[] }[];
  /** Index of the strategy on the cost-effectiveness frontier (optimal expected net benefit) per WTP. */
  readonly frontier?: readonly number[];
  readonly currency: string;
  readonly id?: string;
  readonly title?: string;
}

/** Cost-effectiveness acceptability curves, with the frontier marked when given. */
export function ceacChartSpec(input: CeacFigureInput): XyChartSpec {
  const series: Series[] = input.curves.map((curve): Series => ({
    kind: 'line',
    label: curve.label,
    points: input.wtp.map((wtp, index): XyPoint => [wtp, curve.probability[index]]),
  }));
  const frontier = input.frontier ?? [];
  const frontierProbability = (index: number): number | null =>
    cell(input.curves[frontier[index] ?? -1]?.probability[index]);
  if (frontier.length > 0) {
    series.push({
      kind: 'points',
      label: 'Frontier (optimal strategy)',
      colour: PALETTE.black,
      radius: 3,
      filled: false,
      points: input.wtp.map((wtp, index): XyPoint => [wtp, frontierProbability(index)]),
    });
  }
  const rows: (readonly FigureCell[])[] = input.wtp.map((wtp, index) => [
    cell(wtp),
    ...input.curves.map((curve) => cell(curve.probability[index])),
    ...(frontier.length > 0 ? [input.curves[frontier[index] ?? -1]?.label ?? null] : []),
  ]);
  return {
    id: input.id ?? 'ceac',
    title: input.title ?? 'Cost-effectiveness acceptability curves',
    description:
      `Probability that each of ${input.curves.length} strategies is cost-effective against willingness to pay` +
      (frontier.length > 0 ? ', with the cost-effectiveness frontier marked.' : '.'),
    width: 480,
    height: 340,
    x: {
      label: `Willingness to pay (${input.currency.trim()})`,
      include: [0],
      format: (value) => formatCompact(value, input.currency),
    },
    y: { label: 'Probability cost-effective', domain: [0, 1] },
    grid: true,
    legend: 'top-right',
    series,
    data: {
      columns: [
        'wtp',
        ...input.curves.map((curve) => curve.label),
        ...(frontier.length > 0 ? ['frontier'] : []),
      ],
      rows,
    },
  };
}

/** The print figure of ceacChartSpec: what the submission report embeds. */
export function ceacFigure(input: CeacFigureInput): Figure {
  return xyChart(ceacChartSpec(input));
}
