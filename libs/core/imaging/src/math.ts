// Small helpers for 3-vectors and checked indexing, shared by the geometry code.
import type { Vec3 } from './volume';

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const norm = (a: Vec3): number => Math.sqrt(dot(a, a));
export const scale = (a: Vec3, factor: number): Vec3 => [a[0] * factor, a[1] * factor, a[2] * factor];
/** a / |a|, dividing (not multiplying by 1/|a|) so that an axis-aligned vector gives exactly ±1. */
export const unit = (a: Vec3): Vec3 => {
  const length = norm(a);
  return [a[0] / length, a[1] / length, a[2] / length];
};
export const subtract = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

/** Adding 0 turns -0 into 0, so that grids compare equal however their numbers were computed. */
export const withoutNegativeZero = (value: number): number => value + 0;

/** Row-major 3×3 whose columns are the three axis vectors. */
export function directionFromAxes(i: Vec3, j: Vec3, k: Vec3): number[] {
  return [i[0], j[0], k[0], i[1], j[1], k[1], i[2], j[2], k[2]].map(withoutNegativeZero);
}

/** `values[index]`, or a RangeError: for indices the code has already proven valid. */
export function at<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} out of range (length ${values.length})`);
  return value;
}
