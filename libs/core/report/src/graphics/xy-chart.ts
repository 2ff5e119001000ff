import { clipPolygon, clipPolyline, clipSegment, inside, type Box } from './clip';
import {
  PALETTE,
  SERIES_COLOURS,
  type Figure,
  type FigureCell,
  type FigureData,
  type FigureElement,
  type Point,
  type Style,
} from './figure';
import { formatTick, linearScale, niceTicks, niceTicksWithin, type LinearScale } from './scale';
import { lineElement, textElement, textWidth } from './shapes';

/** A data value; null, undefined, NaN and ±Infinity are missing and leave a gap. */
export type XyValue = number | null | undefined;
export type XyPoint = readonly [XyValue, XyValue];

export interface AxisSpec {
  readonly label: string;
  /** Fixed axis range; by default the nice range around the data. */
  readonly domain?: readonly [number, number];
  /** Values the automatic domain must cover besides the data (e.g. 0, a null value). */
  readonly include?: readonly number[];
  /** Explicit tick positions; by default 1-2-5 ticks. */
  readonly ticks?: readonly number[];
  /** Approximate number of automatic ticks (default 5). */
  readonly tickCount?: number;
  readonly format?: (value: number) => string;
  /** Light gridlines at the ticks (default: the chart's `grid`). */
  readonly grid?: boolean;
  /** Leave out the axis line, ticks and tick labels (the label still shows when not empty). */
  readonly hidden?: boolean;
  /**
   * Named positions (the forest plot's rows). `xyChart` does not draw them: the figure's
   * `decorate` lays them out for print; interactive renderers use them as axis labels.
   */
  readonly labels?: readonly { readonly value: number; readonly text: string }[];
}

interface SeriesBase {
  /** Legend text; series without a label stay out of the legend. */
  readonly label?: string;
  readonly colour?: string;
}

/** A polyline through the points; `step` draws a right-continuous staircase (ROC, survival). */
export interface LineSeries extends SeriesBase {
  readonly kind: 'line' | 'step';
  readonly points: readonly XyPoint[];
  readonly dash?: readonly number[];
  readonly width?: number;
}

export interface PointsSeries extends SeriesBase {
  readonly kind: 'points';
  readonly points: readonly XyPoint[];
  readonly radius?: number;
  /** Hollow markers when false (default filled). */
  readonly filled?: boolean;
  readonly opacity?: number;
}

/** A filled area between `lower` and `upper` at each x (confidence bands). */
export interface BandSeries extends SeriesBase {
  readonly kind: 'band';
  readonly points: readonly { readonly x: XyValue; readonly lower: XyValue; readonly upper: XyValue }[];
  readonly opacity?: number;
}

/** A straight reference: y = value, x = value, or y = intercept + slope·x across the plot. */
export interface ReferenceSeries extends SeriesBase {
  readonly kind: 'reference';
  readonly orientation: 'horizontal' | 'vertical' | 'diagonal';
  /** Position of a horizontal (y) or vertical (x) line. */
  readonly value?: number;
  /** Diagonal line slope (default 1) and intercept (default 0). */
  readonly slope?: number;
  readonly intercept?: number;
  readonly dash?: readonly number[];
  readonly width?: number;
}

/** Horizontal confidence intervals with a square at the estimate, one per row (forest plots). */
export interface ErrorBarSeries extends SeriesBase {
  readonly kind: 'errorBars';
  readonly bars: readonly {
    readonly y: number;
    readonly estimate: XyValue;
    readonly lower: XyValue;
    readonly upper: XyValue;
    /** Side of the square in points (e.g. scaled by weight); default the series `markerSize`. */
    readonly markerSize?: number;
    /** Name of the row (site, subgroup), for tooltips and data tables. */
    readonly label?: string;
  }[];
  readonly markerSize?: number;
  /** Square at the estimate (default), or a diamond spanning the interval (pooled estimates). */
  readonly marker?: 'square' | 'diamond';
}

export type Series = LineSeries | PointsSeries | BandSeries | ReferenceSeries | ErrorBarSeries;

export type LegendPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'none';

