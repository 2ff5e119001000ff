import {
  DIRECTIONAL_AGGREGATIONS,
  SparseCounts,
  countCooccurrences,
  glcmFeatures,
  glcmFeaturesOf,
} from './glcm';
import {
  type ReferenceValue,
  computedFor,
  matchesReference,
  preparedIbsiPhantom,
  referenceValuesOf,
} from './testing/ibsi-phantom';
import { type TextureGrid, textureGrid } from './texture/directions';
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

/** The GLCM of one direction as a dense Ng × Ng array (row i - 1, column j - 1). */
function cooccurrences(roi: PreparedRoi, direction: Vec3): number[][] {
  const grid: TextureGrid = textureGrid(roi);
  const np = grid.levels.length;
  const matrix = new SparseCounts(np * np);
  countCooccurrences(grid, direction, matrix);
  const dense = Array.from({ length: roi.greyLevelCount }, () =>
    new Array<number>(roi.greyLevelCount).fill(0),
  );
  for (let k = 0; k < matrix.size; k++) {
    const cell = matrix.cell(k);
    // Upper triangle of unordered pairs: M_ij = M_ji = pairs (i < j), M_ii = 2 × pairs.
    const i = grid.levels[Math.floor(cell / np)] as number;
    const j = grid.levels[cell % np] as number;
    const pairs = matrix.counts[cell] as number;
    (dense[i - 1] as number[])[j - 1] = i === j ? 2 * pairs : pairs;
    (dense[j - 1] as number[])[i - 1] = i === j ? 2 * pairs : pairs;
  }
  return dense;
}

function valueOf(features: readonly FeatureValue[], name: string, aggregation: TextureAggregation): number {
  const feature = features.find((f) => f.name === name && f.aggregation === aggregation);
  if (!feature) throw new Error(`${name} (${aggregation}) not computed`);
  return feature.value;
}

/**
 * Reference values `matchesReference` rejects, each asserted below to still be rejected (so the list
 * stays honest). Empty: all 150 GLCM reference values of the digital phantom match.
 */
const KNOWN_DEVIATIONS: readonly { ibsi: string; aggregation: TextureAggregation; reason: string }[] = [];

