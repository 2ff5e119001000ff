import type { PreparedRoi, Vec3 } from '../types';
import {
  CROSS_SLICE_DIRECTIONS,
  IN_SLICE_DIRECTIONS,
  VOLUME_DIRECTIONS,
  directionOffset,
  forEachRow,
  isForward,
  isUnitStep,
  textureGrid,
} from './directions';

function roiOf(
  dims: Vec3,
  levels: readonly number[],
  greyLevelCount: number,
  mask?: readonly number[],
): PreparedRoi {
  const intensityMask = Uint8Array.from(mask ?? levels.map((level) => (level > 0 ? 1 : 0)));
  return {
    dims,
    spacingMm: [1, 1, 1],
    intensities: Float64Array.from(levels),
    morphologicalMask: intensityMask,
    intensityMask,
    levels: Int32Array.from(levels),
    greyLevelCount,
  };
}

describe('direction sets', () => {
  const key = ([x, y, z]: Vec3): string => `${x},${y},${z}`;
  const negated = ([x, y, z]: Vec3): Vec3 => [-x, -y, -z];

  it('has the 4 in-slice and 13 volume directions of Chebyshev distance 1, none repeated up to sign', () => {
    expect(IN_SLICE_DIRECTIONS).toHaveLength(4);
    expect(CROSS_SLICE_DIRECTIONS).toHaveLength(9);
    expect(VOLUME_DIRECTIONS).toHaveLength(13);
    expect(IN_SLICE_DIRECTIONS.every((direction) => direction[2] === 0)).toBe(true);
    expect(CROSS_SLICE_DIRECTIONS.every((direction) => direction[2] !== 0)).toBe(true);
    expect(VOLUME_DIRECTIONS.every(isForward)).toBe(true);
    const seen = new Set<string>();
    for (const direction of VOLUME_DIRECTIONS) {
      expect(Math.max(...direction.map(Math.abs))).toBe(1);
      expect(seen.has(key(direction)) || seen.has(key(negated(direction)))).toBe(false);
      seen.add(key(direction));
    }
  });
});

describe('forEachRow', () => {
  // A 4×3×2 box (padded 6×5×4) full of level 1.
  const grid = textureGrid(roiOf([4, 3, 2], new Array<number>(24).fill(1), 1));

  it('streams the rows of the box in raster order, as padded indices', () => {
    const rows: [number, number][] = [];
    forEachRow(grid, (first, end) => rows.push([first, end]));
    const expected: [number, number][] = [];
    for (let z = 0; z < 2; z++)
      for (let y = 0; y < 3; y++) {
        const first = 1 + 6 * (y + 1 + 5 * (z + 1));
        expected.push([first, first + 4]);
      }
    expect(rows).toEqual(expected);
    for (const [first, end] of rows)
      for (let index = first; index < end; index++) expect(grid.codes[index]).toBe(1);
  });

  it('streams a slab of slices', () => {
    const rows: number[] = [];
    forEachRow(grid, (first) => rows.push(first), 1, 2);
    expect(rows).toEqual([67, 73, 79]);
    expect(() => forEachRow(grid, () => undefined, 0, 3)).toThrow(RangeError);
  });

  it.each(VOLUME_DIRECTIONS.map((direction) => [direction.join(','), direction] as const))(
    'finds every neighbour along (%s) inside the padded array',
    (_, direction) => {
      const step = directionOffset(grid.paddedDims, direction);
      let neighbours = 0;
      forEachRow(grid, (first, end) => {
        for (let index = first; index < end; index++) {
          expect(index - step).toBeGreaterThanOrEqual(0);
          expect(index + step).toBeLessThan(grid.codes.length);
          neighbours += grid.codes[index + step] as number;
        }
      });
      // Box voxels with a forward neighbour in the box: (4 − |dx|)(3 − |dy|)(2 − |dz|).
      expect(neighbours).toBe(
        (4 - Math.abs(direction[0])) * (3 - Math.abs(direction[1])) * (2 - Math.abs(direction[2])),
      );
    },
  );

  it('knows forward unit steps', () => {
    expect(isUnitStep([1, 0, 0])).toBe(true);
    expect(isUnitStep([0, 0, 0])).toBe(false);
    expect(isUnitStep([2, 0, 0])).toBe(false);
    expect(isForward([-1, 1, 0])).toBe(true);
    expect(isForward([-1, 0, 0])).toBe(false);
    expect(isForward([1, 1, -1])).toBe(false);
    expect(directionOffset([6, 5, 4], [-1, -1, 1])).toBe(-1 - 6 + 30);
  });
});

describe('textureGrid', () => {
  it('crops to the bounding box of the intensity mask, pads it and codes the levels present', () => {
    // 4×3×2 grid; the ROI (levels 2 and 5 of Ng = 6) spans x 1..2, y 1..2, z 0..1. The voxel at
    // (3,0,0) has a level but lies outside the intensity mask.
    const levels = [
      [0, 0, 0, 4],
      [0, 5, 2, 0],
      [0, 0, 5, 0],
      [0, 0, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 0],
    ].flat();
    const mask = levels.map((level, index) => (level > 0 && index !== 3 ? 1 : 0));
    const grid = textureGrid(roiOf([4, 3, 2], levels, 6, mask));
    expect(grid.dims).toEqual([2, 2, 2]);
    expect(grid.paddedDims).toEqual([4, 4, 4]);
    expect(Array.from(grid.levels)).toEqual([2, 5]);
    const box: number[] = [];
    forEachRow(grid, (first, end) => box.push(...grid.codes.subarray(first, end)));
    expect(box).toEqual([2, 1, 0, 2, 0, 1, 0, 0]);
    expect(grid.codes.reduce((sum, code) => sum + code, 0)).toBe(6);
    expect(grid.voxelCount).toBe(4);
    expect(Array.from(grid.sliceVoxelCounts)).toEqual([3, 1]);
    expect(grid.greyLevelCount).toBe(6);
  });

  it('reads masks at any byte offset', () => {
    const buffer = new Uint8Array(14);
    const mask = buffer.subarray(1, 13);
    mask.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const grid = textureGrid({
      ...roiOf([12, 1, 1], [...new Array<number>(11).fill(0), 2], 2),
      intensityMask: mask,
    });
    expect(grid.dims).toEqual([1, 1, 1]);
    expect(grid.voxelCount).toBe(1);
  });

  it('gives an empty grid for an empty ROI', () => {
    const grid = textureGrid(roiOf([2, 2, 1], [0, 0, 0, 0], 3));
    expect(grid.voxelCount).toBe(0);
    expect(grid.dims).toEqual([0, 0, 0]);
  });

  it('rejects grey levels above the grey level count and arrays of the wrong size', () => {
    expect(() => textureGrid(roiOf([2, 1, 1], [1, 4], 3))).toThrow(RangeError);
    expect(() => textureGrid({ ...roiOf([2, 1, 1], [1, 2], 3), dims: [3, 1, 1] })).toThrow(RangeError);
  });
});
