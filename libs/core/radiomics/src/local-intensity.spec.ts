import { localIntensityFeatures, PEAK_SPHERE_RADIUS_MM } from './local-intensity';
import {
  computedFor,
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
  type ReferenceValue,
} from './testing/ibsi-phantom';
import type { PreparedRoi, Vec3 } from './types';

/** Reference values this implementation does not reproduce (IBSI codes); none. */
const KNOWN_DEVIATIONS: readonly string[] = [];

const references = referenceValuesOf('Local intensity features');

function roiOf(dims: Vec3, spacingMm: Vec3, image: readonly number[], mask: readonly number[]): PreparedRoi {
  const inside = Uint8Array.from(mask);
  return {
    dims,
    spacingMm,
    intensities: Float64Array.from(image),
    morphologicalMask: inside,
    intensityMask: inside,
    levels: new Int32Array(image.length),
    greyLevelCount: 1,
  };
}

function peaks(roi: PreparedRoi): [number, number] {
  const [local, global] = localIntensityFeatures(roi);
  return [local?.value ?? NaN, global?.value ?? NaN];
}

/** Straightforward O(n · N) peaks, for comparison. */
function bruteForcePeaks(roi: PreparedRoi): [number, number] {
  const [nx, ny, nz] = roi.dims;
  const [sx, sy, sz] = roi.spacingMm;
  const mean = (cx: number, cy: number, cz: number): number => {
    let sum = 0;
    let count = 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          if (Math.hypot((x - cx) * sx, (y - cy) * sy, (z - cz) * sz) > PEAK_SPHERE_RADIUS_MM) continue;
          sum += roi.intensities[x + nx * (y + ny * z)] as number;
          count++;
        }
    return sum / count;
  };
  let highest = -Infinity;
  roi.intensityMask.forEach((inside, index) => {
    if (inside) highest = Math.max(highest, roi.intensities[index] as number);
  });
  let local = -Infinity;
  let global = -Infinity;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const index = x + nx * (y + ny * z);
        if (!roi.intensityMask[index]) continue;
        const value = mean(x, y, z);
        global = Math.max(global, value);
        if (roi.intensities[index] === highest) local = Math.max(local, value);
      }
  return [local, global];
}

describe('localIntensityFeatures on the IBSI digital phantom', () => {
  const computed = localIntensityFeatures(preparedIbsiPhantom());

  it('covers every reference value of the family', () => {
    expect(references).toHaveLength(2);
    expect(computed.map((feature) => [feature.family, feature.ibsi, feature.aggregation])).toEqual([
      ['local-intensity', 'VJGA', undefined],
      ['local-intensity', '0F91', undefined],
    ]);
  });

  it.each(
    references.map((reference): [string, ReferenceValue] => [
      `${reference.feature} (${reference.ibsi})`,
      reference,
    ]),
  )('%s', (_label, reference) => {
    const value = computedFor(computed, reference)?.value ?? NaN;
    const expected = !KNOWN_DEVIATIONS.includes(reference.ibsi ?? '');
    expect({ value, matches: matchesReference(value, reference) }).toEqual({ value, matches: expected });
  });
});

describe('local intensity by hand', () => {
  it('uses a 6.2 mm sphere: the radius of 1 cm³', () => {
    expect((4 / 3) * Math.PI * PEAK_SPHERE_RADIUS_MM ** 3).toBeCloseTo(1000, 9);
  });

  it('averages the six face neighbours at 5 mm (not the 7.07 mm diagonals), ROI or not', () => {
    const image = Array.from({ length: 27 }, (_, index) => index);
    const mask = image.map((index) => (index === 13 ? 1 : 0));
    const faces = [13, 12, 14, 10, 16, 4, 22];
    const expected = faces.reduce((sum, index) => sum + index, 0) / 7;
    const [local, global] = peaks(roiOf([3, 3, 3], [5, 5, 5], image, mask));
    expect(local).toBeCloseTo(expected, 12);
    expect(global).toBeCloseTo(expected, 12);
  });

  it('counts only the voxels of the grid at its edge', () => {
    const [local, global] = peaks(roiOf([2, 1, 1], [5, 5, 5], [4, 8], [1, 0]));
    expect(local).toBe(6);
    expect(global).toBe(6);
  });

  it('takes the highest mean over ties of the maximum, and the global peak over every ROI voxel', () => {
    // 10 mm voxels: the sphere holds the centre only, except along x at 5 mm.
    const roi = roiOf([5, 1, 1], [5, 10, 10], [9, 0, 9, 8, 20], [1, 1, 1, 1, 0]);
    // Means: voxel 0: (9 + 0)/2, voxel 2: (0 + 9 + 8)/3, voxel 3: (9 + 8 + 20)/3.
    const [local, global] = peaks(roi);
    expect(local).toBeCloseTo(17 / 3, 12);
    expect(global).toBeCloseTo(37 / 3, 12);
  });

  it('agrees with a brute-force computation on an anisotropic grid', () => {
    const dims: Vec3 = [23, 19, 9];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const image = Array.from({ length: 23 * 19 * 9 }, () => Math.round(random() * 100) / 10);
    const mask = image.map((_, index) => {
      const x = index % 23;
      const y = Math.floor(index / 23) % 19;
      const z = Math.floor(index / (23 * 19));
      return (x - 9) ** 2 / 64 + (y - 9) ** 2 / 49 + (z - 4) ** 2 / 9 <= 1 ? 1 : 0;
    });
    const roi = roiOf(dims, [0.8, 1.1, 2.5], image, mask);
    const [local, global] = peaks(roi);
    const [expectedLocal, expectedGlobal] = bruteForcePeaks(roi);
    expect(local).toBeCloseTo(expectedLocal, 10);
    expect(global).toBeCloseTo(expectedGlobal, 10);
  });

  it('is the intensity itself for a constant image, and NaN for an empty ROI', () => {
    expect(
      peaks(roiOf([3, 3, 3], [1, 1, 1], new Array<number>(27).fill(-5), new Array<number>(27).fill(1))),
    ).toEqual([-5, -5]);
    const [local, global] = peaks(roiOf([2, 1, 1], [1, 1, 1], [1, 2], [0, 0]));
    expect(local).toBeNaN();
    expect(global).toBeNaN();
  });
});
