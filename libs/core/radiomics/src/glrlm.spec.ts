import { DIRECTIONAL_AGGREGATIONS, SparseCounts } from './glcm';
import { countRuns, glrlmFeatureVector, glrlmFeatures, glrlmFeaturesOf, maximumRunLength } from './glrlm';
import {
  type ReferenceValue,
  computedFor,
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
} from './testing/ibsi-phantom';
import { textureGrid } from './texture/directions';
import type { FeatureValue, PreparedRoi, TextureAggregation, Vec3 } from './types';

function roiOf(dims: Vec3, levels: readonly number[], greyLevelCount: number): PreparedRoi {
  const mask = Uint8Array.from(levels, (level) => (level > 0 ? 1 : 0));
  return {
    dims,
    spacingMm: [1, 1, 1],
    intensities: Float64Array.from(levels),
    morphologicalMask: mask,
    intensityMask: mask,
    levels: Int32Array.from(levels),
    greyLevelCount,
  };
}

/** The GLRLM of one direction: row i - 1 (grey level), column j - 1 (run length), and the matrix. */
function runLengths(roi: PreparedRoi, direction: Vec3): { dense: number[][]; matrix: SparseCounts } {
  const grid = textureGrid(roi);
  const columns = maximumRunLength(grid);
  const matrix = new SparseCounts(grid.levels.length * columns);
  countRuns(grid, direction, matrix);
  const dense = Array.from({ length: roi.greyLevelCount }, () => new Array<number>(columns).fill(0));
  for (let k = 0; k < matrix.size; k++) {
    const cell = matrix.cell(k);
    const level = grid.levels[Math.floor(cell / columns)] as number;
    (dense[level - 1] as number[])[cell % columns] = matrix.counts[cell] as number;
  }
  return { dense, matrix };
}

function valueOf(features: readonly FeatureValue[], name: string, aggregation: TextureAggregation): number {
  const feature = features.find((f) => f.name === name && f.aggregation === aggregation);
  if (!feature) throw new Error(`${name} (${aggregation}) not computed`);
  return feature.value;
}

/**
 * Reference values `matchesReference` rejects, each asserted below to still be rejected. Empty: all
 * 96 GLRLM reference values of the digital phantom match.
 */
const KNOWN_DEVIATIONS: readonly { ibsi: string; aggregation: TextureAggregation; reason: string }[] = [];

describe('glrlmFeatures on the IBSI digital phantom', () => {
  const computed = glrlmFeatures(preparedIbsiPhantom());
  const references = referenceValuesOf('Grey level run length based features');
  const known = (reference: ReferenceValue): boolean =>
    KNOWN_DEVIATIONS.some(
      (deviation) => deviation.ibsi === reference.ibsi && deviation.aggregation === reference.aggregation,
    );
  const row = (reference: ReferenceValue) =>
    [reference.feature, reference.aggregation, reference.valueText, reference] as const;

  it('computes 16 features × 6 aggregations, one for every reference value', () => {
    expect(references).toHaveLength(96);
    expect(computed).toHaveLength(96);
    expect(computed.every((feature) => feature.family === 'glrlm')).toBe(true);
    for (const reference of references) expect(computedFor(computed, reference)).toBeDefined();
  });

  it.each(references.filter((reference) => !known(reference)).map(row))(
    '%s (%s) matches %s',
    (_feature, _aggregation, _text, reference) => {
      const value = computedFor(computed, reference)?.value ?? Number.NaN;
      expect({ value, matches: matchesReference(value, reference) }).toEqual({ value, matches: true });
    },
  );

  it('has an honest list of known deviations', () => {
    for (const deviation of KNOWN_DEVIATIONS) {
      const reference = references.find(
        (r) => r.ibsi === deviation.ibsi && r.aggregation === deviation.aggregation,
      );
      expect(reference).toBeDefined();
      if (reference)
        expect(matchesReference(computedFor(computed, reference)?.value ?? Number.NaN, reference)).toBe(
          false,
        );
    }
  });

  it('normalises run percentage of merged matrices by the voxels of every merged matrix', () => {
    // Every matrix merged over directions counts each voxel once per direction, so run percentage
    // of the merged matrix equals the mean over the directions (the manual's equal pairs).
    const rp = (aggregation: TextureAggregation): number => valueOf(computed, 'Run percentage', aggregation);
    expect(rp('2D, slice-merged')).toBeCloseTo(rp('2D, averaged'), 12);
    expect(rp('2.5D, merged')).toBeCloseTo(rp('2.5D, direction-merged'), 12);
    expect(rp('3D, merged')).toBeCloseTo(rp('3D, averaged'), 12);
  });

  it('changes no feature when grey levels absent from the ROI are added', () => {
    const wider = glrlmFeatures({ ...preparedIbsiPhantom(), greyLevelCount: 10 });
    wider.forEach((feature, index) => expect(feature.value).toBeCloseTo(computed[index]?.value ?? 0, 12));
  });
});

