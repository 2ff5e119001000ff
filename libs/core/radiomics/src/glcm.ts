import {
  CROSS_SLICE_DIRECTIONS,
  IN_SLICE_DIRECTIONS,
  type TextureGrid,
  directionOffset,
  isUnitStep,
  textureGrid,
} from './texture/directions';
import type { FeatureValue, PreparedRoi, TextureAggregation, Vec3 } from './types';

/**
 * Grey level co-occurrence matrix (GLCM) features, IBSI 1 reference manual section "Grey level
 * co-occurrence based features" (LFYI): Chebyshev distance 1, symmetric matrices
 * (M = M₊ + M₊ᵀ), 4 in-slice directions in 2D/2.5D and 13 directions in 3D, six aggregation methods.
 */

/** The six aggregation methods of the direction-based texture families, in the manual's order. */
export const DIRECTIONAL_AGGREGATIONS = [
  '2D, averaged',
  '2D, slice-merged',
  '2.5D, direction-merged',
  '2.5D, merged',
  '3D, averaged',
  '3D, merged',
] as const satisfies readonly TextureAggregation[];

const AVERAGED_2D = 0;
const SLICE_MERGED_2D = 1;
const DIRECTION_MERGED_25D = 2;
const MERGED_25D = 3;
const AVERAGED_3D = 4;
const MERGED_3D = 5;

/** The 25 GLCM features: manual name and IBSI code, in the order of {@link glcmFeatureVector}. */
const GLCM_FEATURES = [
  ['Joint maximum', 'GYBY'],
  ['Joint average', '60VM'],
  ['Joint variance', 'UR99'],
  ['Joint entropy', 'TU9B'],
  ['Difference average', 'TF7R'],
  ['Difference variance', 'D3YU'],
  ['Difference entropy', 'NTRS'],
  ['Sum average', 'ZGXS'],
  ['Sum variance', 'OEEB'],
  ['Sum entropy', 'P6QZ'],
  ['Angular second moment', '8ZQL'],
  ['Contrast', 'ACUI'],
  ['Dissimilarity', '8S9J'],
  ['Inverse difference', 'IB1Z'],
  ['Normalised inverse difference', 'NDRX'],
  ['Inverse difference moment', 'WF0Z'],
  ['Normalised inverse difference moment', '1QCO'],
  ['Inverse variance', 'E8JP'],
  ['Correlation', 'NI2N'],
  ['Autocorrelation', 'QWB0'],
  ['Cluster tendency', 'DG8W'],
  ['Cluster shade', '7NFM'],
  ['Cluster prominence', 'AE86'],
  ['Information correlation 1', 'R8DG'],
  ['Information correlation 2', 'JN9H'],
] as const;

/**
 * A dense count matrix (Float64Array) that also lists its non-zero cells, so that clearing, merging
 * and feature computation cost O(non-zero cells) rather than O(cells). Counts only grow.
 */
export class SparseCounts {
  readonly counts: Float64Array;
  /** Sum of all counts. */
  total = 0;
  private cells: Int32Array;
  private used = 0;

  constructor(cellCount: number) {
    this.counts = new Float64Array(cellCount);
    this.cells = new Int32Array(Math.max(1, Math.min(cellCount, 256)));
  }

  /** Number of non-zero cells. */
  get size(): number {
    return this.used;
  }

  /** Index of the k-th non-zero cell (0 ≤ k < size), in order of first increment. */
  cell(k: number): number {
    return this.cells[k] as number;
  }

  increment(cell: number, by = 1): void {
    const count = this.counts[cell] as number;
    if (count === 0) {
      if (this.used === this.cells.length) {
        const grown = new Int32Array(Math.min(this.counts.length, this.cells.length * 2));
        grown.set(this.cells);
        this.cells = grown;
      }
      this.cells[this.used++] = cell;
    }
    this.counts[cell] = count + by;
    this.total += by;
  }

