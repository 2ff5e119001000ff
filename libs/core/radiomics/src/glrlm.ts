import { type SparseCounts, aggregateDirectional, checkSlab, directionalFeatureValues } from './glcm';
import { type TextureGrid, directionOffset, isForward, textureGrid } from './texture/directions';
import type { FeatureValue, PreparedRoi, Vec3 } from './types';

/**
 * Grey level run length matrix (GLRLM) features, IBSI 1 reference manual section "Grey level run
 * length based features" (TP0I): runs along the 4 in-slice directions in 2D/2.5D and the 13
 * directions in 3D, six aggregation methods.
 */

/** The 16 GLRLM features: manual name and IBSI code, in the order of {@link glrlmFeatureVector}. */
const GLRLM_FEATURES = [
  ['Short runs emphasis', '22OV'],
  ['Long runs emphasis', 'W4KF'],
  ['Low grey level run emphasis', 'V3SW'],
  ['High grey level run emphasis', 'G3QZ'],
  ['Short run low grey level emphasis', 'HTZT'],
  ['Short run high grey level emphasis', 'GD3A'],
  ['Long run low grey level emphasis', 'IVPO'],
  ['Long run high grey level emphasis', '3KUM'],
  ['Grey level non-uniformity', 'R5YN'],
  ['Normalised grey level non-uniformity', 'OVBL'],
  ['Run length non-uniformity', 'W92Y'],
  ['Normalised run length non-uniformity', 'IC23'],
  ['Run percentage', '9ZK5'],
  ['Grey level variance', '8CE5'],
  ['Run length variance', 'SXLW'],
  ['Run entropy', 'HJ9O'],
] as const;

/** Longest run any direction can hold in the grid: its largest extent. */
export function maximumRunLength(grid: TextureGrid): number {
  return Math.max(1, ...grid.dims);
}

/**
 * Counts the runs of equal grey level along `direction` (a forward unit step, see `isForward`) into
 * `into`, an np × maxRunLength matrix: cell `(code - 1) * maxRunLength + (length - 1)`. Runs end at
 * the ROI's border (voxels outside it break runs). Streams the grid in raster order, so the voxel one
 * step back comes first: `runLengths` (one entry per `grid.codes` entry, any content) receives each
 * voxel's position in its run, and a run is counted at its last voxel. With `zFrom`/`zTo` (in-slice
 * directions only), only the runs in those slices.
 */
export function countRuns(
  grid: TextureGrid,
  direction: Vec3,
  into: SparseCounts,
  runLengths: Uint16Array | Int32Array = runLengthScratch(grid),
  zFrom = 0,
  zTo: number = grid.dims[2],
): void {
  checkSlab(grid, direction, zFrom, zTo);
  if (!isForward(direction)) throw new RangeError(`Direction (${direction.join(', ')}) points backward`);
  const { codes } = grid;
  const columns = maximumRunLength(grid);
  const step = directionOffset(grid.paddedDims, direction);
  const [nx, ny, nz] = grid.dims;
  const [px, py] = grid.paddedDims;
  if (zFrom < 0 || zTo > nz || zFrom > zTo) throw new RangeError(`Invalid slab ${zFrom}..${zTo}`);
  // The rows of the box inlined (no callback), and the counts raised in place: only a cell's first
  // count goes through increment(), which lists it, so cells keep their order of first increment.
  const counts = into.counts;
  let added = 0;
  for (let z = zFrom; z < zTo; z++)
    for (let y = 0; y < ny; y++) {
      const first = 1 + px * (y + 1 + py * (z + 1));
      const end = first + nx;
      for (let index = first; index < end; index++) {
        const code = codes[index] as number;
        if (code === 0) continue;
        // 1 when the voxel one step back continues the run, else 0 (branch-free: codes are small and
        // non-negative, so their xor minus 1 is negative exactly when they are equal).
        const continues = (((codes[index - step] as number) ^ code) - 1) >>> 31;
        const length = 1 + continues * (runLengths[index - step] as number);
        runLengths[index] = length;
        if (codes[index + step] === code) continue;
        const cell = (code - 1) * columns + length - 1;
        const count = counts[cell] as number;
        if (count === 0) into.increment(cell);
        else {
          counts[cell] = count + 1;
          added++;
        }
      }
    }
  into.total += added;
}

/** Scratch for {@link countRuns}: 16-bit run lengths unless the grid is longer than 65535 voxels. */
export function runLengthScratch(grid: TextureGrid): Uint16Array | Int32Array {
  return maximumRunLength(grid) < 65536
    ? new Uint16Array(grid.codes.length)
    : new Int32Array(grid.codes.length);
}

/** Scratch marginals for {@link glrlmFeatureVector}, all zero between calls. */
interface GlrlmScratch {
  /** r_i.: runs per grey-level code. */
  readonly byLevel: Float64Array;
  /** r_.j: runs per run length j (index j - 1). */
  readonly byLength: Float64Array;
}

/**
 * Writes the 16 features of one (merged or directional) GLRLM into `out`, in the order of
 * GLRLM_FEATURES. `voxels` is N_v: the ROI voxels the matrix was counted over, summed over the
 * merged matrices (so that run percentage stays normalised). An empty matrix gives NaN everywhere.
 */
