import { cropRoi } from './cropped-roi';
import { tinyRoi } from './testing';
import { edgeDistanceMap, labelZones } from './zones';

/** Deterministic pseudo-random integers in [0, n). */
function generator(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

function randomLevels(nx: number, ny: number, nz: number, levels: number, seed: number): number[] {
  const next = generator(seed);
  // About one voxel in five outside the ROI.
  return Array.from({ length: nx * ny * nz }, () => (next(5) === 0 ? 0 : 1 + next(levels)));
}

describe('edgeDistanceMap', () => {
  it('gives 1 on the rim of a 5×5 square, 2 inside it and 3 at the centre (2D, 4-connected)', () => {
    const roi = cropRoi(tinyRoi([5, 5, 1], new Array<number>(25).fill(1)), true);
    const distance = edgeDistanceMap(roi.morphology ?? new Uint8Array(0), roi.nx, roi.ny, roi.nz, false);
    const rows: number[][] = [];
    for (let y = 1; y <= 5; y++)
      rows.push(Array.from({ length: 5 }, (_, x) => distance[x + 1 + roi.nx * (y + roi.ny)] as number));
    expect(rows).toEqual([
      [1, 1, 1, 1, 1],
      [1, 2, 2, 2, 1],
      [1, 2, 3, 2, 1],
      [1, 2, 2, 2, 1],
      [1, 1, 1, 1, 1],
    ]);
  });

  it('is 4-connected, not 8: a notch touching the centre only diagonally leaves it at distance 2', () => {
    // 3×3 square missing its top-right voxel: the centre reaches it by two faces (Chebyshev would say 1).
    const roi = cropRoi(tinyRoi([3, 3, 1], [1, 1, 0, 1, 1, 1, 1, 1, 1]), true);
    const distance = edgeDistanceMap(roi.morphology ?? new Uint8Array(0), roi.nx, roi.ny, roi.nz, false);
    expect(distance[2 + roi.nx * (2 + roi.ny)]).toBe(2);
  });

  it.each([
    ['2D', false],
    ['3D', true],
  ])('equals the brute-force city-block distance to the nearest outside voxel (%s)', (_name, threeD) => {
    const [nx, ny, nz] = [9, 7, 6];
    const roi = cropRoi(tinyRoi([nx, ny, nz], randomLevels(nx, ny, nz, 1, 7)), true);
    const mask = roi.morphology ?? new Uint8Array(0);
    const distance = edgeDistanceMap(mask, roi.nx, roi.ny, roi.nz, threeD);
    const at = (x: number, y: number, z: number) => x + roi.nx * (y + roi.ny * z);
    for (let z = 0; z < roi.nz; z++)
      for (let y = 0; y < roi.ny; y++)
        for (let x = 0; x < roi.nx; x++) {
          let expected = 0;
          if (mask[at(x, y, z)]) {
            expected = Number.POSITIVE_INFINITY;
            for (let z2 = threeD ? 0 : z; z2 <= (threeD ? roi.nz - 1 : z); z2++)
              for (let y2 = 0; y2 < roi.ny; y2++)
                for (let x2 = 0; x2 < roi.nx; x2++)
                  if (!mask[at(x2, y2, z2)])
                    expected = Math.min(expected, Math.abs(x - x2) + Math.abs(y - y2) + Math.abs(z - z2));
          }
          expect(distance[at(x, y, z)]).toBe(expected);
        }
  });
});

describe('labelZones', () => {
  /** Zone sizes by brute force: repeated relabelling to the minimum label among linked neighbours. */
  function bruteForceZoneSizes(levels: Int32Array, nx: number, ny: number, nz: number, threeD: boolean) {
    const label = Int32Array.from(levels, (level, i) => (level > 0 ? i + 1 : 0));
    let changed = true;
    while (changed) {
      changed = false;
      for (let z = 0; z < nz; z++)
        for (let y = 0; y < ny; y++)
          for (let x = 0; x < nx; x++) {
            const i = x + nx * (y + ny * z);
            if (!levels[i]) continue;
            for (let dz = threeD ? -1 : 0; dz <= (threeD ? 1 : 0); dz++)
              for (let dy = -1; dy <= 1; dy++)
                for (let dx = -1; dx <= 1; dx++) {
                  const [x2, y2, z2] = [x + dx, y + dy, z + dz];
                  if (x2 < 0 || y2 < 0 || z2 < 0 || x2 >= nx || y2 >= ny || z2 >= nz) continue;
                  const j = x2 + nx * (y2 + ny * z2);
                  if (levels[j] === levels[i] && (label[j] as number) < (label[i] as number)) {
                    label[i] = label[j] as number;
                    changed = true;
                  }
                }
          }
    }
    const sizes = new Map<number, number>();
    for (const l of label) if (l) sizes.set(l, (sizes.get(l) ?? 0) + 1);
    return [...sizes.values()].sort((a, b) => a - b);
  }

  it.each([
    ['2D, 8-connected', false],
    ['3D, 26-connected', true],
  ])('finds the same zones as brute force on a random image (%s)', (_name, threeD) => {
    const [nx, ny, nz] = [11, 8, 5];
    const roi = cropRoi(tinyRoi([nx, ny, nz], randomLevels(nx, ny, nz, 3, 11)));
    const zones = labelZones(roi, threeD);
    const sizes = Array.from(zones.size.subarray(0, zones.count)).sort((a, b) => a - b);
    expect(sizes).toEqual(bruteForceZoneSizes(roi.levels, roi.nx, roi.ny, roi.nz, threeD));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(roi.voxels.length);
  });

  it('groups 2D zones by slice', () => {
    const roi = cropRoi(tinyRoi([2, 1, 3], [1, 2, 0, 0, 3, 3]));
    const zones = labelZones(roi, false);
    // Padded slices 0..4: slice 1 has zones {1}, {2}; slice 3 has {3, 3}.
    expect(Array.from(zones.sliceStarts)).toEqual([0, 0, 2, 2, 3, 3]);
    expect(Array.from(zones.size.subarray(0, zones.count))).toEqual([1, 1, 2]);
  });

  it('labels a 200 000-voxel zone iteratively (no recursion depth limit)', () => {
    const [nx, ny, nz] = [100, 100, 20];
    const zones = labelZones(cropRoi(tinyRoi([nx, ny, nz], new Array<number>(nx * ny * nz).fill(1))), true);
    expect(zones.count).toBe(1);
    expect(zones.size[0]).toBe(nx * ny * nz);
  });
});