  /** Adds every count of `other` (a matrix of the same shape). */
  addAll(other: SparseCounts): void {
    for (let k = 0; k < other.used; k++) {
      const cell = other.cells[k] as number;
      this.increment(cell, other.counts[cell] as number);
    }
  }

  clear(): void {
    for (let k = 0; k < this.used; k++) this.counts[this.cells[k] as number] = 0;
    this.used = 0;
    this.total = 0;
  }
}

/**
 * Largest matrix (in cells) for which the 4 in-slice direction-merged matrices are accumulated from
 * the per-slice ones (fast: no recount); larger matrices recount those directions over the volume
 * instead, so that only two matrices are held (2^18 cells: 2 MiB per matrix).
 */
export const DIRECTION_MATRIX_CELL_LIMIT = 1 << 18;

/**
 * Counts a direction-based texture matrix (GLCM, GLRLM) along a (forward) direction, within slices
 * zFrom..zTo-1 (the whole grid by default), into a cleared matrix.
 */
export type DirectionalCounter = (direction: Vec3, into: SparseCounts, zFrom?: number, zTo?: number) => void;

/**
 * Counts the matrices of several directions at once, each into its cleared matrix `into[d]`, as a
 * {@link DirectionalCounter} per direction would (same counts, cells in the same order).
 */
export type MultiDirectionalCounter = (
  directions: readonly Vec3[],
  into: readonly SparseCounts[],
  zFrom?: number,
  zTo?: number,
) => void;

/**
 * Computes a family's features for the six IBSI aggregation methods from its directional matrices:
 * `features(matrix, voxels, out)` writes the features of one (merged) matrix counted over `voxels`
 * ROI voxels (N_v, summed over merged matrices), or NaN where undefined.
 *
 * The 2D per-slice directional matrices are counted once: their features are averaged over slices
 * and directions ('2D, averaged'); merged per slice, over slices ('2D, slice-merged'). Their sums
 * over slices are the 2.5D direction-merged matrices, which are also the 4 in-slice 3D directional
 * matrices (an in-slice pair or run never leaves its slice); they are accumulated from the slices
 * or, above {@link DIRECTION_MATRIX_CELL_LIMIT}, recounted over the volume. The 9 cross-slice 3D
 * matrices complete '3D, averaged'; merged sums give '2.5D, merged' and '3D, merged'.
 *
 * Averages skip matrices without counts (e.g. a slice with a single voxel has no voxel pair) and
 * undefined (NaN) feature values; a value undefined for every matrix stays NaN.
 */