export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** Scales and plot rectangle handed to `decorate`, to place extra elements in data coordinates. */
export interface PlotFrame {
  readonly x: LinearScale;
  readonly y: LinearScale;
  readonly plot: Box;
  readonly width: number;
  readonly height: number;
}

export interface XyChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width?: number;
  readonly height?: number;
  /** Overrides of the automatic margins. */
  readonly margin?: Partial<Margins>;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Drawn in order: put bands first so lines stay on top. */
  readonly series: readonly Series[];
  readonly legend?: LegendPosition;
  readonly grid?: boolean;
  /** The figure's data table; by default one row per plotted value. */
  readonly data?: FigureData;
  /** Extra elements drawn last (labels, annotations), placed with the chart's scales. */
  readonly decorate?: (frame: PlotFrame) => readonly FigureElement[];
  /**
   * What `decorate` draws, as series, for renderers that cannot run it (interactive charts): e.g.
   * the forest plot's pooled diamond. `xyChart` ignores them (decorate draws the print version).
   */
  readonly overlays?: readonly Series[];
  /** Short texts that belong with the chart (summary statistics); the print version draws them via `decorate`. */
  readonly notes?: readonly string[];
}

const TICK_LENGTH = 4;
const TICK_FONT = 9;
const LABEL_FONT = 10;
const AXIS_COLOUR = '#333333';
const GRID_COLOUR = '#e5e5e5';

/** Finite number or undefined: the one gate through which data enters the drawing. */
export function finite(value: XyValue): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Builds an x–y chart as a {@link Figure}: axes with nice ticks, optional gridlines, the series
 * clipped to the plot area, a legend and any decorations. Missing or non-finite values leave gaps
 * and never reach the output as NaN.
 */
export function xyChart(spec: XyChartSpec): Figure {
  const width = spec.width ?? 480;
  const height = spec.height ?? 360;
  const xAxis = resolveAxis(spec.x, spec.series, 'x');
  const yAxis = resolveAxis(spec.y, spec.series, 'y');
  const xLabels = xAxis.ticks.map((tick) => xAxis.format(tick));
  const yLabels = yAxis.ticks.map((tick) => yAxis.format(tick));
  const widestYLabel = Math.max(0, ...yLabels.map((label) => textWidth(label, TICK_FONT)));
  const margin: Margins = {
    top: spec.margin?.top ?? 12,
    right: spec.margin?.right ?? Math.max(16, lastLabelOverhang(xLabels)),
    bottom: spec.margin?.bottom ?? (spec.x.hidden ? 12 : 24) + (spec.x.label === '' ? 0 : 16),
    left:
      spec.margin?.left ??
      (spec.y.hidden ? 8 : widestYLabel + TICK_LENGTH + 6) + (spec.y.label === '' ? 0 : 18),
  };
  const plot: Box = {
    left: margin.left,
    top: margin.top,
    right: Math.max(margin.left + 1, width - margin.right),
    bottom: Math.max(margin.top + 1, height - margin.bottom),
  };
  const x = linearScale(xAxis.domain, [plot.left, plot.right]);
  const y = linearScale(yAxis.domain, [plot.bottom, plot.top]);
  const frame: PlotFrame = { x, y, plot, width, height };

  const elements: FigureElement[] = [];
  const gridStyle: Style = { stroke: GRID_COLOUR, strokeWidth: 0.5 };
  if (spec.x.grid ?? spec.grid ?? false) {
    for (const tick of xAxis.ticks)
      elements.push(lineElement([x(tick), plot.top], [x(tick), plot.bottom], gridStyle));
  }
  if (spec.y.grid ?? spec.grid ?? false) {
    for (const tick of yAxis.ticks)
      elements.push(lineElement([plot.left, y(tick)], [plot.right, y(tick)], gridStyle));
  }

  spec.series.forEach((series, index) => {
    elements.push(...drawSeries(series, seriesColour(series, index), frame));
  });

  elements.push(...drawXAxis(spec.x, xAxis.ticks, xLabels, frame));
  elements.push(...drawYAxis(spec.y, yAxis.ticks, yLabels, frame, widestYLabel));
  elements.push(...drawLegend(spec.series, spec.legend ?? 'bottom-right', plot));
  if (spec.decorate) elements.push(...spec.decorate(frame));

  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    width,
    height,
    elements,
    data: spec.data ?? defaultData(spec.series),
  };
}

