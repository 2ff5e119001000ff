import type { Point } from './figure';

/** Axis-aligned rectangle in drawing coordinates (y down). */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * The part of segment a→b inside `box` (Liang–Barsky), or undefined when it misses the box.
 * Charts clip rather than drop out-of-range data so a curve leaving the axis range still shows
 * up to the edge.
 */
export function clipSegment(a: Point, b: Point, box: Box): readonly [Point, Point] | undefined {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let enter = 0;
  let exit = 1;
  const edges: readonly (readonly [number, number])[] = [
    [-dx, a[0] - box.left],
    [dx, box.right - a[0]],
    [-dy, a[1] - box.top],
    [dy, box.bottom - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return undefined;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > exit) return undefined;
      if (t > enter) enter = t;
    } else {
      if (t < enter) return undefined;
      if (t < exit) exit = t;
    }
  }
  return [
    [a[0] + enter * dx, a[1] + enter * dy],
    [a[0] + exit * dx, a[1] + exit * dy],
  ];
}

/** Splits a polyline into the runs that lie inside `box`, cutting at the edges. */
export function clipPolyline(points: readonly Point[], box: Box): readonly (readonly Point[])[] {
  if (points.length === 1) {
    const only = points[0];
    return only !== undefined && inside(only, box) ? [[only]] : [];
  }
  const runs: Point[][] = [];
  let current: Point[] = [];
  for (let index = 1; index < points.length; index += 1) {
    const a = points[index - 1];
    const b = points[index];
    if (a === undefined || b === undefined) continue;
    const clipped = clipSegment(a, b, box);
    if (clipped === undefined) {
      if (current.length > 0) runs.push(current);
      current = [];
      continue;
    }
    const [start, end] = clipped;
    const last = current[current.length - 1];
    if (last === undefined || last[0] !== start[0] || last[1] !== start[1]) {
      if (current.length > 0) runs.push(current);
      current = [start];
    }
    current.push(end);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Polygon clipped to `box` (Sutherland–Hodgman); empty when nothing is inside. */
export function clipPolygon(points: readonly Point[], box: Box): readonly Point[] {
  type Edge = { readonly keep: (point: Point) => boolean; readonly cut: (a: Point, b: Point) => Point };
  const atX = (a: Point, b: Point, x: number): Point => [
    x,
    a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]),
  ];
  const atY = (a: Point, b: Point, y: number): Point => [
    a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]),
    y,
  ];
  const edges: readonly Edge[] = [
    { keep: (p) => p[0] >= box.left, cut: (a, b) => atX(a, b, box.left) },
    { keep: (p) => p[0] <= box.right, cut: (a, b) => atX(a, b, box.right) },
    { keep: (p) => p[1] >= box.top, cut: (a, b) => atY(a, b, box.top) },
    { keep: (p) => p[1] <= box.bottom, cut: (a, b) => atY(a, b, box.bottom) },
  ];
  let output: readonly Point[] = points;
  for (const edge of edges) {
    const input = output;
    const next: Point[] = [];
    for (let index = 0; index < input.length; index += 1) {
      const current = input[index];
      const previous = input[(index + input.length - 1) % input.length];
      if (current === undefined || previous === undefined) continue;
      if (edge.keep(current)) {
        if (!edge.keep(previous)) next.push(edge.cut(previous, current));
        next.push(current);
      } else if (edge.keep(previous)) {
        next.push(edge.cut(previous, current));
      }
    }
    output = next;
    if (output.length === 0) break;
  }
  return output.length >= 3 ? output : [];
}

/** True when `point` lies in `box`, allowing half a point of slack for rounding at the edges. */
export function inside(point: Point, box: Box, slack = 0.5): boolean {
  return (
    point[0] >= box.left - slack &&
    point[0] <= box.right + slack &&
    point[1] >= box.top - slack &&
    point[1] <= box.bottom + slack
  );
}