export function aggregateDirectional(
  grid: TextureGrid,
  cellCount: number,
  featureCount: number,
  count: DirectionalCounter,
  features: (matrix: SparseCounts, voxels: number, out: Float64Array) => void,
  keepDirectionMatrices = cellCount <= DIRECTION_MATRIX_CELL_LIMIT,
  countAll: MultiDirectionalCounter = (directions, into, zFrom, zTo) =>
    directions.forEach((direction, d) => count(direction, into[d] as SparseCounts, zFrom, zTo)),
): Float64Array[] {
  const sums = DIRECTIONAL_AGGREGATIONS.map(() => new Float64Array(featureCount));
  const defined = DIRECTIONAL_AGGREGATIONS.map(() => new Int32Array(featureCount));
  const values = new Float64Array(featureCount);
  const evaluate = (matrix: SparseCounts, voxels: number, ...aggregations: number[]): void => {
    if (matrix.total === 0) return;
    features(matrix, voxels, values);
    for (const aggregation of aggregations) {
      const sum = sums[aggregation] as Float64Array;
      const counted = defined[aggregation] as Int32Array;
      values.forEach((value, f) => {
        if (Number.isNaN(value)) return;
        sum[f] = (sum[f] as number) + value;
        counted[f] = (counted[f] as number) + 1;
      });
    }
  };

  if (grid.voxelCount > 0) {
    const work = new SparseCounts(cellCount);
    const merged = new SparseCounts(cellCount);
    const byDirection = keepDirectionMatrices
      ? IN_SLICE_DIRECTIONS.map(() => new SparseCounts(cellCount))
      : undefined;
    const inSlice = IN_SLICE_DIRECTIONS.length;
    // One matrix per in-slice direction, counted together slice by slice.
    const sliceWork = IN_SLICE_DIRECTIONS.map(() => new SparseCounts(cellCount));
    grid.sliceVoxelCounts.forEach((voxels, z) => {
      if (voxels === 0) return;
      merged.clear();
      for (const matrix of sliceWork) matrix.clear();
      countAll(IN_SLICE_DIRECTIONS, sliceWork, z, z + 1);
      sliceWork.forEach((matrix, d) => {
        evaluate(matrix, voxels, AVERAGED_2D);
        merged.addAll(matrix);
        byDirection?.[d]?.addAll(matrix);
      });
      evaluate(merged, inSlice * voxels, SLICE_MERGED_2D);
    });

    const voxels = grid.voxelCount;
    merged.clear();
    IN_SLICE_DIRECTIONS.forEach((direction, d) => {
      let matrix = byDirection?.[d];
      if (!matrix) {
        work.clear();
        count(direction, work);
        matrix = work;
      }
      evaluate(matrix, voxels, DIRECTION_MERGED_25D, AVERAGED_3D);
      merged.addAll(matrix);
    });
    evaluate(merged, inSlice * voxels, MERGED_25D);

    // The cross-slice matrices counted together in one pass over the volume.
    const crossWork = CROSS_SLICE_DIRECTIONS.map(() => new SparseCounts(cellCount));
    countAll(CROSS_SLICE_DIRECTIONS, crossWork);
    for (const matrix of crossWork) {
      evaluate(matrix, voxels, AVERAGED_3D);
      merged.addAll(matrix);
    }
    evaluate(merged, (inSlice + CROSS_SLICE_DIRECTIONS.length) * voxels, MERGED_3D);
  }
  return sums.map((sum, a) =>
    sum.map((value, f) => {
      const count = defined[a]?.[f] ?? 0;
      return count === 0 ? Number.NaN : value / count;
    }),
  );
}

/** FeatureValues of a family from the per-aggregation means of {@link aggregateDirectional}. */
export function directionalFeatureValues(
  family: 'glcm' | 'glrlm',
  names: readonly (readonly [name: string, ibsi: string])[],
  means: readonly Float64Array[],
): FeatureValue[] {
  return DIRECTIONAL_AGGREGATIONS.flatMap((aggregation, a) =>
    names.map(([name, ibsi], f): FeatureValue => ({
      family,
      name,
      ibsi,
      aggregation,
      value: means[a]?.[f] ?? Number.NaN,
    })),
  );
}

/** log2 of the integers below 2^16 (index 0 unused), built on first use. */
let log2Table: Float64Array | undefined;

/** log2 of a positive integer count: a table look-up for small counts, exactly Math.log2. */
function log2Count(count: number): number {
  if (count < 65536) {
    if (!log2Table) {
      log2Table = new Float64Array(65536);
      for (let c = 1; c < 65536; c++) log2Table[c] = Math.log2(c);
    }
    return log2Table[count] as number;
  }
  return Math.log2(count);
}

/**
 * Checks a direction and the slab `zFrom ≤ z < zTo` a direction-based matrix is counted over: the
 * whole box, or, for an in-slice direction only (pairs and runs never leave their slice), part of it.
 * @throws RangeError otherwise.
 */
export function checkSlab(grid: TextureGrid, direction: Vec3, zFrom: number, zTo: number): void {
  if (!isUnitStep(direction))
    throw new RangeError(`Direction (${direction.join(', ')}) is not a unit Chebyshev step`);
  if (direction[2] !== 0 && (zFrom !== 0 || zTo !== grid.dims[2]))
    throw new RangeError('A cross-slice direction needs the whole volume');
}

