/**
 * A small vector scene model shared by the SVG and PDF renderers. Coordinates are in points with
 * the origin at the top-left corner and y growing downwards (the SVG convention); the PDF
 * renderer flips them. Keeping one model means HTML and PDF reports show the same picture.
 */

/** Paint of an element. Colours are `#rrggbb`; an absent stroke or fill paints nothing. */
export interface Style {
  readonly stroke?: string;
  readonly fill?: string;
  readonly strokeWidth?: number;
  /** Dash pattern in points (on, off, …); empty or absent for a solid line. */
  readonly dash?: readonly number[];
  /** 0 (transparent) … 1 (opaque), applied to both stroke and fill. */
  readonly opacity?: number;
}

/** A point as `[x, y]`. */
export type Point = readonly [number, number];

export interface LineElement {
  readonly kind: 'line';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly style: Style;
}

export interface PolylineElement {
  readonly kind: 'polyline';
  readonly points: readonly Point[];
  readonly style: Style;
}

/** A closed, usually filled shape (confidence bands, diamonds, arrow heads). */
export interface PolygonElement {
  readonly kind: 'polygon';
  readonly points: readonly Point[];
  readonly style: Style;
}

export interface RectElement {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly style: Style;
}

export interface CircleElement {
  readonly kind: 'circle';
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
  readonly style: Style;
}

export type TextAnchor = 'start' | 'middle' | 'end';
export type FontWeight = 'normal' | 'bold';

/** One line of text; `y` is the baseline. The colour is `style.fill` (black when absent). */
export interface TextElement {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor: TextAnchor;
  readonly size: number;
  readonly weight: FontWeight;
  /** -90 turns the text to read bottom-to-top, as y-axis labels do. */
  readonly rotation: 0 | -90;
  readonly style: Style;
}

export type FigureElement =
  LineElement | PolylineElement | PolygonElement | RectElement | CircleElement | TextElement;

export type FigureCell = string | number | null;

/** The plotted numbers as a table, for screen readers and CSV download. */
export interface FigureData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly FigureCell[])[];
}

export interface Figure {
  /** Stable identifier, used for element ids in SVG and for file names. */
  readonly id: string;
  readonly title: string;
  /** Alternative text: what the figure shows, in words. */
  readonly description: string;
  /** Size in points (1 pt = 1 CSS px in SVG). */
  readonly width: number;
  readonly height: number;
  readonly elements: readonly FigureElement[];
  readonly data: FigureData;
}

/** Okabe–Ito palette: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = {
  blue: '#0072b2',
  orange: '#e69f00',
  green: '#009e73',
  vermillion: '#d55e00',
  purple: '#cc79a7',
  sky: '#56b4e9',
  yellow: '#f0e442',
  black: '#000000',
  grey: '#7f7f7f',
  lightGrey: '#d9d9d9',
  white: '#ffffff',
} as const;

/** Series colours in the order charts assign them. */
export const SERIES_COLOURS: readonly string[] = [
  PALETTE.blue,
  PALETTE.vermillion,
  PALETTE.green,
  PALETTE.orange,
  PALETTE.purple,
  PALETTE.sky,
  PALETTE.black,
];

/** True when every coordinate of the element is a finite number (renderers skip the others). */
export function isDrawable(element: FigureElement): boolean {
  switch (element.kind) {
    case 'line':
      return allFinite([element.x1, element.y1, element.x2, element.y2]);
    case 'polyline':
    case 'polygon':
      return element.points.length > 0 && element.points.every((point) => allFinite(point));
    case 'rect':
      return allFinite([element.x, element.y, element.width, element.height]);
    case 'circle':
      return allFinite([element.cx, element.cy, element.r]);
    case 'text':
      return allFinite([element.x, element.y, element.size]);
  }
}

function allFinite(values: readonly number[]): boolean {
  return values.every((value) => Number.isFinite(value));
}
