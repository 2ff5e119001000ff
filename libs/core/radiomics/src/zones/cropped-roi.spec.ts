import { cropRoi, sharedCrop } from './cropped-roi';
import { tinyRoi } from './testing';

describe('cropRoi', () => {
  it('crops to the bounding box with one voxel of padding', () => {
    // 4×3×2 grid with ROI voxels at (1,1,0) and (2,1,1).
    const levels = new Array<number>(24).fill(0);
    levels[1 + 4 * 1] = 2;
    levels[2 + 4 * (1 + 3)] = 5;
    const roi = cropRoi(tinyRoi([4, 3, 2], levels));
    expect([roi.nx, roi.ny, roi.nz]).toEqual([4, 3, 4]);
    expect(roi.voxels).toHaveLength(2);
    expect(Array.from(roi.voxels, (i) => roi.levels[i])).toEqual([2, 5]);
    expect(Array.from(roi.sliceStarts)).toEqual([0, 0, 1, 2, 2]);
    expect(roi.levelCount).toBe(5);
  });

  it('includes the morphological mask in the box when asked', () => {
    const roi = cropRoi(tinyRoi([3, 1, 1], [0, 0, 1], { morphologicalMask: [1, 1, 1] }), true);
    expect(roi.nx).toBe(5);
    // Padded box 5×3×3: the mask row is y = 1 of slice z = 1, x = 1..3 → indices 21..23.
    const set = Array.from(roi.morphology ?? [], (inside, i) => (inside ? i : -1)).filter((i) => i >= 0);
    expect(set).toEqual([21, 22, 23]);
    expect(Array.from(roi.voxels)).toEqual([23]);
  });

  it('rejects arrays that do not match the dimensions', () => {
    const roi = tinyRoi([2, 1, 1], [1, 1]);
    expect(() => cropRoi({ ...roi, dims: [3, 1, 1] })).toThrow(RangeError);
  });

  it('shares one crop per PreparedRoi object, and recomputes when an array is replaced', () => {
    const roi = tinyRoi([2, 2, 1], [1, 2, 0, 3]);
    const first = sharedCrop(roi);
    expect(sharedCrop(roi)).toBe(first);
    expect(first.morphology).toBeDefined();
    const relevelled = { ...roi, levels: Int32Array.from([1, 1, 0, 1]) };
    expect(sharedCrop(relevelled)).not.toBe(first);
    expect(Array.from(sharedCrop(relevelled).voxels, (i) => sharedCrop(relevelled).levels[i])).toEqual([
      1, 1, 1,
    ]);
  });
});