/**
 * Counts the co-occurrences of neighbouring ROI voxels along ±`direction` into `into`: an np × np
 * matrix of grey-level codes of which only the upper triangle is used. Cell (a, b), a ≤ b, counts
 * the unordered neighbour pairs {a, b}; the manual's symmetric GLCM M = M₊ + M₊ᵀ is then
 * M_ab = M_ba = count for a < b and M_aa = 2 × count. With `zFrom`/`zTo` (in-slice directions
 * only), only the voxels of those slices.
 */
export function countCooccurrences(
  grid: TextureGrid,
  direction: Vec3,
  into: SparseCounts,
  zFrom = 0,
  zTo: number = grid.dims[2],
): void {
  countCooccurrencesAlong(grid, [direction], [into], zFrom, zTo);
}

/**
 * {@link countCooccurrences} for several directions at once, direction d into `into[d]`: the box is
 * read row by row and each row is scanned once per direction while it is in cache, so the counts,
 * and each matrix's order of cells, are those of one call per direction.
 */
export function countCooccurrencesAlong(
  grid: TextureGrid,
  directions: readonly Vec3[],
  into: readonly SparseCounts[],
  zFrom = 0,
  zTo: number = grid.dims[2],
): void {
  if (into.length !== directions.length) throw new RangeError('One matrix per direction is needed');
  for (const direction of directions) checkSlab(grid, direction, zFrom, zTo);
  const { codes } = grid;
  const np = grid.levels.length;
  const [nx, ny, nz] = grid.dims;
  const [px, py] = grid.paddedDims;
  if (zFrom < 0 || zTo > nz || zFrom > zTo) throw new RangeError(`Invalid slab ${zFrom}..${zTo}`);
  const directionCount = directions.length;
  const steps = Int32Array.from(directions, (direction) => directionOffset(grid.paddedDims, direction));
  // Counts are raised in place: only a cell's first count goes through increment(), which lists it,
  // so cells keep their order of first increment. `added` holds the other counts per direction.
  const added = new Float64Array(directionCount);
  for (let z = zFrom; z < zTo; z++)
    for (let y = 0; y < ny; y++) {
      const first = 1 + px * (y + 1 + py * (z + 1));
      const end = first + nx;
      for (let d = 0; d < directionCount; d++) {
        const matrix = into[d] as SparseCounts;
        const counts = matrix.counts;
        const step = steps[d] as number;
        let rowAdded = 0;
        for (let index = first; index < end; index++) {
          const a = codes[index] as number;
          if (a === 0) continue;
          const b = codes[index + step] as number;
          if (b === 0) continue;
          // Branch-free min and max of the codes (a < b is a coin flip in a textured ROI).
          const difference = a - b;
          const belowMask = difference >> 31;
          const cell = (b + (difference & belowMask) - 1) * np + a - (difference & belowMask) - 1;
          const count = counts[cell] as number;
          if (count === 0) matrix.increment(cell);
          else {
            counts[cell] = count + 1;
            rowAdded++;
          }
        }
        added[d] = (added[d] as number) + rowAdded;
      }
    }
  for (let d = 0; d < directionCount; d++) (into[d] as SparseCounts).total += added[d] as number;
}

/** Scratch arrays of counts of the symmetric GLCM for {@link glcmFeatureVector}, zero between calls. */
export interface GlcmScratch {
  /** Row marginal count per grey-level code. */
  readonly marginal: Float64Array;
  /** Diagonal counts (of p_{i−j,k}), k = 0..Ng−1. */
  readonly difference: Float64Array;
  /** Cross-diagonal counts (of p_{i+j,k}), k = 0..2Ng. */
  readonly sum: Float64Array;
}

export function glcmScratch(grid: TextureGrid): GlcmScratch {
  return {
    marginal: new Float64Array(grid.levels.length),
    difference: new Float64Array(grid.greyLevelCount),
    sum: new Float64Array(2 * grid.greyLevelCount + 1),
  };
}