describe('glcmFeatures on the IBSI digital phantom', () => {
  const computed = glcmFeatures(preparedIbsiPhantom());
  const references = referenceValuesOf('Grey level co-occurrence based features');
  const known = (reference: ReferenceValue): boolean =>
    KNOWN_DEVIATIONS.some(
      (deviation) => deviation.ibsi === reference.ibsi && deviation.aggregation === reference.aggregation,
    );
  const row = (reference: ReferenceValue) =>
    [reference.feature, reference.aggregation, reference.valueText, reference] as const;

  it('computes 25 features × 6 aggregations, one for every reference value', () => {
    expect(references).toHaveLength(150);
    expect(computed).toHaveLength(150);
    expect(computed.every((feature) => feature.family === 'glcm')).toBe(true);
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

  it('does not depend on where the ROI lies in its grid', () => {
    const phantom = preparedIbsiPhantom();
    const [nx, ny, nz] = phantom.dims;
    const dims: Vec3 = [nx + 3, ny + 2, nz + 2];
    const levels = new Array<number>(dims[0] * dims[1] * dims[2]).fill(0);
    phantom.levels.forEach((level, index) => {
      const x = index % nx;
      const y = Math.floor(index / nx) % ny;
      const z = Math.floor(index / (nx * ny));
      levels[x + 2 + dims[0] * (y + 1 + dims[1] * (z + 1))] = level;
    });
    const embedded = glcmFeatures(roiOf(dims, levels, 6));
    embedded.forEach((feature, index) => expect(feature.value).toBeCloseTo(computed[index]?.value ?? 0, 12));
  });

  it('changes only the Ng-normalised features when grey levels absent from the ROI are added', () => {
    const wider = glcmFeatures({ ...preparedIbsiPhantom(), greyLevelCount: 10 });
    const normalised = new Set(['NDRX', '1QCO']);
    wider.forEach((feature, index) => {
      const original = computed[index]?.value ?? Number.NaN;
      if (normalised.has(feature.ibsi)) expect(feature.value).toBeGreaterThan(original);
      else expect(feature.value).toBeCloseTo(original, 12);
    });
  });
});

/** A pseudo-random ROI (fixed seed): holes, an absent grey level (5 of Ng = 8), a one-voxel slice. */
function randomRoi(): PreparedRoi {
  let seed = 20240611;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const dims: Vec3 = [6, 5, 4];
  const levels = Array.from({ length: 6 * 5 * 4 }, (_, index) => {
    if (index >= 6 * 5 * 3) return index === 6 * 5 * 3 + 8 ? 3 : 0;
    if (random() < 0.2) return 0;
    const level = 1 + Math.floor(random() * random() * 8);
    return level === 5 ? 4 : level;
  });
  return roiOf(dims, levels, 8);
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

/** A straightforward GLCM: dense Ng × Ng, M₊ + M₊ᵀ, voxel pairs within slices zFrom..zTo-1. */
function naiveGlcm(roi: PreparedRoi, [dx, dy, dz]: Vec3, zFrom: number, zTo: number): number[][] {
  const [nx, ny] = roi.dims;
  const ng = roi.greyLevelCount;
  const matrix = Array.from({ length: ng }, () => new Array<number>(ng).fill(0));
  const level = (x: number, y: number, z: number): number =>
    x < 0 || x >= nx || y < 0 || y >= ny || z < zFrom || z >= zTo
      ? 0
      : (roi.levels[x + nx * (y + ny * z)] ?? 0);
  for (let z = zFrom; z < zTo; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const a = level(x, y, z);
        const b = level(x + dx, y + dy, z + dz);
        if (a === 0 || b === 0) continue;
        const rowA = matrix[a - 1] as number[];
        const rowB = matrix[b - 1] as number[];
        rowA[b - 1] = (rowA[b - 1] as number) + 1;
        rowB[a - 1] = (rowB[a - 1] as number) + 1;
      }
  return matrix;
}

const addMatrices = (a: number[][], b: number[][]): number[][] =>
  a.map((row, i) => row.map((value, j) => value + (b[i]?.[j] ?? 0)));

/** The manual's formulas, term by term, for one GLCM (NaN when empty or undefined). */
function naiveGlcmFeatures(matrix: number[][], ng: number): number[] {
  const total = matrix.flat().reduce((sum, value) => sum + value, 0);
  if (total === 0) return new Array<number>(25).fill(Number.NaN);
  const cells: { i: number; j: number; p: number }[] = [];
  matrix.forEach((row, i) =>
    row.forEach((count, j) => count > 0 && cells.push({ i: i + 1, j: j + 1, p: count / total })),
  );
  const sumOver = (f: (c: { i: number; j: number; p: number }) => number): number =>
    cells.reduce((sum, cell) => sum + f(cell), 0);
  const px = Array.from({ length: ng + 1 }, (_, i) => sumOver((c) => (c.i === i ? c.p : 0)));
  const mu = sumOver((c) => c.i * c.p);
  const sigma2 = sumOver((c) => (c.i - mu) ** 2 * c.p);
  const diff = Array.from({ length: ng }, (_, k) => sumOver((c) => (Math.abs(c.i - c.j) === k ? c.p : 0)));
  const sums = Array.from({ length: 2 * ng + 1 }, (_, k) => sumOver((c) => (c.i + c.j === k ? c.p : 0)));
  const entropy = (ps: number[]): number => -ps.reduce((sum, p) => sum + (p > 0 ? p * Math.log2(p) : 0), 0);
  const diffAvg = diff.reduce((sum, p, k) => sum + k * p, 0);
  const sumAvg = sums.reduce((sum, p, k) => sum + k * p, 0);
  const hxy = entropy(cells.map((c) => c.p));
  const hx = entropy(px);
  const hxy1 = -sumOver((c) => c.p * Math.log2((px[c.i] ?? 0) * (px[c.j] ?? 0)));
  let hxy2 = 0;
  for (let i = 1; i <= ng; i++)
    for (let j = 1; j <= ng; j++) {
      const q = (px[i] ?? 0) * (px[j] ?? 0);
      if (q > 0) hxy2 -= q * Math.log2(q);
    }
  return [
    Math.max(...cells.map((c) => c.p)),
    mu,
    sigma2,
    hxy,
    diffAvg,
    diff.reduce((sum, p, k) => sum + (k - diffAvg) ** 2 * p, 0),
    entropy(diff),
    sumAvg,
    sums.reduce((sum, p, k) => sum + (k - sumAvg) ** 2 * p, 0),
    entropy(sums),
    sumOver((c) => c.p * c.p),
    sumOver((c) => (c.i - c.j) ** 2 * c.p),
    sumOver((c) => Math.abs(c.i - c.j) * c.p),
    sumOver((c) => c.p / (1 + Math.abs(c.i - c.j))),
    sumOver((c) => c.p / (1 + Math.abs(c.i - c.j) / ng)),
    sumOver((c) => c.p / (1 + (c.i - c.j) ** 2)),
    sumOver((c) => c.p / (1 + (c.i - c.j) ** 2 / ng ** 2)),
    sumOver((c) => (c.i === c.j ? 0 : c.p / (c.i - c.j) ** 2)),
    sigma2 === 0 ? Number.NaN : sumOver((c) => (c.i - mu) * (c.j - mu) * c.p) / sigma2,
    sumOver((c) => c.i * c.j * c.p),
    sumOver((c) => (c.i + c.j - 2 * mu) ** 2 * c.p),
    sumOver((c) => (c.i + c.j - 2 * mu) ** 3 * c.p),
    sumOver((c) => (c.i + c.j - 2 * mu) ** 4 * c.p),
    hx === 0 ? Number.NaN : (hxy - hxy1) / hx,
    Math.sqrt(1 - Math.exp(-2 * (hxy2 - hxy))),
  ];
}

/** Mean of the defined values per feature over matrices with counts. */
function naiveMean(vectors: number[][]): number[] {
  return Array.from({ length: 25 }, (_, f) => {
    const defined = vectors.map((vector) => vector[f] ?? Number.NaN).filter((value) => !Number.isNaN(value));
    return defined.length === 0
      ? Number.NaN
      : defined.reduce((sum, value) => sum + value, 0) / defined.length;
  });
}

/** The six aggregations by their definitions in the manual, from naive matrices. */
function naiveGlcmAggregations(roi: PreparedRoi): Record<TextureAggregation, number[]> {
  const ng = roi.greyLevelCount;
  const nz = roi.dims[2];
  const empty = (m: number[][]): boolean => m.every((row) => row.every((value) => value === 0));
  const perSlice = Array.from({ length: nz }, (_, z) => MANUAL_2D.map((d) => naiveGlcm(roi, d, z, z + 1)));
  const features = (m: number[][]): number[] => naiveGlcmFeatures(m, ng);
  const nonEmpty = (ms: number[][][]): number[][][] => ms.filter((m) => !empty(m));
  const sliceMerged = perSlice.map((ms) => ms.reduce(addMatrices));
  const directionMerged = MANUAL_2D.map((_, d) =>
    perSlice.map((ms) => ms[d] as number[][]).reduce(addMatrices),
  );
  const volume = MANUAL_3D.map((d) => naiveGlcm(roi, d, 0, nz));
  return {
    '2D, averaged': naiveMean(nonEmpty(perSlice.flat()).map(features)),
    '2D, slice-merged': naiveMean(nonEmpty(sliceMerged).map(features)),
    '2.5D, direction-merged': naiveMean(nonEmpty(directionMerged).map(features)),
    '2.5D, merged': features(directionMerged.reduce(addMatrices)),
    '3D, averaged': naiveMean(nonEmpty(volume).map(features)),
    '3D, merged': features(volume.reduce(addMatrices)),
  } as Record<TextureAggregation, number[]>;
}

describe('glcmFeatures against a term-by-term implementation of the manual', () => {
  const roi = randomRoi();
  const expected = naiveGlcmAggregations(roi);

  it.each([
    ['accumulated', true],
    ['recounted', false],
  ])('matches on a random ROI with holes (direction-merged matrices %s)', (_, keep) => {
    const computed = glcmFeaturesOf(textureGrid(roi), keep);
    expect(computed.filter((feature) => Number.isFinite(feature.value)).length).toBeGreaterThan(140);
    computed.forEach((feature, index) => {
      const wanted = expected[feature.aggregation as TextureAggregation][index % 25] ?? Number.NaN;
      expect([feature.name, feature.aggregation, feature.value]).toEqual([
        feature.name,
        feature.aggregation,
        Number.isNaN(wanted) ? Number.NaN : expect.closeTo(wanted, 10),
      ]);
    });
  });

  it('matches on the phantom', () => {
    const phantom = preparedIbsiPhantom();
    const wanted = naiveGlcmAggregations(phantom);
    glcmFeatures(phantom).forEach((feature, index) =>
      expect(feature.value).toBeCloseTo(
        wanted[feature.aggregation as TextureAggregation][index % 25] ?? 0,
        10,
      ),
    );
  });
});

describe('co-occurrence matrices', () => {
  // 3×3×1, rows y = 0..2:  1 2 2 / 1 3 2 / 3 3 1.
  const image = roiOf([3, 3, 1], [1, 2, 2, 1, 3, 2, 3, 3, 1], 3);

  it('counts horizontal neighbours in both orientations: (1,0,0)', () => {
    // Pairs {1,2} {2,2} | {1,3} {3,2} | {3,3} {3,1}.
    expect(cooccurrences(image, [1, 0, 0])).toEqual([
      [0, 1, 2],
      [1, 2, 1],
      [2, 1, 2],
    ]);
  });

  it('counts vertical neighbours: (0,1,0)', () => {
    // Columns 1 1 3 | 2 3 3 | 2 2 1: pairs {1,1} {1,3} | {2,3} {3,3} | {2,2} {2,1}.
    expect(cooccurrences(image, [0, 1, 0])).toEqual([
      [2, 1, 1],
      [1, 2, 1],
      [1, 1, 2],
    ]);
  });

  it('counts diagonal neighbours: (1,1,0) and (-1,1,0)', () => {
    // (1,1,0): {1,3} {2,2} {1,3} {3,1}; (-1,1,0): {2,1} {2,3} {3,3} {2,3}.
    expect(cooccurrences(image, [1, 1, 0])).toEqual([
      [0, 0, 3],
      [0, 2, 0],
      [3, 0, 0],
    ]);
    expect(cooccurrences(image, [-1, 1, 0])).toEqual([
      [0, 1, 0],
      [1, 0, 2],
      [0, 2, 2],
    ]);
  });

  it('pairs only voxels inside the ROI, with rows for every grey level up to Ng', () => {
    // 4×1×1: 1 0 1 1 with Ng = 4: one pair {1,1}.
    expect(cooccurrences(roiOf([4, 1, 1], [1, 0, 1, 1], 4), [1, 0, 0])).toEqual([
      [2, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('rejects non-unit steps and partial slabs for cross-slice directions', () => {
    const grid = textureGrid(roiOf([2, 2, 2], new Array<number>(8).fill(1), 1));
    expect(() => countCooccurrences(grid, [0, 0, 1], new SparseCounts(1), 0, 1)).toThrow(RangeError);
    expect(() => countCooccurrences(grid, [0, 2, 0], new SparseCounts(1))).toThrow(RangeError);
  });

  it('counts cross-slice neighbours in 3D: (0,0,1)', () => {
    // 1×1×3 column 1 2 2.
    expect(cooccurrences(roiOf([1, 1, 3], [1, 2, 2], 2), [0, 0, 1])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('glcmFeatures by hand and at the edges', () => {
  const names = [
    'Joint maximum',
    'Joint average',
    'Joint variance',
    'Joint entropy',
    'Difference average',
    'Difference variance',
    'Difference entropy',
    'Sum average',
    'Sum variance',
    'Sum entropy',
    'Angular second moment',
    'Contrast',
    'Dissimilarity',
    'Inverse difference',
    'Normalised inverse difference',
    'Inverse difference moment',
    'Normalised inverse difference moment',
    'Inverse variance',
    'Correlation',
    'Autocorrelation',
    'Cluster tendency',
    'Cluster shade',
    'Cluster prominence',
    'Information correlation 1',
    'Information correlation 2',
  ];

  // Two voxels 1 2 (Ng = 2): the only voxel pair gives P = [[0, ½], [½, 0]] along (1,0,0); every
  // other direction has no pair and is skipped, so all six aggregations agree.
  const twoVoxels: Record<string, number> = {
    'Joint maximum': 0.5,
    'Joint average': 1.5,
    'Joint variance': 0.25,
    'Joint entropy': 1,
    'Difference average': 1,
    'Difference variance': 0,
    'Difference entropy': 0,
    'Sum average': 3,
    'Sum variance': 0,
    'Sum entropy': 0,
    'Angular second moment': 0.5,
    Contrast: 1,
    Dissimilarity: 1,
    'Inverse difference': 0.5,
    'Normalised inverse difference': 1 / (1 + 1 / 2),
    'Inverse difference moment': 0.5,
    'Normalised inverse difference moment': 1 / (1 + 1 / 4),
    'Inverse variance': 1,
    Correlation: -1,
    Autocorrelation: 2,
    'Cluster tendency': 0,
    'Cluster shade': 0,
    'Cluster prominence': 0,
    // HXY = 1, HX = 1, HXY1 = 2, HXY2 = 2.
    'Information correlation 1': -1,
    'Information correlation 2': Math.sqrt(1 - Math.exp(-2)),
  };

  it('names every feature as the manual does', () => {
    const features = glcmFeatures(roiOf([2, 1, 1], [1, 2], 2));
    expect(features.slice(0, 25).map((feature) => feature.name)).toEqual(names);
    expect(Object.keys(twoVoxels).sort()).toEqual([...names].sort());
  });

  it.each(DIRECTIONAL_AGGREGATIONS.map((aggregation) => [aggregation]))(
    'computes a two-voxel ROI by hand (%s)',
    (aggregation) => {
      const features = glcmFeatures(roiOf([2, 1, 1], [1, 2], 2));
      for (const name of names)
        expect([name, valueOf(features, name, aggregation)]).toEqual([
          name,
          expect.closeTo(twoVoxels[name] ?? Number.NaN, 12),
        ]);
    },
  );

  it('skips slices without voxel pairs when averaging over slices', () => {
    // Slice 0: 1 2; slice 1: a lone voxel 1. 2D aggregations see only slice 0.
    const features = glcmFeatures(roiOf([2, 1, 2], [1, 2, 1, 0], 2));
    for (const aggregation of ['2D, averaged', '2D, slice-merged'] as const)
      for (const name of names)
        expect([name, valueOf(features, name, aggregation)]).toEqual([
          name,
          expect.closeTo(twoVoxels[name] ?? Number.NaN, 12),
        ]);
    // 3D also pairs the lone voxel with both voxels below it: {1,1} along (0,0,1), {2,1} along (1,0,-1).
    expect(valueOf(features, 'Joint average', '3D, merged')).toBeCloseTo((1 + 2 + 1 + 1 + 2 + 1) / 6, 12);
  });

  it('gives NaN for every feature of a single voxel (no voxel pairs), without throwing', () => {
    const features = glcmFeatures(
      roiOf([3, 3, 3], [...new Array<number>(13).fill(0), 2, ...new Array<number>(13).fill(0)], 4),
    );
    expect(features).toHaveLength(150);
    expect(features.every((feature) => Number.isNaN(feature.value))).toBe(true);
  });

  it('gives NaN for every feature of an empty ROI', () => {
    const features = glcmFeatures(roiOf([2, 2, 1], [0, 0, 0, 0], 4));
    expect(features).toHaveLength(150);
    expect(features.every((feature) => Number.isNaN(feature.value))).toBe(true);
  });

  it('gives NaN, not Infinity, for the features of a constant ROI whose denominator is zero', () => {
    const features = glcmFeatures(roiOf([3, 3, 2], new Array<number>(18).fill(2), 4));
    for (const feature of features) {
      if (feature.name === 'Correlation' || feature.name === 'Information correlation 1')
        expect([feature.name, feature.value]).toEqual([feature.name, Number.NaN]);
      else expect([feature.name, Number.isFinite(feature.value)]).toEqual([feature.name, true]);
    }
    for (const aggregation of DIRECTIONAL_AGGREGATIONS) {
      expect(valueOf(features, 'Joint maximum', aggregation)).toBe(1);
      expect(valueOf(features, 'Joint average', aggregation)).toBe(2);
      expect(valueOf(features, 'Joint entropy', aggregation)).toBe(0);
      expect(valueOf(features, 'Contrast', aggregation)).toBe(0);
      expect(valueOf(features, 'Inverse difference', aggregation)).toBe(1);
      expect(valueOf(features, 'Information correlation 2', aggregation)).toBe(0);
    }
  });
});
