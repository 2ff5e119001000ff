import { measureText } from '../pdf/font-metrics';
import type {
  FigureElement,
  FontWeight,
  LineElement,
  Point,
  PolygonElement,
  Style,
  TextAnchor,
  TextElement,
} from './figure';

/** Options of {@link textElement}. */
export interface TextOptions {
  readonly anchor?: TextAnchor;
  readonly size?: number;
  readonly weight?: FontWeight;
  readonly rotation?: 0 | -90;
  readonly colour?: string;
}

/** A text element with the chart defaults (9 pt, normal weight, left-aligned, black). */
export function textElement(x: number, y: number, text: string, options: TextOptions = {}): TextElement {
  return {
    kind: 'text',
    x,
    y,
    text,
    anchor: options.anchor ?? 'start',
    size: options.size ?? 9,
    weight: options.weight ?? 'normal',
    rotation: options.rotation ?? 0,
    style: { fill: options.colour ?? '#000000' },
  };
}

/** A straight line. */
export function lineElement(a: Point, b: Point, style: Style): LineElement {
  return { kind: 'line', x1: a[0], y1: a[1], x2: b[0], y2: b[1], style };
}

/** Width of `text` in points as the PDF renderer sets it (Helvetica metrics; SVG uses a close match). */
export function textWidth(text: string, size: number, weight: FontWeight = 'normal'): number {
  return measureText(text, weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica', size);
}

/** Arrow from `from` to `to`: a shaft stopping short of the tip and a small filled triangle head. */
export function arrowElements(
  from: Point,
  to: Point,
  colour: string,
  headLength = 6,
  strokeWidth = 1,
): readonly FigureElement[] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const length = Math.hypot(dx, dy);
  if (!(length > 0)) return [];
  const ux = dx / length;
  const uy = dy / length;
  const head = Math.min(headLength, length);
  const base: Point = [to[0] - ux * head, to[1] - uy * head];
  const halfWidth = head * 0.5;
  const triangle: PolygonElement = {
    kind: 'polygon',
    points: [
      to,
      [base[0] - uy * halfWidth, base[1] + ux * halfWidth],
      [base[0] + uy * halfWidth, base[1] - ux * halfWidth],
    ],
    style: { fill: colour },
  };
  return [lineElement(from, base, { stroke: colour, strokeWidth }), triangle];
}
