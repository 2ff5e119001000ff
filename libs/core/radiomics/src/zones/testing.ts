import type { PreparedRoi, Vec3 } from '../types';

/**
 * A small PreparedRoi for specs: `levels` on a grid of `dims` (x fastest), 0 meaning outside the
 * intensity mask; the morphological mask is the intensity mask unless given.
 */
export function tinyRoi(
  dims: Vec3,
  levels: readonly number[],
  options: { greyLevelCount?: number; morphologicalMask?: readonly number[] } = {},
): PreparedRoi {
  const size = dims[0] * dims[1] * dims[2];
  if (levels.length !== size) throw new RangeError(`expected ${size} levels, got ${levels.length}`);
  const intensityMask = Uint8Array.from(levels, (level) => (level > 0 ? 1 : 0));
  return {
    dims,
    spacingMm: [1, 1, 1],
    intensities: Float64Array.from(levels),
    morphologicalMask: options.morphologicalMask ? Uint8Array.from(options.morphologicalMask) : intensityMask,
    intensityMask,
    levels: Int32Array.from(levels),
    greyLevelCount: options.greyLevelCount ?? levels.reduce((max, level) => Math.max(max, level), 1),
  };
}