/**
 * Writes the 25 features of one (merged or directional) GLCM, counted by
 * {@link countCooccurrences}, into `out` in the order of GLCM_FEATURES. An empty matrix gives NaN
 * everywhere; a zero denominator (correlation with a constant marginal, information correlation 1
 * with zero marginal entropy) gives NaN.
 *
 * One pass over the non-zero cells fills the marginal, diagonal and cross-diagonal counts; every
 * feature but joint maximum, joint entropy and angular second moment follows from those, using
 * i·j = ((i+j)² − (i−j)²)/4 (autocorrelation), cov = σ² − contrast/2 (correlation),
 * cluster moments as central moments of p_{i+j}, and HXY1 = HXY2 = HX + HY = 2 HX for a symmetric
 * matrix. Entropies are computed as Σ p (log2 T − log2 count), exactly 0 for a single cell.
 */
export function glcmFeatureVector(
  matrix: SparseCounts,
  grid: TextureGrid,
  scratch: GlcmScratch,
  out: Float64Array,
): void {
  if (matrix.total === 0) {
    out.fill(Number.NaN);
    return;
  }
  const { counts } = matrix;
  const { levels, greyLevelCount: ng } = grid;
  const np = levels.length;
  const { marginal, difference, sum } = scratch;
  // T: the sum of the symmetric matrix, twice the number of neighbour pairs.
  const total = 2 * matrix.total;
  const log2Total = Math.log2(total);

  let largest = 0;
  let jointEntropy = 0;
  let squares = 0;
  for (let k = 0; k < matrix.size; k++) {
    const cell = matrix.cell(k);
    const pairs = counts[cell] as number;
    const a = Math.floor(cell / np);
    const b = cell - a * np;
    const i = levels[a] as number;
    if (a === b) {
      const m = 2 * pairs;
      if (m > largest) largest = m;
      jointEntropy += m * (log2Total - log2Count(m));
      squares += m * m;
      marginal[a] = (marginal[a] as number) + m;
      difference[0] = (difference[0] as number) + m;
      sum[2 * i] = (sum[2 * i] as number) + m;
    } else {
      // Cells (a, b) and (b, a) both hold m; codes ascend with grey levels, so j > i.
      const m = pairs;
      const j = levels[b] as number;
      if (m > largest) largest = m;
      jointEntropy += 2 * m * (log2Total - log2Count(m));
      squares += 2 * m * m;
      marginal[a] = (marginal[a] as number) + m;
      marginal[b] = (marginal[b] as number) + m;
      difference[j - i] = (difference[j - i] as number) + 2 * m;
      sum[i + j] = (sum[i + j] as number) + 2 * m;
    }
  }
  jointEntropy /= total;

  let mean = 0;
  for (let a = 0; a < np; a++) mean += (levels[a] as number) * (marginal[a] as number);
  mean /= total;
  let variance = 0;
  let marginalEntropy = 0;
  for (let a = 0; a < np; a++) {
    const count = marginal[a] as number;
    if (count === 0) continue;
    const deviation = (levels[a] as number) - mean;
    variance += deviation * deviation * count;
    marginalEntropy += count * (log2Total - log2Count(count));
    marginal[a] = 0;
  }
  variance /= total;
  marginalEntropy /= total;

  let differenceAverage = 0;
  let differenceEntropy = 0;
  let contrast = 0;
  let inverseDifference = 0;
  let normalisedInverseDifference = 0;
  let inverseDifferenceMoment = 0;
  let normalisedInverseDifferenceMoment = 0;
  let inverseVariance = 0;
  for (let d = 0; d < ng; d++) {
    const count = difference[d] as number;
    if (count === 0) continue;
    differenceAverage += d * count;
    differenceEntropy += count * (log2Total - log2Count(count));
    contrast += d * d * count;
    inverseDifference += count / (1 + d);
    normalisedInverseDifference += count / (1 + d / ng);
    inverseDifferenceMoment += count / (1 + d * d);
    normalisedInverseDifferenceMoment += count / (1 + (d * d) / (ng * ng));
    if (d > 0) inverseVariance += count / (d * d);
  }
  differenceAverage /= total;
  let differenceVariance = 0;
  for (let d = 0; d < ng; d++) {
    const count = difference[d] as number;
    if (count === 0) continue;
    differenceVariance += (d - differenceAverage) * (d - differenceAverage) * count;
    difference[d] = 0;
  }

  let sumAverage = 0;
  let sumEntropy = 0;
  let sumSquares = 0;
  for (let s = 2; s <= 2 * ng; s++) {
    const count = sum[s] as number;
    if (count === 0) continue;
    sumAverage += s * count;
    sumEntropy += count * (log2Total - log2Count(count));
    sumSquares += s * s * count;
  }
  sumAverage /= total;
  let sumVariance = 0;
  let clusterTendency = 0;
  let clusterShade = 0;
  let clusterProminence = 0;
  for (let s = 2; s <= 2 * ng; s++) {
    const count = sum[s] as number;
    if (count === 0) continue;
    sumVariance += (s - sumAverage) * (s - sumAverage) * count;
    const t = s - 2 * mean;
    const t2 = t * t;
    clusterTendency += t2 * count;
    clusterShade += t2 * t * count;
    clusterProminence += t2 * t2 * count;
    sum[s] = 0;
  }

  contrast /= total;
  out[0] = largest / total;
  out[1] = mean;
  out[2] = variance;
  out[3] = jointEntropy;
  out[4] = differenceAverage;
  out[5] = differenceVariance / total;
  out[6] = differenceEntropy / total;
  out[7] = sumAverage;
  out[8] = sumVariance / total;
  out[9] = sumEntropy / total;
  out[10] = squares / (total * total);
  out[11] = contrast;
  out[12] = differenceAverage;
  out[13] = inverseDifference / total;
  out[14] = normalisedInverseDifference / total;
  out[15] = inverseDifferenceMoment / total;
  out[16] = normalisedInverseDifferenceMoment / total;
  out[17] = inverseVariance / total;
  out[18] = variance === 0 ? Number.NaN : (variance - contrast / 2) / variance;
  out[19] = (sumSquares / total - contrast) / 4;
  out[20] = clusterTendency / total;
  out[21] = clusterShade / total;
  out[22] = clusterProminence / total;
  // HXY1 = HXY2 = 2 HX (see above).
  out[23] = marginalEntropy === 0 ? Number.NaN : (jointEntropy - 2 * marginalEntropy) / marginalEntropy;
  out[24] = Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (2 * marginalEntropy - jointEntropy))));
}