/** A pseudo-random ROI (fixed seed): holes, an absent grey level (5 of Ng = 8), a one-voxel slice. */
function randomRoi(): PreparedRoi {
  let seed = 20240611;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const levels = Array.from({ length: 6 * 5 * 4 }, (_, index) => {
    if (index >= 6 * 5 * 3) return index === 6 * 5 * 3 + 8 ? 3 : 0;
    if (random() < 0.2) return 0;
    const level = 1 + Math.floor(random() * random() * 8);
    return level === 5 ? 4 : level;
  });
  return roiOf([6, 5, 4], levels, 8);
}

/** The manual's directions, literally: 4 in 2D, 13 in 3D. */
const MANUAL_2D: Vec3[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [-1, 1, 0],
];
const MANUAL_3D: Vec3[] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
  [0, 1, 1],
  [0, 1, -1],
  [1, 0, 1],
  [1, 0, -1],
  [1, 1, 0],
  [1, -1, 0],
  [1, 1, 1],
  [1, 1, -1],
  [1, -1, 1],
  [1, -1, -1],
];

interface NaiveRuns {
  readonly matrix: number[][];
  readonly voxels: number;
}

/** A straightforward GLRLM: walk every run from its first voxel, within slices zFrom..zTo-1. */
function naiveRuns(roi: PreparedRoi, [dx, dy, dz]: Vec3, zFrom: number, zTo: number): NaiveRuns {
  const [nx, ny] = roi.dims;
  const longest = Math.max(...roi.dims);
  const matrix = Array.from({ length: roi.greyLevelCount }, () => new Array<number>(longest).fill(0));
  const level = (x: number, y: number, z: number): number =>
    x < 0 || x >= nx || y < 0 || y >= ny || z < zFrom || z >= zTo
      ? 0
      : (roi.levels[x + nx * (y + ny * z)] ?? 0);
  let voxels = 0;
  for (let z = zFrom; z < zTo; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const c = level(x, y, z);
        if (c === 0) continue;
        voxels++;
        if (level(x - dx, y - dy, z - dz) === c) continue;
        let length = 1;
        while (level(x + length * dx, y + length * dy, z + length * dz) === c) length++;
        const row = matrix[c - 1] as number[];
        row[length - 1] = (row[length - 1] as number) + 1;
      }
  return { matrix, voxels };
}

const mergeRuns = (a: NaiveRuns, b: NaiveRuns): NaiveRuns => ({
  matrix: a.matrix.map((row, i) => row.map((value, j) => value + (b.matrix[i]?.[j] ?? 0))),
  voxels: a.voxels + b.voxels,
});