/** An axis as the chart draws it: its range, tick positions and tick label format. */
export interface ResolvedAxis {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
}

/**
 * The range, ticks and tick format `xyChart` gives an axis of the spec, so that other renderers
 * (interactive charts) show the same axes as the printed figure.
 */
export function chartAxis(spec: Pick<XyChartSpec, 'x' | 'y' | 'series'>, dimension: 'x' | 'y'): ResolvedAxis {
  return resolveAxis(dimension === 'x' ? spec.x : spec.y, spec.series, dimension);
}

/** The chart's data table: the spec's own, or one row per plotted value (as in the figure). */
export function chartData(spec: Pick<XyChartSpec, 'data' | 'series'>): FigureData {
  return spec.data ?? defaultData(spec.series);
}

/** The colour `xyChart` paints a series with: its own, grey for references, else the palette in order. */
export function chartSeriesColour(series: Series, index: number): string {
  return seriesColour(series, index);
}

function resolveAxis(axis: AxisSpec, series: readonly Series[], dimension: 'x' | 'y'): ResolvedAxis {
  const count = axis.tickCount ?? 5;
  let domain: readonly [number, number];
  let ticks: readonly number[];
  if (axis.domain && Number.isFinite(axis.domain[0]) && Number.isFinite(axis.domain[1])) {
    domain = axis.domain;
    ticks = axis.ticks ?? niceTicksWithin(domain[0], domain[1], count);
  } else {
    const values = [
      ...seriesValues(series, dimension),
      ...(axis.ticks ?? []),
      ...(axis.include ?? []),
    ].filter((value) => Number.isFinite(value));
    const low = values.length > 0 ? Math.min(...values) : 0;
    const high = values.length > 0 ? Math.max(...values) : 1;
    const nice = niceTicks(low, high, count);
    ticks = axis.ticks ?? nice;
    domain = [nice[0] ?? low, nice[nice.length - 1] ?? high];
  }
  const finiteTicks = ticks.filter((tick) => Number.isFinite(tick));
  const first = finiteTicks[0];
  const second = finiteTicks[1];
  const step = first !== undefined && second !== undefined ? Math.abs(second - first) : undefined;
  return { domain, ticks: finiteTicks, format: axis.format ?? ((value) => formatTick(value, step)) };
}

function seriesValues(series: readonly Series[], dimension: 'x' | 'y'): number[] {
  const values: (number | undefined)[] = [];
  const pick = dimension === 'x' ? 0 : 1;
  for (const item of series) {
    switch (item.kind) {
      case 'line':
      case 'step':
      case 'points':
        for (const point of item.points) values.push(finite(point[pick]));
        break;
      case 'band':
        for (const point of item.points) {
          if (dimension === 'x') values.push(finite(point.x));
          else values.push(finite(point.lower), finite(point.upper));
        }
        break;
      case 'reference':
        if ((item.orientation === 'horizontal') === (dimension === 'y') && item.orientation !== 'diagonal') {
          values.push(finite(item.value));
        }
        break;
      case 'errorBars':
        for (const bar of item.bars) {
          if (dimension === 'x') values.push(finite(bar.lower), finite(bar.upper), finite(bar.estimate));
          else values.push(finite(bar.y));
        }
        break;
    }
  }
  return values.filter((value): value is number => value !== undefined);
}

function seriesColour(series: Series, index: number): string {
  if (series.colour !== undefined) return series.colour;
  if (series.kind === 'reference') return PALETTE.grey;
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? PALETTE.black;
}

/** Consecutive runs of finite points mapped to drawing coordinates; a missing value ends a run. */
function runs(points: readonly XyPoint[], frame: PlotFrame): Point[][] {
  const result: Point[][] = [];
  let current: Point[] = [];
  for (const [px, py] of points) {
    const xValue = finite(px);
    const yValue = finite(py);
    if (xValue === undefined || yValue === undefined) {
      if (current.length > 0) result.push(current);
      current = [];
      continue;
    }
    current.push([frame.x(xValue), frame.y(yValue)]);
  }
  if (current.length > 0) result.push(current);
  return result;
}

