import { voxelCentre, voxelCount, type ImageGrid } from './volume';

describe('voxelCentre', () => {
  it('is the origin for voxel (0, 0, 0) and moves along the direction columns by the spacing', () => {
    // Axis i points along −x (LPS right), j along +z, k along −y.
    const grid: ImageGrid = {
      dims: [4, 4, 4],
      spacingMm: [0.5, 2, 3],
      origin: [10, 20, 30],
      direction: [-1, 0, 0, 0, 0, -1, 0, 1, 0],
    };
    expect(voxelCentre(grid, 0, 0, 0)).toEqual([10, 20, 30]);
    expect(voxelCentre(grid, 1, 0, 0)).toEqual([9.5, 20, 30]);
    expect(voxelCentre(grid, 0, 1, 0)).toEqual([10, 20, 32]);
    expect(voxelCentre(grid, 0, 0, 1)).toEqual([10, 17, 30]);
    expect(voxelCentre(grid, 2, 1.5, 1)).toEqual([9, 17, 33]);
  });

  it('refuses a direction without nine numbers', () => {
    const grid: ImageGrid = {
      dims: [1, 1, 1],
      spacingMm: [1, 1, 1],
      origin: [0, 0, 0],
      direction: [1, 0, 0],
    };
    expect(() => voxelCentre(grid, 0, 0, 0)).toThrow(RangeError);
  });
});

describe('voxelCount', () => {
  it('is nx·ny·nz', () => {
    expect(voxelCount({ dims: [512, 512, 200] })).toBe(52_428_800);
  });
});
