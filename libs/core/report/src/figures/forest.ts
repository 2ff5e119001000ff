import { PALETTE, type Figure, type FigureCell, type FigureElement } from '../graphics/figure';
import { textElement, textWidth } from '../graphics/shapes';
import { xyChart, type XyChartSpec, type ErrorBarSeries, type PlotFrame } from '../graphics/xy-chart';
import { cell, formatWithCi } from './format';

export interface ForestRow {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface ForestPooled {
  readonly label: string;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface ForestFigureInput {
  readonly rows: readonly ForestRow[];
  readonly pooled?: ForestPooled;
  /** Value of no effect / chance (e.g. 0.5 for AUC, 1 for a ratio), drawn as a vertical line. */
  readonly nullValue: number;
  readonly xLabel: string;
  readonly id?: string;
  readonly title?: string;
  /** Decimals of the estimates printed at the right (default 2). */
  readonly digits?: number;
}

const ROW_HEIGHT = 22;
const TEXT_SIZE = 9;
const HEADER_HEIGHT = 24;

/**
 * Forest plot: one row per site or subgroup with its label, n (events), CI bar with a square
 * sized by n, and the estimate as text; the pooled estimate as a diamond below.
 */
export function forestChartSpec(input: ForestFigureInput): XyChartSpec {
  const digits = input.digits ?? 2;
  const rows = input.rows;
  const pooled = input.pooled;
  const labels = [...rows.map((row) => row.label), pooled?.label ?? ''];
  const counts = rows.map((row) => `${row.n} (${row.events})`);
  const estimates = [
    ...rows.map((row) => formatWithCi(row.estimate, row.lower, row.upper, digits)),
    pooled ? formatWithCi(pooled.estimate, pooled.lower, pooled.upper, digits) : '',
  ];
  const labelWidth = Math.max(
    textWidth('Site', TEXT_SIZE, 'bold'),
    ...labels.map((label) => textWidth(label, TEXT_SIZE, 'bold')),
  );
  const countWidth = Math.max(
    textWidth('n (events)', TEXT_SIZE, 'bold'),
    ...counts.map((text) => textWidth(text, TEXT_SIZE)),
  );
  const estimateWidth = Math.max(
    textWidth('Estimate (95% CI)', TEXT_SIZE, 'bold'),
    ...estimates.map((text) => textWidth(text, TEXT_SIZE)),
  );
  const countLeft = 8 + labelWidth + 12;
  const left = countLeft + countWidth + 16;
  const right = estimateWidth + 20;
  const plotWidth = 240;
  const pooledGap = pooled ? 1.4 : 0;
  const span = Math.max(1, rows.length) - 1 + pooledGap + 1.2;
  const height = HEADER_HEIGHT + span * ROW_HEIGHT + 44;
  // Rows go down from y = 0 (first row) to y = −(rows − 1); the pooled row sits below them.
  const pooledY = -(Math.max(1, rows.length) - 1) - pooledGap;
  const maxN = Math.max(1, ...rows.map((row) => (Number.isFinite(row.n) ? row.n : 0)));

  const bars: ErrorBarSeries['bars'] = rows.map((row, index) => ({
    y: -index,
    estimate: row.estimate,
    lower: row.lower,
    upper: row.upper,
    markerSize: 4 + 6 * Math.sqrt(Math.max(0, row.n) / maxN),
    label: `${row.label}: n ${counts[index] ?? ''}`,
  }));

  const decorate = (frame: PlotFrame): FigureElement[] => {
    const elements: FigureElement[] = [];
    const headerBaseline = frame.plot.top - 8;
    const bold = { size: TEXT_SIZE, weight: 'bold' } as const;
    elements.push(textElement(8, headerBaseline, 'Site', bold));
    elements.push(textElement(countLeft, headerBaseline, 'n (events)', bold));
    elements.push(textElement(frame.plot.right + 12, headerBaseline, 'Estimate (95% CI)', bold));
    rows.forEach((row, index) => {
      const baseline = frame.y(-index) + TEXT_SIZE * 0.35;
      elements.push(textElement(8, baseline, row.label, { size: TEXT_SIZE }));
      elements.push(textElement(countLeft, baseline, counts[index] ?? '', { size: TEXT_SIZE }));
      elements.push(
        textElement(frame.plot.right + 12, baseline, estimates[index] ?? '', { size: TEXT_SIZE }),
      );
    });
    if (pooled) {
      const middle = frame.y(pooledY);
      const baseline = middle + TEXT_SIZE * 0.35;
      elements.push(textElement(8, baseline, pooled.label, bold));
      elements.push(
        textElement(frame.plot.right + 12, baseline, estimates[estimates.length - 1] ?? '', bold),
      );
      const estimate = cell(pooled.estimate);
      const lower = cell(pooled.lower) ?? estimate;
      const upper = cell(pooled.upper) ?? estimate;
      if (estimate !== null && lower !== null && upper !== null) {
        const clamp = (x: number): number => Math.min(frame.plot.right, Math.max(frame.plot.left, x));
        const half = 6;
        elements.push({
          kind: 'polygon',
          points: [
            [clamp(frame.x(lower)), middle],
            [clamp(frame.x(estimate)), middle - half],
            [clamp(frame.x(upper)), middle],
            [clamp(frame.x(estimate)), middle + half],
          ],
          style: { fill: PALETTE.black, stroke: PALETTE.black, strokeWidth: 0.5 },
        });
      }
    }
    return elements;
  };

  const dataRows: (readonly FigureCell[])[] = [
    ...rows.map((row) => [
      row.label,
      cell(row.n),
      cell(row.events),
      cell(row.estimate),
      cell(row.lower),
      cell(row.upper),
    ]),
    ...(pooled
      ? [[pooled.label, null, null, cell(pooled.estimate), cell(pooled.lower), cell(pooled.upper)]]
      : []),
  ];
  // Include the pooled interval and the null value in the x range, not only the rows.
  const include = [input.nullValue, cell(pooled?.lower), cell(pooled?.upper)].filter(
    (value): value is number => value !== null && Number.isFinite(value),
  );
  return {
    id: input.id ?? 'forest',
    title: input.title ?? 'Forest plot',
    description:
      `Forest plot of ${input.xLabel} in ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} with 95% confidence intervals` +
      (pooled ? ` and the pooled estimate ${estimates[estimates.length - 1]}` : '') +
      `; the vertical line marks ${input.nullValue}.`,
    width: left + plotWidth + right,
    height,
    margin: { left, right, top: HEADER_HEIGHT, bottom: 44 },
    x: { label: input.xLabel, include },
    y: {
      label: '',
      hidden: true,
      domain: [pooledY - 0.6, 0.6],
      ticks: [],
      labels: [
        ...rows.map((row, index) => ({ value: -index, text: row.label })),
        ...(pooled ? [{ value: pooledY, text: pooled.label }] : []),
      ],
    },
    legend: 'none',
    series: [
      {
        kind: 'reference',
        orientation: 'vertical',
        value: input.nullValue,
        colour: PALETTE.grey,
        dash: [3, 3],
      },
      { kind: 'errorBars', colour: PALETTE.blue, bars },
    ],
    data: { columns: ['label', 'n', 'events', 'estimate', 'lower', 'upper'], rows: dataRows },
    decorate,
    ...(pooled
      ? {
          overlays: [
            {
              kind: 'errorBars',
              label: pooled.label,
              colour: PALETTE.black,
              marker: 'diamond',
              markerSize: 12,
              bars: [
                {
                  y: pooledY,
                  estimate: pooled.estimate,
                  lower: pooled.lower,
                  upper: pooled.upper,
                  label: pooled.label,
                },
              ],
            },
          ],
        }
      : {}),
  };
}

/** The print figure of forestChartSpec: what the submission report embeds. */
export function forestFigure(input: ForestFigureInput): Figure {
  return xyChart(forestChartSpec(input));
}
