import {
  chartAxis,
  chartSeriesColour,
  finite,
  formatNumber,
  type AxisSpec,
  type ResolvedAxis,
  type Series,
  type XyChartSpec,
  type XyPoint,
} from '@prospect/report';
import type {
  CustomSeriesRenderItem,
  CustomSeriesRenderItemReturn,
  EChartsOption,
  LineSeriesOption,
  ScatterSeriesOption,
  CustomSeriesOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';

/** The series an option can hold (the panel registers exactly these chart types). */
export type XySeriesOption = LineSeriesOption | ScatterSeriesOption | CustomSeriesOption;

export interface EchartsOptionSettings {
  /** Draw the title (and notes) inside the chart; off when the page shows them (ChartPanel). */
  readonly title?: boolean;
}

/** ECharts' "no value" marker: the line breaks there, as the printed figure's does. */
const EMPTY = '-';
type Cell = number | typeof EMPTY;

/** A value, or the empty marker; −0 reads 0 (forest rows count down from 0). */
const cellOf = (value: number | null | undefined): Cell => {
  const number = finite(value);
  return number === undefined ? EMPTY : number + 0;
};

/** Text for tooltips (ECharts renders them as HTML): escaped, numbers at 4 significant digits. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const shown = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, 4) : '—';

/** Line dash as ECharts wants it: a pattern, or solid. */
function dashType(dash: readonly number[] | undefined, fallback: readonly number[]): number[] | 'solid' {
  const pattern = (dash ?? fallback).filter((value) => Number.isFinite(value) && value >= 0);
  return pattern.length > 0 && pattern.some((value) => value > 0) ? [...pattern] : 'solid';
}

interface SeriesMeta {
  readonly kind: Series['kind'];
  readonly name: string;
}

/**
 * The ECharts 6 option of an x–y chart spec from @prospect/report: the same series, colours
 * (Okabe–Ito, from the spec), axis ranges, ticks and tick labels as the printed figure, with
 * tooltips giving the values, a legend of the labelled series and ARIA with the spec's
 * description. Pure: no ECharts import at run time (types only), so it is cheap to test.
 *
 * - lines and steps → line series (steps right-continuous, as in the figure), gaps at missing values;
 * - points → scatter; bands → a custom series of filled polygons between lower and upper;
 * - reference lines (horizontal, vertical, diagonal) → two-point line series across the axis range;
 * - error bars → a custom series (interval line and a square or diamond at the estimate);
 * - the spec's `overlays` (what the print version draws by hand) are drawn after its series.
 */
export function echartsOption(spec: XyChartSpec, settings: EchartsOptionSettings = {}): EChartsOption {
  const showTitle = settings.title ?? true;
  const xAxis = chartAxis(spec, 'x');
  const yAxis = chartAxis(spec, 'y');
  const all = [...spec.series, ...(spec.overlays ?? [])];
  const meta: SeriesMeta[] = [];
  const series: XySeriesOption[] = [];
  all.forEach((item, index) => {
    const colour = chartSeriesColour(item, index);
    const name = item.label ?? '';
    const option = seriesOption(item, colour, xAxis, yAxis);
    if (option === null) return;
    meta.push({ kind: item.kind, name });
    series.push({ ...option, name } as XySeriesOption);
  });
  const legendNames = all
    .filter((item) => item.label !== undefined && item.label !== '' && hasValues(item))
    .map((item) => item.label as string);
  const showLegend = (spec.legend ?? 'bottom-right') !== 'none' && legendNames.length > 0;
  const notes = spec.notes ?? [];
  const byAxis = all.some((item) => item.kind === 'line' || item.kind === 'step');
  return {
    animation: false,
    aria: { enabled: true, label: { enabled: true, description: spec.description } },
    title: {
      show: showTitle,
      text: spec.title,
      ...(notes.length > 0 ? { subtext: notes.join(' · ') } : {}),
      left: 'center',
      textStyle: { fontSize: 14, color: '#1a1a1a' },
      subtextStyle: { color: '#404040' },
    },
    grid: {
      left: 16,
      right: 24,
      top: showTitle ? (notes.length > 0 ? 64 : 44) : 16,
      bottom: showLegend ? 64 : 16,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    legend: {
      show: showLegend,
      type: 'scroll',
      bottom: 0,
      data: legendNames,
      textStyle: { color: '#1a1a1a' },
    },
    tooltip: {
      trigger: byAxis ? 'axis' : 'item',
      confine: true,
      ...(byAxis ? { axisPointer: { type: 'line' } } : {}),
      formatter: tooltipFormatter(spec, meta),
    },
    xAxis: axisOption(spec.x, xAxis, spec.grid, 'x'),
    yAxis: axisOption(spec.y, yAxis, spec.grid, 'y'),
    series,
  };
}

function hasValues(item: Series): boolean {
  switch (item.kind) {
    case 'line':
    case 'step':
    case 'points':
      return item.points.some((point) => finite(point[0]) !== undefined && finite(point[1]) !== undefined);
    case 'band':
      return item.points.some(
        (point) => finite(point.lower) !== undefined && finite(point.upper) !== undefined,
      );
    case 'errorBars':
      return item.bars.some((bar) => finite(bar.estimate) !== undefined || finite(bar.lower) !== undefined);
    case 'reference':
      return true;
  }
}

function axisOption(
  spec: AxisSpec,
  resolved: ResolvedAxis,
  chartGrid: boolean | undefined,
  dimension: 'x' | 'y',
): XAXisComponentOption & YAXisComponentOption {
  const [min, max] = resolved.domain;
  const ticks = resolved.ticks;
  const steps = ticks.slice(1).map((tick, index) => tick - (ticks[index] as number));
  const even =
    steps.length > 0 &&
    steps.every((step) => Math.abs(step - (steps[0] as number)) < 1e-9 * Math.abs(max - min));
  const labels = spec.labels ?? [];
  const named = new Map(labels.map((label) => [label.value, label.text]));
  const hidden = spec.hidden ?? false;
  const showLabels = !hidden || labels.length > 0;
  const labelValues = labels.length > 0 ? labels.map((label) => label.value) : [...ticks];
  return {
    type: 'value',
    name: spec.label,
    nameLocation: 'middle',
    nameGap: dimension === 'x' ? 30 : 48,
    nameTextStyle: { color: '#1a1a1a', fontSize: 12 },
    min,
    max,
    ...(even && steps[0] !== undefined && steps[0] > 0 ? { interval: steps[0] } : {}),
    axisLine: { show: !hidden, onZero: false, lineStyle: { color: '#333333' } },
    axisTick: { show: !hidden, customValues: [...ticks] },
    axisLabel: {
      show: showLabels,
      customValues: labelValues,
      color: '#333333',
      formatter: (value: number) => named.get(value) ?? resolved.format(value),
    },
    splitLine: { show: spec.grid ?? chartGrid ?? false, lineStyle: { color: '#e5e5e5' } },
  };
}

function linePoints(points: readonly XyPoint[]): Cell[][] {
  return points.map(([x, y]) => {
    const px = finite(x);
    const py = finite(y);
    return px === undefined || py === undefined ? [EMPTY, EMPTY] : [px, py];
  });
}

function seriesOption(
  item: Series,
  colour: string,
  xAxis: ResolvedAxis,
  yAxis: ResolvedAxis,
): XySeriesOption | null {
  switch (item.kind) {
    case 'line':
    case 'step':
      return {
        type: 'line',
        data: linePoints(item.points),
        step: item.kind === 'step' ? 'end' : false,
        showSymbol: false,
        symbolSize: 4,
        connectNulls: false,
        color: colour,
        lineStyle: { color: colour, width: item.width ?? 1.5, type: dashType(item.dash, []) },
        emphasis: { disabled: true },
        z: 3,
      } satisfies LineSeriesOption;
    case 'points': {
      const filled = item.filled ?? true;
      return {
        type: 'scatter',
        data: linePoints(item.points),
        symbol: 'circle',
        symbolSize: 2 * (item.radius ?? 3),
        color: colour,
        itemStyle: {
          color: filled ? colour : '#ffffff',
          borderColor: colour,
          borderWidth: 0.75,
          ...(item.opacity === undefined ? {} : { opacity: item.opacity }),
        },
        // Thousands of simulation points: no per-point hover effect.
        ...(item.points.length > 500 ? { large: true, largeThreshold: 500 } : {}),
        emphasis: { disabled: true },
        z: 4,
      } satisfies ScatterSeriesOption;
    }
    case 'band':
      return bandOption(item, colour);
    case 'reference': {
      const segment = referencePoints(item, xAxis, yAxis);
      if (segment === null) return null;
      return {
        type: 'line',
        data: segment,
        showSymbol: false,
        silent: true,
        color: colour,
        lineStyle: { color: colour, width: item.width ?? 1, type: dashType(item.dash, [4, 3]) },
        tooltip: { show: false },
        emphasis: { disabled: true },
        clip: true,
        z: 2,
      } satisfies LineSeriesOption;
    }
    case 'errorBars':
      return errorBarOption(item, colour);
  }
}

/** Two points spanning the axis range (the grid clips what falls outside). */
function referencePoints(
  item: Extract<Series, { kind: 'reference' }>,
  xAxis: ResolvedAxis,
  yAxis: ResolvedAxis,
): number[][] | null {
  const [x0, x1] = xAxis.domain;
  const [y0, y1] = yAxis.domain;
  switch (item.orientation) {
    case 'horizontal': {
      const value = finite(item.value);
      return value === undefined
        ? null
        : [
            [x0, value],
            [x1, value],
          ];
    }
    case 'vertical': {
      const value = finite(item.value);
      return value === undefined
        ? null
        : [
            [value, y0],
            [value, y1],
          ];
    }
    case 'diagonal': {
      const slope = finite(item.slope ?? 1);
      const intercept = finite(item.intercept ?? 0);
      if (slope === undefined || intercept === undefined) return null;
      return [
        [x0, intercept + slope * x0],
        [x1, intercept + slope * x1],
      ];
    }
  }
}

/** Each unbroken run of the band as one polygon: upper edge left to right, lower edge back. */
function bandOption(item: Extract<Series, { kind: 'band' }>, colour: string): CustomSeriesOption {
  const runs: [number, number, number][][] = [];
  let current: [number, number, number][] = [];
  for (const point of item.points) {
    const x = finite(point.x);
    const lower = finite(point.lower);
    const upper = finite(point.upper);
    if (x === undefined || lower === undefined || upper === undefined) {
      if (current.length > 0) runs.push(current);
      current = [];
      continue;
    }
    current.push([x, lower, upper]);
  }
  if (current.length > 0) runs.push(current);
  const polygons = runs.filter((run) => run.length >= 2);
  const opacity = item.opacity ?? 0.2;
  const renderItem: CustomSeriesRenderItem = (params, api): CustomSeriesRenderItemReturn => {
    const run = polygons[params.dataIndex] ?? [];
    const edge = [
      ...run.map(([x, , upper]) => api.coord([x, upper])),
      ...run
        .slice()
        .reverse()
        .map(([x, lower]) => api.coord([x, lower])),
    ];
    return {
      type: 'polygon',
      shape: { points: edge },
      style: { fill: colour, opacity },
      silent: true,
    };
  };
  return {
    type: 'custom',
    renderItem,
    // One datum per polygon (its first point), so the chart knows how many to draw.
    data: polygons.map((run) => [run[0]?.[0] ?? 0, run[0]?.[2] ?? 0]),
    encode: { x: 0, y: 1 },
    color: colour,
    itemStyle: { color: colour, opacity },
    clip: true,
    silent: true,
    tooltip: { show: false },
    z: 1,
  };
}

/** Interval line and marker per bar; the datum is [estimate, y, lower, upper, marker size]. */
function errorBarOption(item: Extract<Series, { kind: 'errorBars' }>, colour: string): CustomSeriesOption {
  const diamond = item.marker === 'diamond';
  const renderItem: CustomSeriesRenderItem = (_params, api): CustomSeriesRenderItemReturn => {
    const estimate = Number(api.value(0));
    const y = Number(api.value(1));
    const lower = Number(api.value(2));
    const upper = Number(api.value(3));
    const side = Number(api.value(4));
    const children: NonNullable<CustomSeriesRenderItemReturn>[] = [];
    if (!Number.isFinite(y)) return { type: 'group', children: [] };
    const [, py] = api.coord([Number.isFinite(estimate) ? estimate : lower, y]) as [number, number];
    if (Number.isFinite(lower) && Number.isFinite(upper)) {
      const [left] = api.coord([lower, y]) as [number, number];
      const [right] = api.coord([upper, y]) as [number, number];
      children.push({
        type: 'line',
        shape: { x1: left, y1: py, x2: right, y2: py },
        style: { stroke: colour, lineWidth: 1.5 },
      });
      if (diamond && Number.isFinite(estimate)) {
        const [px] = api.coord([estimate, y]) as [number, number];
        children.push({
          type: 'polygon',
          shape: {
            points: [
              [left, py],
              [px, py - side / 2],
              [right, py],
              [px, py + side / 2],
            ],
          },
          style: { fill: colour, stroke: colour },
        });
      }
    }
    if (!diamond && Number.isFinite(estimate)) {
      const [px] = api.coord([estimate, y]) as [number, number];
      children.push({
        type: 'rect',
        shape: { x: px - side / 2, y: py - side / 2, width: side, height: side },
        style: { fill: colour },
      });
    }
    return { type: 'group', children } as CustomSeriesRenderItemReturn;
  };
  return {
    type: 'custom',
    renderItem,
    data: item.bars.map((bar) => ({
      name: bar.label ?? '',
      value: [
        cellOf(bar.estimate),
        cellOf(bar.y),
        cellOf(bar.lower),
        cellOf(bar.upper),
        bar.markerSize ?? item.markerSize ?? (diamond ? 12 : 6),
      ],
    })),
    encode: { x: [0, 2, 3], y: 1 },
    color: colour,
    itemStyle: { color: colour },
    clip: true,
    z: 4,
  };
}

interface TooltipParam {
  readonly seriesIndex?: number;
  readonly seriesName?: string;
  readonly name?: string;
  readonly marker?: unknown;
  readonly value?: unknown;
}

/**
 * Tooltip text from the plotted values: for an axis tooltip the x value then each series' y; for
 * an item the series, its x and y (or estimate and interval for error bars). Escaped HTML.
 */
export function tooltipFormatter(
  spec: Pick<XyChartSpec, 'x' | 'y'>,
  meta: readonly SeriesMeta[],
): (params: TooltipParam | readonly TooltipParam[]) => string {
  const xName = escapeHtml(spec.x.label || 'x');
  const yName = escapeHtml(spec.y.label || 'y');
  const marker = (param: TooltipParam): string => (typeof param.marker === 'string' ? param.marker : '');
  const describe = (param: TooltipParam, withX: boolean): string | null => {
    const info = meta[param.seriesIndex ?? -1];
    if (!info || info.kind === 'reference' || info.kind === 'band') return null;
    const value = Array.isArray(param.value) ? (param.value as unknown[]) : [];
    const name = escapeHtml(info.name || param.seriesName || '');
    if (info.kind === 'errorBars') {
      const row = escapeHtml(param.name ?? '');
      return `${marker(param)}${row || name}: ${shown(value[0])} (${shown(value[2])}–${shown(value[3])})`;
    }
    const x = withX ? `${xName} ${shown(value[0])}, ` : '';
    return `${marker(param)}${name ? `${name}: ` : ''}${x}${yName} ${shown(value[1])}`;
  };
  return (params) => {
    if (Array.isArray(params)) {
      const list = params as readonly TooltipParam[];
      const first = list[0];
      const x = first && Array.isArray(first.value) ? (first.value as unknown[])[0] : undefined;
      const lines = list
        .map((param) => describe(param, false))
        .filter((line): line is string => line !== null);
      return [`${xName} ${shown(x)}`, ...lines].join('<br>');
    }
    return describe(params as TooltipParam, true) ?? '';
  };
}
