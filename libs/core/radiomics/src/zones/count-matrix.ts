import { averageOverSlices, type ZoneAggregation } from './feature-table';

/**
 * The matrix shared by the GLSZM, GLDZM and NGLDM: counts by grey level i (rows) and a positive
 * integer j (columns: zone size, zone distance or dependence count), with the voxel count N_v.
 * Only the distinct j that occur get a column, so a 1 M-voxel zone costs one column, not a million.
 */
export interface CountMatrix {
  /** Rows are grey levels 1..rows (row r is level r + 1). */
  readonly rows: number;
  /** The distinct j of the columns, ascending. */
  readonly columnValues: Int32Array;
  /** Count of (level r + 1, columnValues[c]) at `r * columnValues.length + c`. */
  readonly counts: Float64Array;
  /** N_v: voxels the matrix was built from (summed over slices when merged). */
  readonly voxelCount: number;
}

/**
 * Builds the matrix of the pairs (`levels[k]`, `values[k]`) for k in [from, to): levels in 1..rows,
 * values at least 1. Costs O(to - from + max value).
 */
export function countMatrix(
  levels: Int32Array,
  values: Int32Array,
  from: number,
  to: number,
  rows: number,
  voxelCount: number,
): CountMatrix {
  let maxValue = 0;
  for (let k = from; k < to; k++) if ((values[k] as number) > maxValue) maxValue = values[k] as number;
  const columnOf = new Int32Array(maxValue + 1).fill(-1);
  for (let k = from; k < to; k++) columnOf[values[k] as number] = 0;
  let columns = 0;
  for (let v = 1; v <= maxValue; v++) if (columnOf[v] === 0) columnOf[v] = columns++;
  const columnValues = new Int32Array(columns);
  for (let v = 1; v <= maxValue; v++)
    if ((columnOf[v] as number) >= 0) columnValues[columnOf[v] as number] = v;
  const counts = new Float64Array(rows * columns);
  for (let k = from; k < to; k++) {
    const cell = ((levels[k] as number) - 1) * columns + (columnOf[values[k] as number] as number);
    counts[cell] = (counts[cell] as number) + 1;
  }
  return { rows, columnValues, counts, voxelCount };
}

/** Indices into the array {@link countMatrixFeatures} returns. */
export const CountFeature = {
  /** Σ s_ij / j² / N_s */
  ShortEmphasis: 0,
  /** Σ s_ij j² / N_s */
  LongEmphasis: 1,
  /** Σ s_ij / i² / N_s */
  LowGreyLevelEmphasis: 2,
  /** Σ s_ij i² / N_s */
  HighGreyLevelEmphasis: 3,
  /** Σ s_ij / (i² j²) / N_s */
  ShortLowGreyLevelEmphasis: 4,
  /** Σ s_ij i² / j² / N_s */
  ShortHighGreyLevelEmphasis: 5,
  /** Σ s_ij j² / i² / N_s */
  LongLowGreyLevelEmphasis: 6,
  /** Σ s_ij i² j² / N_s */
  LongHighGreyLevelEmphasis: 7,
  /** Σ_i s_i.² / N_s */
  GreyLevelNonUniformity: 8,
  /** Σ_i s_i.² / N_s² */
  NormalisedGreyLevelNonUniformity: 9,
  /** Σ_j s_.j² / N_s */
  ColumnNonUniformity: 10,
  /** Σ_j s_.j² / N_s² */
  NormalisedColumnNonUniformity: 11,
  /** N_s / N_v */
  Percentage: 12,
  /** Σ (i - μ_i)² p_ij */
  GreyLevelVariance: 13,
  /** Σ (j - μ_j)² p_ij */
  ColumnVariance: 14,
  /** -Σ p_ij log2 p_ij */
  Entropy: 15,
  /** Σ p_ij² */
  Energy: 16,
} as const;
export const COUNT_FEATURE_COUNT = 17;