function toSteps(points: readonly Point[]): Point[] {
  const steps: Point[] = [];
  points.forEach((point, index) => {
    const previous = points[index - 1];
    if (previous !== undefined && previous[1] !== point[1] && previous[0] !== point[0]) {
      steps.push([point[0], previous[1]]);
    }
    steps.push(point);
  });
  return steps;
}

function drawSeries(series: Series, colour: string, frame: PlotFrame): FigureElement[] {
  const elements: FigureElement[] = [];
  const { plot } = frame;
  switch (series.kind) {
    case 'line':
    case 'step': {
      const style: Style = { stroke: colour, strokeWidth: series.width ?? 1.5, dash: series.dash ?? [] };
      for (const run of runs(series.points, frame)) {
        const path = series.kind === 'step' ? toSteps(run) : run;
        for (const piece of clipPolyline(path, plot)) {
          if (piece.length >= 2) elements.push({ kind: 'polyline', points: piece, style });
        }
      }
      break;
    }
    case 'points': {
      const filled = series.filled ?? true;
      const style: Style = {
        stroke: colour,
        strokeWidth: 0.75,
        ...(filled ? { fill: colour } : { fill: PALETTE.white }),
        ...(series.opacity === undefined ? {} : { opacity: series.opacity }),
      };
      for (const run of runs(series.points, frame)) {
        for (const point of run) {
          if (inside(point, plot))
            elements.push({ kind: 'circle', cx: point[0], cy: point[1], r: series.radius ?? 3, style });
        }
      }
      break;
    }
    case 'band': {
      const style: Style = { fill: colour, opacity: series.opacity ?? 0.2 };
      let upper: Point[] = [];
      let lower: Point[] = [];
      const flush = (): void => {
        if (upper.length >= 2) {
          const polygon = clipPolygon([...upper, ...lower.slice().reverse()], plot);
          if (polygon.length >= 3) elements.push({ kind: 'polygon', points: polygon, style });
        }
        upper = [];
        lower = [];
      };
      for (const point of series.points) {
        const xValue = finite(point.x);
        const low = finite(point.lower);
        const high = finite(point.upper);
        if (xValue === undefined || low === undefined || high === undefined) {
          flush();
          continue;
        }
        upper.push([frame.x(xValue), frame.y(high)]);
        lower.push([frame.x(xValue), frame.y(low)]);
      }
      flush();
      break;
    }
    case 'reference': {
      const segment = referenceSegment(series, frame);
      const clipped = segment && clipSegment(segment[0], segment[1], plot);
      if (clipped) {
        elements.push(
          lineElement(clipped[0], clipped[1], {
            stroke: colour,
            strokeWidth: series.width ?? 1,
            dash: series.dash ?? [4, 3],
          }),
        );
      }
      break;
    }
    case 'errorBars': {
      for (const bar of series.bars) {
        const yValue = finite(bar.y);
        if (yValue === undefined) continue;
        const py = frame.y(yValue);
        if (py < plot.top - 0.5 || py > plot.bottom + 0.5) continue;
        const low = finite(bar.lower);
        const high = finite(bar.upper);
        if (low !== undefined && high !== undefined) {
          const clipped = clipSegment([frame.x(low), py], [frame.x(high), py], plot);
          if (clipped)
            elements.push(lineElement(clipped[0], clipped[1], { stroke: colour, strokeWidth: 1.25 }));
        }
        const estimate = finite(bar.estimate);
        if (estimate === undefined) continue;
        const px = frame.x(estimate);
        if (px < plot.left - 0.5 || px > plot.right + 0.5) continue;
        const side = bar.markerSize ?? series.markerSize ?? 6;
        if (series.marker === 'diamond') {
          const clamp = (value: number): number => Math.min(plot.right, Math.max(plot.left, value));
          const left = clamp(low === undefined ? px : frame.x(low));
          const right = clamp(high === undefined ? px : frame.x(high));
          elements.push({
            kind: 'polygon',
            points: [
              [left, py],
              [px, py - side / 2],
              [right, py],
              [px, py + side / 2],
            ],
            style: { fill: colour, stroke: colour, strokeWidth: 0.5 },
          });
          continue;
        }
        elements.push({
          kind: 'rect',
          x: px - side / 2,
          y: py - side / 2,
          width: side,
          height: side,
          style: { fill: colour },
        });
      }
      break;
    }
  }
  return elements;
}