/**
 * All 25 IBSI GLCM features of `roi` for each of the six aggregation methods (150 values), see
 * {@link aggregateDirectional} for the aggregation.
 *
 * Matrices are Ng × Ng over the discretisation's grey levels, stored only for the levels present in
 * the ROI: absent levels are empty rows and columns, which change no feature (Ng itself enters the
 * normalised inverse difference (moment) and the ranges of p_{i−j} and p_{i+j}).
 *
 * @param grid the ROI cropped by {@link textureGrid}, when the caller already has it.
 */
export function glcmFeatures(roi: PreparedRoi, grid: TextureGrid = textureGrid(roi)): FeatureValue[] {
  return glcmFeaturesOf(grid);
}

/** {@link glcmFeatures} of a cropped grid; `keepDirectionMatrices` chooses the accumulation (tests). */
export function glcmFeaturesOf(grid: TextureGrid, keepDirectionMatrices?: boolean): FeatureValue[] {
  const np = grid.levels.length;
  const scratch = glcmScratch(grid);
  const means = aggregateDirectional(
    grid,
    np * np,
    GLCM_FEATURES.length,
    (direction, into, zFrom, zTo) => countCooccurrences(grid, direction, into, zFrom, zTo),
    (matrix, _voxels, out) => glcmFeatureVector(matrix, grid, scratch, out),
    keepDirectionMatrices,
    (directions, into, zFrom, zTo) => countCooccurrencesAlong(grid, directions, into, zFrom, zTo),
  );
  return directionalFeatureValues('glcm', GLCM_FEATURES, means);
}