/** The IBSI features of a count matrix, indexed by {@link CountFeature}; all NaN when it is empty. */
export function countMatrixFeatures(matrix: CountMatrix): Float64Array {
  const { rows, columnValues, counts, voxelCount } = matrix;
  const columns = columnValues.length;
  const out = new Float64Array(COUNT_FEATURE_COUNT);
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k] as number;
  if (!(total > 0)) return out.fill(Number.NaN);

  const columnSums = new Float64Array(columns);
  let shortE = 0;
  let longE = 0;
  let lowG = 0;
  let highG = 0;
  let shortLow = 0;
  let shortHigh = 0;
  let longLow = 0;
  let longHigh = 0;
  let rowSquares = 0;
  let meanI = 0;
  let meanJ = 0;
  let entropy = 0;
  let energy = 0;
  for (let r = 0; r < rows; r++) {
    const i = r + 1;
    const i2 = i * i;
    let rowSum = 0;
    for (let c = 0; c < columns; c++) {
      const count = counts[r * columns + c] as number;
      if (count === 0) continue;
      const j = columnValues[c] as number;
      const j2 = j * j;
      rowSum += count;
      columnSums[c] = (columnSums[c] as number) + count;
      shortE += count / j2;
      longE += count * j2;
      shortLow += count / (i2 * j2);
      shortHigh += (count * i2) / j2;
      longLow += (count * j2) / i2;
      longHigh += count * i2 * j2;
      const p = count / total;
      meanJ += j * p;
      entropy -= p * Math.log2(p);
      energy += p * p;
    }
    lowG += rowSum / i2;
    highG += rowSum * i2;
    rowSquares += rowSum * rowSum;
    meanI += (i * rowSum) / total;
  }
  let columnSquares = 0;
  for (let c = 0; c < columns; c++) columnSquares += (columnSums[c] as number) ** 2;
  let varianceI = 0;
  let varianceJ = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const count = counts[r * columns + c] as number;
      if (count === 0) continue;
      const p = count / total;
      varianceI += (r + 1 - meanI) ** 2 * p;
      varianceJ += ((columnValues[c] as number) - meanJ) ** 2 * p;
    }

  out[CountFeature.ShortEmphasis] = shortE / total;
  out[CountFeature.LongEmphasis] = longE / total;
  out[CountFeature.LowGreyLevelEmphasis] = lowG / total;
  out[CountFeature.HighGreyLevelEmphasis] = highG / total;
  out[CountFeature.ShortLowGreyLevelEmphasis] = shortLow / total;
  out[CountFeature.ShortHighGreyLevelEmphasis] = shortHigh / total;
  out[CountFeature.LongLowGreyLevelEmphasis] = longLow / total;
  out[CountFeature.LongHighGreyLevelEmphasis] = longHigh / total;
  out[CountFeature.GreyLevelNonUniformity] = rowSquares / total;
  out[CountFeature.NormalisedGreyLevelNonUniformity] = rowSquares / (total * total);
  out[CountFeature.ColumnNonUniformity] = columnSquares / total;
  out[CountFeature.NormalisedColumnNonUniformity] = columnSquares / (total * total);
  out[CountFeature.Percentage] = voxelCount > 0 ? total / voxelCount : Number.NaN;
  out[CountFeature.GreyLevelVariance] = varianceI;
  out[CountFeature.ColumnVariance] = varianceJ;
  out[CountFeature.Entropy] = entropy + 0; // not -0
  out[CountFeature.Energy] = energy;
  return out;
}

/** (level, j) pairs grouped by padded slice: pairs of slice z are [sliceStarts[z], sliceStarts[z + 1]). */
export interface SlicedPairs {
  readonly levels: Int32Array;
  readonly values: Int32Array;
  readonly sliceStarts: Int32Array;
}

/**
 * The count-matrix features for the three aggregations: '2D' from each slice's matrix (N_v that
 * slice's voxels), averaged over the slices with any pair; '2.5D' from the slice matrices summed
 * (N_v summed); '3D' from the matrix of the 3D pairs. `voxelSliceStarts` gives the voxels per slice
 * as {@link SlicedPairs.sliceStarts} does for pairs.
 */
export function countMatrixAggregations(
  pairs2D: SlicedPairs,
  pairs3D: SlicedPairs,
  voxelSliceStarts: Int32Array,
  rows: number,
): Record<ZoneAggregation, Float64Array> {
  const slices = voxelSliceStarts.length - 1;
  const perSlice: Float64Array[] = [];
  for (let z = 0; z < slices; z++) {
    const from = pairs2D.sliceStarts[z] as number;
    const to = pairs2D.sliceStarts[z + 1] as number;
    if (to <= from) continue;
    const voxels = (voxelSliceStarts[z + 1] as number) - (voxelSliceStarts[z] as number);
    perSlice.push(countMatrixFeatures(countMatrix(pairs2D.levels, pairs2D.values, from, to, rows, voxels)));
  }
  const totalVoxels = (voxelSliceStarts[slices] as number) - (voxelSliceStarts[0] as number);
  const all2D = pairs2D.sliceStarts[slices] as number;
  const all3D = pairs3D.sliceStarts[slices] as number;
  return {
    '2D': averageOverSlices(perSlice, COUNT_FEATURE_COUNT),
    '2.5D': countMatrixFeatures(countMatrix(pairs2D.levels, pairs2D.values, 0, all2D, rows, totalVoxels)),
    '3D': countMatrixFeatures(countMatrix(pairs3D.levels, pairs3D.values, 0, all3D, rows, totalVoxels)),
  };
}