function referenceSegment(series: ReferenceSeries, frame: PlotFrame): readonly [Point, Point] | undefined {
  const [x0, x1] = frame.x.domain;
  const [y0, y1] = frame.y.domain;
  switch (series.orientation) {
    case 'horizontal': {
      const value = finite(series.value);
      return value === undefined
        ? undefined
        : [
            [frame.x(x0), frame.y(value)],
            [frame.x(x1), frame.y(value)],
          ];
    }
    case 'vertical': {
      const value = finite(series.value);
      return value === undefined
        ? undefined
        : [
            [frame.x(value), frame.y(y0)],
            [frame.x(value), frame.y(y1)],
          ];
    }
    case 'diagonal': {
      const slope = finite(series.slope ?? 1);
      const intercept = finite(series.intercept ?? 0);
      if (slope === undefined || intercept === undefined) return undefined;
      // Extend past the plot then clip, so steep lines (high willingness to pay) still show.
      return [
        [frame.x(x0), frame.y(intercept + slope * x0)],
        [frame.x(x1), frame.y(intercept + slope * x1)],
      ];
    }
  }
}

function lastLabelOverhang(labels: readonly string[]): number {
  const last = labels[labels.length - 1];
  return last === undefined ? 0 : textWidth(last, TICK_FONT) / 2 + 4;
}

function drawXAxis(
  axis: AxisSpec,
  ticks: readonly number[],
  labels: readonly string[],
  frame: PlotFrame,
): FigureElement[] {
  const { plot, x } = frame;
  const elements: FigureElement[] = [];
  const style: Style = { stroke: AXIS_COLOUR, strokeWidth: 0.75 };
  if (!axis.hidden) {
    elements.push(lineElement([plot.left, plot.bottom], [plot.right, plot.bottom], style));
    ticks.forEach((tick, index) => {
      const px = x(tick);
      elements.push(lineElement([px, plot.bottom], [px, plot.bottom + TICK_LENGTH], style));
      elements.push(
        textElement(px, plot.bottom + TICK_LENGTH + TICK_FONT + 1, labels[index] ?? '', {
          anchor: 'middle',
          size: TICK_FONT,
        }),
      );
    });
  }
  if (axis.label !== '') {
    const baseline = plot.bottom + (axis.hidden ? 12 : TICK_LENGTH + TICK_FONT + 16);
    elements.push(
      textElement((plot.left + plot.right) / 2, baseline, axis.label, { anchor: 'middle', size: LABEL_FONT }),
    );
  }
  return elements;
}

function drawYAxis(
  axis: AxisSpec,
  ticks: readonly number[],
  labels: readonly string[],
  frame: PlotFrame,
  widestLabel: number,
): FigureElement[] {
  const { plot, y } = frame;
  const elements: FigureElement[] = [];
  const style: Style = { stroke: AXIS_COLOUR, strokeWidth: 0.75 };
  if (!axis.hidden) {
    elements.push(lineElement([plot.left, plot.top], [plot.left, plot.bottom], style));
    ticks.forEach((tick, index) => {
      const py = y(tick);
      elements.push(lineElement([plot.left - TICK_LENGTH, py], [plot.left, py], style));
      elements.push(
        textElement(plot.left - TICK_LENGTH - 2, py + TICK_FONT * 0.35, labels[index] ?? '', {
          anchor: 'end',
          size: TICK_FONT,
        }),
      );
    });
  }
  if (axis.label !== '') {
    const baseline = plot.left - (axis.hidden ? 4 : widestLabel + TICK_LENGTH + 8);
    elements.push(
      textElement(baseline, (plot.top + plot.bottom) / 2, axis.label, {
        anchor: 'middle',
        size: LABEL_FONT,
        rotation: -90,
      }),
    );
  }
  return elements;
}

const LEGEND_FONT = 8.5;
const LEGEND_ROW = 13;
const LEGEND_SWATCH = 18;
const LEGEND_PADDING = 6;