/** The manual's formulas, term by term, for one GLRLM (NaN when empty). */
function naiveGlrlmFeatures({ matrix, voxels }: NaiveRuns): number[] {
  const cells: { i: number; j: number; r: number }[] = [];
  matrix.forEach((row, i) => row.forEach((r, j) => r > 0 && cells.push({ i: i + 1, j: j + 1, r })));
  const ns = cells.reduce((sum, c) => sum + c.r, 0);
  if (ns === 0) return new Array<number>(16).fill(Number.NaN);
  const sumOver = (f: (c: { i: number; j: number; r: number }) => number): number =>
    cells.reduce((sum, cell) => sum + f(cell), 0);
  const byLevel = matrix.map((row) => row.reduce((sum, r) => sum + r, 0));
  const byLength = (matrix[0] ?? []).map((_, j) => matrix.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const mu = sumOver((c) => (c.i * c.r) / ns);
  const muLength = sumOver((c) => (c.j * c.r) / ns);
  return [
    sumOver((c) => c.r / c.j ** 2) / ns,
    sumOver((c) => c.r * c.j ** 2) / ns,
    sumOver((c) => c.r / c.i ** 2) / ns,
    sumOver((c) => c.r * c.i ** 2) / ns,
    sumOver((c) => c.r / (c.i ** 2 * c.j ** 2)) / ns,
    sumOver((c) => (c.r * c.i ** 2) / c.j ** 2) / ns,
    sumOver((c) => (c.r * c.j ** 2) / c.i ** 2) / ns,
    sumOver((c) => c.r * c.i ** 2 * c.j ** 2) / ns,
    byLevel.reduce((sum, r) => sum + r * r, 0) / ns,
    byLevel.reduce((sum, r) => sum + r * r, 0) / ns ** 2,
    byLength.reduce((sum, r) => sum + r * r, 0) / ns,
    byLength.reduce((sum, r) => sum + r * r, 0) / ns ** 2,
    ns / voxels,
    sumOver((c) => ((c.i - mu) ** 2 * c.r) / ns),
    sumOver((c) => ((c.j - muLength) ** 2 * c.r) / ns),
    -sumOver((c) => (c.r / ns) * Math.log2(c.r / ns)),
  ];
}

function naiveMean(vectors: number[][]): number[] {
  return Array.from({ length: 16 }, (_, f) => {
    const defined = vectors.map((vector) => vector[f] ?? Number.NaN).filter((value) => !Number.isNaN(value));
    return defined.length === 0
      ? Number.NaN
      : defined.reduce((sum, value) => sum + value, 0) / defined.length;
  });
}

/** The six aggregations by their definitions in the manual (N_v summed with merged matrices). */
function naiveGlrlmAggregations(roi: PreparedRoi): Record<TextureAggregation, number[]> {
  const nz = roi.dims[2];
  const perSlice = Array.from({ length: nz }, (_, z) => MANUAL_2D.map((d) => naiveRuns(roi, d, z, z + 1)));
  const nonEmpty = (runs: NaiveRuns[]): NaiveRuns[] => runs.filter((r) => r.voxels > 0);
  const sliceMerged = perSlice.map((runs) => runs.reduce(mergeRuns));
  const directionMerged = MANUAL_2D.map((_, d) =>
    perSlice.map((runs) => runs[d] as NaiveRuns).reduce(mergeRuns),
  );
  const volume = MANUAL_3D.map((d) => naiveRuns(roi, d, 0, nz));
  return {
    '2D, averaged': naiveMean(nonEmpty(perSlice.flat()).map(naiveGlrlmFeatures)),
    '2D, slice-merged': naiveMean(nonEmpty(sliceMerged).map(naiveGlrlmFeatures)),
    '2.5D, direction-merged': naiveMean(nonEmpty(directionMerged).map(naiveGlrlmFeatures)),
    '2.5D, merged': naiveGlrlmFeatures(directionMerged.reduce(mergeRuns)),
    '3D, averaged': naiveMean(nonEmpty(volume).map(naiveGlrlmFeatures)),
    '3D, merged': naiveGlrlmFeatures(volume.reduce(mergeRuns)),
  } as Record<TextureAggregation, number[]>;
}

describe('glrlmFeatures against a term-by-term implementation of the manual', () => {
  it.each([
    ['accumulated', true],
    ['recounted', false],
  ])('matches on a random ROI with holes (direction-merged matrices %s)', (_, keep) => {
    const roi = randomRoi();
    const expected = naiveGlrlmAggregations(roi);
    const computed = glrlmFeaturesOf(textureGrid(roi), keep);
    expect(computed.every((feature) => Number.isFinite(feature.value))).toBe(true);
    computed.forEach((feature, index) =>
      expect([feature.name, feature.aggregation, feature.value]).toEqual([
        feature.name,
        feature.aggregation,
        expect.closeTo(expected[feature.aggregation as TextureAggregation][index % 16] ?? Number.NaN, 10),
      ]),
    );
  });

  it('matches on the phantom', () => {
    const phantom = preparedIbsiPhantom();
    const expected = naiveGlrlmAggregations(phantom);
    glrlmFeatures(phantom).forEach((feature, index) =>
      expect(feature.value).toBeCloseTo(
        expected[feature.aggregation as TextureAggregation][index % 16] ?? 0,
        10,
      ),
    );
  });
});

describe('run length matrices', () => {
  it('counts the runs of a row, run length j in column j', () => {
    // 6×1×1: 1 1 2 2 2 1 → (1, 2), (2, 3), (1, 1).
    expect(runLengths(roiOf([6, 1, 1], [1, 1, 2, 2, 2, 1], 2), [1, 0, 0]).dense).toEqual([
      [1, 1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0],
    ]);
  });

  it('breaks runs at voxels outside the ROI', () => {
    // 5×1×1: 1 1 0 1 1 → two runs of length 2; a row per level up to Ng = 3, a column per length ≤ 5.
    expect(runLengths(roiOf([5, 1, 1], [1, 1, 0, 1, 1], 3), [1, 0, 0]).dense).toEqual([
      [0, 2, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('follows columns and diagonals of a 3×3 image', () => {
    // Rows y = 0..2: 1 2 2 / 1 3 2 / 3 3 1.
    const image = roiOf([3, 3, 1], [1, 2, 2, 1, 3, 2, 3, 3, 1], 3);
    // Columns 1 1 3 | 2 3 3 | 2 2 1.
    expect(runLengths(image, [0, 1, 0]).dense).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
    ]);
    // (1,1,0) lines: 2 | 2 2 | 1 3 1 | 1 3 | 3.
    expect(runLengths(image, [1, 1, 0]).dense).toEqual([
      [3, 0, 0],
      [1, 1, 0],
      [3, 0, 0],
    ]);
    // (-1,1,0) lines: 1 | 2 1 | 2 3 3 | 2 3 | 1.
    expect(runLengths(image, [-1, 1, 0]).dense).toEqual([
      [3, 0, 0],
      [3, 0, 0],
      [1, 1, 0],
    ]);
  });

  it('rejects backward directions and partial slabs for cross-slice directions', () => {
    const grid = textureGrid(roiOf([2, 2, 2], new Array<number>(8).fill(1), 1));
    const matrix = new SparseCounts(grid.levels.length * maximumRunLength(grid));
    expect(() => countRuns(grid, [-1, 0, 0], matrix)).toThrow(RangeError);
    expect(() => countRuns(grid, [0, 0, 1], matrix, undefined, 0, 1)).toThrow(RangeError);
    expect(() => countRuns(grid, [2, 0, 0], matrix)).toThrow(RangeError);
  });

  it('follows cross-slice lines in 3D: (0,0,1)', () => {
    expect(runLengths(roiOf([1, 1, 4], [2, 2, 2, 1], 2), [0, 0, 1]).dense).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
  });
});

describe('glrlmFeatures by hand and at the edges', () => {
  // 3×1×1: 1 1 2 (Ng = 2). Along (1,0,0): runs (1, 2) and (2, 1); along every other direction each
  // voxel is a run of length 1: (1, 1) twice and (2, 1) once.
  const row = roiOf([3, 1, 1], [1, 1, 2], 2);

  it('computes the 16 features of one matrix by hand', () => {
    const grid = textureGrid(row);
    const { matrix } = runLengths(row, [1, 0, 0]);
    const out = new Float64Array(16);
    const scratch = { byLevel: new Float64Array(2), byLength: new Float64Array(maximumRunLength(grid)) };
    glrlmFeatureVector(matrix, 3, grid, scratch, out);
    const expected = [
      (1 / 4 + 1) / 2, // short runs emphasis
      (4 + 1) / 2, // long runs emphasis
      (1 + 1 / 4) / 2, // low grey level run emphasis
      (1 + 4) / 2, // high grey level run emphasis
      (1 / 4 + 1 / 4) / 2, // short run low grey level emphasis: 1/(1²·2²) + 1/(2²·1²)
      (1 / 4 + 4) / 2, // short run high grey level emphasis
      (4 + 1 / 4) / 2, // long run low grey level emphasis
      (4 + 4) / 2, // long run high grey level emphasis
      (1 + 1) / 2, // grey level non-uniformity
      2 / 4, // normalised
      (1 + 1) / 2, // run length non-uniformity
      2 / 4, // normalised
      2 / 3, // run percentage
      0.25, // grey level variance
      0.25, // run length variance
      1, // run entropy
    ];
    expect(Array.from(out)).toEqual(expected.map((value) => expect.closeTo(value, 12)));
    expect(Array.from(scratch.byLevel)).toEqual([0, 0]);
  });

  it('aggregates per slice, per direction and in 3D, summing N_v with the matrices', () => {
    const features = glrlmFeatures(row);
    const sre = (aggregation: TextureAggregation): number =>
      valueOf(features, 'Short runs emphasis', aggregation);
    const rp = (aggregation: TextureAggregation): number => valueOf(features, 'Run percentage', aggregation);
    expect(sre('2D, averaged')).toBeCloseTo((0.625 + 3) / 4, 12);
    // Merged: (1,1) 6, (2,1) 4, (1,2) 1.
    expect(sre('2D, slice-merged')).toBeCloseTo((10 + 1 / 4) / 11, 12);
    expect(rp('2D, slice-merged')).toBeCloseTo(11 / 12, 12);
    expect(sre('2.5D, direction-merged')).toBeCloseTo(sre('2D, averaged'), 12);
    expect(sre('2.5D, merged')).toBeCloseTo(sre('2D, slice-merged'), 12);
    // 3D: the 9 cross-slice directions of a single slice also give runs of length 1.
    expect(sre('3D, averaged')).toBeCloseTo((0.625 + 12) / 13, 12);
    expect(rp('3D, merged')).toBeCloseTo((2 + 12 * 3) / (13 * 3), 12);
  });

  it('computes a single voxel without NaN: one run of length 1 per direction', () => {
    const features = glrlmFeatures(roiOf([1, 1, 1], [3], 4));
    expect(features).toHaveLength(96);
    for (const aggregation of DIRECTIONAL_AGGREGATIONS) {
      expect(valueOf(features, 'Short runs emphasis', aggregation)).toBe(1);
      expect(valueOf(features, 'Low grey level run emphasis', aggregation)).toBeCloseTo(1 / 9, 12);
      expect(valueOf(features, 'Run percentage', aggregation)).toBe(1);
      expect(valueOf(features, 'Grey level variance', aggregation)).toBe(0);
      expect(valueOf(features, 'Run entropy', aggregation)).toBe(0);
    }
    expect(features.every((feature) => Number.isFinite(feature.value))).toBe(true);
  });

  it('computes a constant ROI with finite values and zero grey level variance', () => {
    // 4×1×1 of level 3: one run of 4 along x, four runs of 1 along the other in-slice directions.
    const features = glrlmFeatures(roiOf([4, 1, 1], [3, 3, 3, 3], 3));
    expect(features.every((feature) => Number.isFinite(feature.value))).toBe(true);
    expect(valueOf(features, 'Run percentage', '2D, averaged')).toBeCloseTo((1 / 4 + 3) / 4, 12);
    expect(valueOf(features, 'Long runs emphasis', '2D, slice-merged')).toBeCloseTo((16 + 12) / 13, 12);
    for (const aggregation of DIRECTIONAL_AGGREGATIONS)
      expect(valueOf(features, 'Grey level variance', aggregation)).toBe(0);
  });

  it('gives NaN for every feature of an empty ROI', () => {
    const features = glrlmFeatures(roiOf([2, 2, 1], [0, 0, 0, 0], 4));
    expect(features).toHaveLength(96);
    expect(features.every((feature) => Number.isNaN(feature.value))).toBe(true);
  });
});