export function glrlmFeatureVector(
  matrix: SparseCounts,
  voxels: number,
  grid: TextureGrid,
  scratch: GlrlmScratch,
  out: Float64Array,
): void {
  const runs = matrix.total;
  if (runs === 0) {
    out.fill(Number.NaN);
    return;
  }
  const { counts } = matrix;
  const { levels } = grid;
  const columns = maximumRunLength(grid);
  const { byLevel, byLength } = scratch;

  let shortRunLow = 0;
  let shortRunHigh = 0;
  let longRunLow = 0;
  let longRunHigh = 0;
  let levelMean = 0;
  let lengthMean = 0;
  let entropy = 0;
  for (let k = 0; k < matrix.size; k++) {
    const cell = matrix.cell(k);
    const r = counts[cell] as number;
    const a = Math.floor(cell / columns);
    const b = cell - a * columns;
    const i = levels[a] as number;
    const j = b + 1;
    byLevel[a] = (byLevel[a] as number) + r;
    byLength[b] = (byLength[b] as number) + r;
    const i2 = i * i;
    const j2 = j * j;
    shortRunLow += r / (i2 * j2);
    shortRunHigh += (r * i2) / j2;
    longRunLow += (r * j2) / i2;
    longRunHigh += r * i2 * j2;
    levelMean += i * r;
    lengthMean += j * r;
    const p = r / runs;
    entropy -= p * Math.log2(p);
  }
  // Integer sums divided once: a constant grey level or run length gives a variance of exactly 0.
  levelMean /= runs;
  lengthMean /= runs;

  let levelVariance = 0;
  let lengthVariance = 0;
  for (let k = 0; k < matrix.size; k++) {
    const cell = matrix.cell(k);
    const r = counts[cell] as number;
    const a = Math.floor(cell / columns);
    const i = levels[a] as number;
    const j = cell - a * columns + 1;
    levelVariance += (i - levelMean) * (i - levelMean) * r;
    lengthVariance += (j - lengthMean) * (j - lengthMean) * r;
  }
  levelVariance /= runs;
  lengthVariance /= runs;

  let lowGrey = 0;
  let highGrey = 0;
  let greyNonUniformity = 0;
  for (let a = 0; a < levels.length; a++) {
    const r = byLevel[a] as number;
    if (r === 0) continue;
    const i = levels[a] as number;
    lowGrey += r / (i * i);
    highGrey += r * i * i;
    greyNonUniformity += r * r;
    byLevel[a] = 0;
  }
  let shortRuns = 0;
  let longRuns = 0;
  let lengthNonUniformity = 0;
  for (let b = 0; b < columns; b++) {
    const r = byLength[b] as number;
    if (r === 0) continue;
    const j = b + 1;
    shortRuns += r / (j * j);
    longRuns += r * j * j;
    lengthNonUniformity += r * r;
    byLength[b] = 0;
  }

  out[0] = shortRuns / runs;
  out[1] = longRuns / runs;
  out[2] = lowGrey / runs;
  out[3] = highGrey / runs;
  out[4] = shortRunLow / runs;
  out[5] = shortRunHigh / runs;
  out[6] = longRunLow / runs;
  out[7] = longRunHigh / runs;
  out[8] = greyNonUniformity / runs;
  out[9] = greyNonUniformity / (runs * runs);
  out[10] = lengthNonUniformity / runs;
  out[11] = lengthNonUniformity / (runs * runs);
  out[12] = voxels > 0 ? runs / voxels : Number.NaN;
  out[13] = levelVariance;
  out[14] = lengthVariance;
  out[15] = entropy;
}

/**
 * All 16 IBSI GLRLM features of `roi` for each of the six aggregation methods (96 values), see
 * `aggregateDirectional` (glcm.ts) for the aggregation.
 *
 * Matrices have a row per grey level present in the ROI (absent levels are empty rows, which change
 * no feature) and a column per run length up to the grid's largest extent. N_v is summed with the
 * matrices (a slice's or the ROI's voxels once per merged direction), so run percentage of a merged
 * matrix is runs / (directions × voxels).
 *
 * @param grid the ROI cropped by {@link textureGrid}, when the caller already has it.
 */
export function glrlmFeatures(roi: PreparedRoi, grid: TextureGrid = textureGrid(roi)): FeatureValue[] {
  return glrlmFeaturesOf(grid);
}

/** {@link glrlmFeatures} of a cropped grid; `keepDirectionMatrices` chooses the accumulation (tests). */
export function glrlmFeaturesOf(grid: TextureGrid, keepDirectionMatrices?: boolean): FeatureValue[] {
  const np = grid.levels.length;
  const columns = maximumRunLength(grid);
  const scratch: GlrlmScratch = { byLevel: new Float64Array(np), byLength: new Float64Array(columns) };
  const runLengths = runLengthScratch(grid);
  const means = aggregateDirectional(
    grid,
    np * columns,
    GLRLM_FEATURES.length,
    (direction, into, zFrom, zTo) => countRuns(grid, direction, into, runLengths, zFrom, zTo),
    (matrix, voxels, out) => glrlmFeatureVector(matrix, voxels, grid, scratch, out),
    keepDirectionMatrices,
  );
  return directionalFeatureValues('glrlm', GLRLM_FEATURES, means);
}