function drawLegend(series: readonly Series[], position: LegendPosition, plot: Box): FigureElement[] {
  if (position === 'none') return [];
  const entries = series
    .map((item, index) => ({ item, colour: seriesColour(item, index) }))
    .filter((entry) => entry.item.label !== undefined && entry.item.label !== '');
  if (entries.length === 0) return [];
  const textWidest = Math.max(...entries.map((entry) => textWidth(entry.item.label ?? '', LEGEND_FONT)));
  const boxWidth = LEGEND_PADDING * 3 + LEGEND_SWATCH + textWidest;
  const boxHeight = LEGEND_PADDING * 2 + entries.length * LEGEND_ROW - 2;
  const inset = 6;
  const left = position.endsWith('left') ? plot.left + inset : plot.right - inset - boxWidth;
  const top = position.startsWith('top') ? plot.top + inset : plot.bottom - inset - boxHeight;
  const elements: FigureElement[] = [
    {
      kind: 'rect',
      x: left,
      y: top,
      width: boxWidth,
      height: boxHeight,
      style: { fill: PALETTE.white, stroke: '#bfbfbf', strokeWidth: 0.5, opacity: 0.9 },
    },
  ];
  entries.forEach(({ item, colour }, index) => {
    const rowMiddle = top + LEGEND_PADDING + index * LEGEND_ROW + LEGEND_ROW / 2 - 1;
    const swatchLeft = left + LEGEND_PADDING;
    const swatchRight = swatchLeft + LEGEND_SWATCH;
    elements.push(...legendSwatch(item, colour, swatchLeft, swatchRight, rowMiddle));
    elements.push(
      textElement(swatchRight + LEGEND_PADDING, rowMiddle + LEGEND_FONT * 0.35, item.label ?? '', {
        size: LEGEND_FONT,
      }),
    );
  });
  return elements;
}

function legendSwatch(
  item: Series,
  colour: string,
  left: number,
  right: number,
  middle: number,
): FigureElement[] {
  const centre = (left + right) / 2;
  switch (item.kind) {
    case 'line':
    case 'step':
      return [
        lineElement([left, middle], [right, middle], {
          stroke: colour,
          strokeWidth: item.width ?? 1.5,
          dash: item.dash ?? [],
        }),
      ];
    case 'reference':
      return [
        lineElement([left, middle], [right, middle], {
          stroke: colour,
          strokeWidth: item.width ?? 1,
          dash: item.dash ?? [4, 3],
        }),
      ];
    case 'points':
      return [
        {
          kind: 'circle',
          cx: centre,
          cy: middle,
          r: Math.min(item.radius ?? 3, 3.5),
          style: { stroke: colour, strokeWidth: 0.75, fill: item.filled === false ? PALETTE.white : colour },
        },
      ];
    case 'band':
      return [
        {
          kind: 'rect',
          x: left,
          y: middle - 4,
          width: right - left,
          height: 8,
          style: { fill: colour, opacity: item.opacity ?? 0.2 },
        },
      ];
    case 'errorBars':
      return [
        lineElement([left, middle], [right, middle], { stroke: colour, strokeWidth: 1.25 }),
        { kind: 'rect', x: centre - 3, y: middle - 3, width: 6, height: 6, style: { fill: colour } },
      ];
  }
}

function defaultData(series: readonly Series[]): FigureData {
  const rows: (readonly FigureCell[])[] = [];
  const cell = (value: XyValue): FigureCell => finite(value) ?? null;
  series.forEach((item, index) => {
    const name = item.label ?? `series ${index + 1}`;
    switch (item.kind) {
      case 'line':
      case 'step':
      case 'points':
        for (const [px, py] of item.points) rows.push([name, cell(px), cell(py), null, null]);
        break;
      case 'band':
        for (const point of item.points)
          rows.push([name, cell(point.x), null, cell(point.lower), cell(point.upper)]);
        break;
      case 'errorBars':
        for (const bar of item.bars)
          rows.push([name, cell(bar.estimate), cell(bar.y), cell(bar.lower), cell(bar.upper)]);
        break;
      case 'reference':
        break;
    }
  });
  return { columns: ['series', 'x', 'y', 'lower', 'upper'], rows };
}
