import { PALETTE, type Figure, type FigureCell } from '../graphics/figure';
import { xyChart, type XyChartSpec, type Series, type XyPoint } from '../graphics/xy-chart';
import { cell } from './format';

export interface BoundaryFigureInput {
  /** Information fraction of each planned look, 0–1. */
  readonly informationFractions: readonly number[];
  /** Efficacy z boundary at each look. */
  readonly efficacy: readonly number[];
  /** Futility z boundary at each look, when the design has one. */
  readonly futility?: readonly number[] | null;
  /** Lower efficacy boundary (two-sided plans: −c at each look); drawn when given. */
  readonly lowerEfficacy?: readonly number[] | null;
  /** Observed z statistic at the looks done so far; null when not computable. */
  readonly observed: readonly { readonly informationFraction: number; readonly z: number | null }[];
  readonly id?: string;
  readonly title?: string;
}

/** Group-sequential monitoring: efficacy (and futility) boundaries per look and observed z values. */
export function boundaryChartSpec(input: BoundaryFigureInput): XyChartSpec {
  const looks = (values: readonly number[]): XyPoint[] =>
    input.informationFractions.map((fraction, index) => [fraction, values[index]]);
  const futility = input.futility ?? null;
  const observed: XyPoint[] = input.observed.map((look) => [look.informationFraction, look.z]);
  const series: Series[] = [
    { kind: 'reference', orientation: 'horizontal', value: 0, colour: PALETTE.grey, dash: [] },
    { kind: 'line', label: 'Efficacy boundary', colour: PALETTE.green, points: looks(input.efficacy) },
    { kind: 'points', colour: PALETTE.green, radius: 2.5, points: looks(input.efficacy) },
  ];
  const lower = input.lowerEfficacy ?? null;
  if (lower !== null && lower.length > 0) {
    series.push(
      {
        kind: 'line',
        label: 'Lower efficacy boundary',
        colour: PALETTE.green,
        dash: [2, 2],
        points: looks(lower),
      },
      { kind: 'points', colour: PALETTE.green, radius: 2.5, points: looks(lower) },
    );
  }
  if (futility !== null && futility.length > 0) {
    series.push(
      {
        kind: 'line',
        label: 'Futility boundary',
        colour: PALETTE.vermillion,
        dash: [5, 3],
        points: looks(futility),
      },
      { kind: 'points', colour: PALETTE.vermillion, radius: 2.5, points: looks(futility) },
    );
  }
  series.push(
    { kind: 'line', colour: PALETTE.black, width: 1, dash: [2, 2], points: observed },
    { kind: 'points', label: 'Observed z', colour: PALETTE.black, radius: 4, points: observed },
  );
  const rows: (readonly FigureCell[])[] = [
    ...input.informationFractions.map((fraction, index) => [
      'boundary',
      cell(fraction),
      cell(input.efficacy[index]),
      cell(futility?.[index]),
      null,
      ...(lower !== null ? [cell(lower[index])] : []),
    ]),
    ...input.observed.map((look) => [
      'observed',
      cell(look.informationFraction),
      null,
      null,
      cell(look.z),
      ...(lower !== null ? [null] : []),
    ]),
  ];
  const shown = input.observed.filter((look) => typeof look.z === 'number' && Number.isFinite(look.z)).length;
  return {
    id: input.id ?? 'boundaries',
    title: input.title ?? 'Group-sequential boundaries',
    description:
      `Group-sequential design: efficacy${futility ? ' and futility' : ''} boundaries on the z scale at ` +
      `${input.informationFractions.length} planned looks against information fraction, with ${shown} observed z ` +
      `${shown === 1 ? 'value' : 'values'}.`,
    width: 480,
    height: 340,
    x: { label: 'Information fraction', domain: [0, 1] },
    y: { label: 'z statistic', include: [0] },
    grid: true,
    legend: 'bottom-right',
    series,
    data: {
      columns: [
        'series',
        'information_fraction',
        'efficacy_z',
        'futility_z',
        'observed_z',
        ...(lower !== null ? ['lower_efficacy_z'] : []),
      ],
      rows,
    },
  };
}

/** The print figure of boundaryChartSpec: what the submission report embeds. */
export function boundaryFigure(input: BoundaryFigureInput): Figure {
  return xyChart(boundaryChartSpec(input));
}
