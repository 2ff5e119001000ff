import type { PreparedRoi, RoiVolume, Vec3 } from './types';

/**
 * IBSI intensity discretisation (IBSI 1, "Intensity discretisation", 4R0B).
 * - `fixed-bin-size` (Q3RU): bins of width `binWidth` from the lower bound of the re-segmentation range
 *   when one is set, else from the ROI's minimum intensity.
 * - `fixed-bin-number` (K15C): `binCount` bins over the intensity mask's [min, max].
 * - `none`: the intensities are the grey levels; they must be integers ≥ 1 inside the intensity mask.
 */
export type Discretisation =
  | { readonly method: 'fixed-bin-size'; readonly binWidth: number }
  | { readonly method: 'fixed-bin-number'; readonly binCount: number }
  | { readonly method: 'none' };

/** IBSI pre-processing settings, applied in the manual's order: resample, round, re-segment, discretise. */
export interface PreprocessingSettings {
  /**
   * Resample to this voxel spacing (mm) with IBSI's *align grid centres* grid (QCY4): trilinear image
   * interpolation with the grid's edge intensities extrapolated, the mask interpolated trilinearly and
   * kept where ≥ `maskThreshold`. Omit to keep the original grid.
   */
  readonly resampledSpacingMm?: Vec3;
  /** Partial-volume threshold δ of the interpolated mask (E8H9); default 0.5, in (0, 1]. */
  readonly maskThreshold?: number;
  /** Round intensities to the nearest integer after interpolation (CT, 68QD); default false. */
  readonly roundIntensities?: boolean;
  /** Range re-segmentation (USB3): keep intensities in [min, max] (inclusive); either bound optional. */
  readonly resegmentationRange?: { readonly min?: number; readonly max?: number };
  /**
   * Intensity outlier filtering (7ACA): drop voxels outside mean ± 3 SD (population SD) of the ROI
   * intensities left by range re-segmentation. Default false.
   */
  readonly outlierFiltering?: boolean;
  readonly discretisation: Discretisation;
  /**
   * The result is cropped to the ROI's bounding box plus this margin (mm), which must cover the 6.2 mm
   * local-intensity sphere; default 10. Features do not depend on the crop (they are translation
   * invariant and read no voxel farther from the ROI than 6.2 mm).
   */
  readonly cropMarginMm?: number;
}

/** The most grey levels a discretisation may produce. */
export const MAX_GREY_LEVELS = 100_000;

const DEFAULT_MASK_THRESHOLD = 0.5;
const DEFAULT_CROP_MARGIN_MM = 10;
/** Slack for floating-point noise in the interpolated mask and in the resampled grid size. */
const EPSILON = 1e-9;

/** Throws a RangeError naming the first invalid setting. */
export function validatePreprocessingSettings(settings: PreprocessingSettings): void {
  const spacing = settings.resampledSpacingMm;
  if (spacing !== undefined) {
    if (spacing.length !== 3 || !spacing.every((value) => Number.isFinite(value) && value > 0))
      throw new RangeError('resampledSpacingMm must be three positive finite numbers');
  }
  const threshold = settings.maskThreshold;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold > 0 && threshold <= 1))
    throw new RangeError('maskThreshold must be in (0, 1]');
  const range = settings.resegmentationRange;
  if (range !== undefined) {
    if (range.min !== undefined && Number.isNaN(range.min))
      throw new RangeError('resegmentationRange.min must be a number');
    if (range.max !== undefined && Number.isNaN(range.max))
      throw new RangeError('resegmentationRange.max must be a number');
    if (range.min !== undefined && range.max !== undefined && range.min > range.max)
      throw new RangeError('resegmentationRange.min must not exceed resegmentationRange.max');
  }
  const margin = settings.cropMarginMm;
  if (margin !== undefined && !(margin >= 0)) throw new RangeError('cropMarginMm must be zero or positive');
  const discretisation = settings.discretisation;
  switch (discretisation.method) {
    case 'fixed-bin-size':
      if (!(Number.isFinite(discretisation.binWidth) && discretisation.binWidth > 0))
        throw new RangeError('binWidth must be positive');
      break;
    case 'fixed-bin-number':
      if (!(Number.isInteger(discretisation.binCount) && discretisation.binCount >= 1))
        throw new RangeError('binCount must be a positive integer');
      if (discretisation.binCount > MAX_GREY_LEVELS)
        throw new RangeError(`binCount must not exceed ${MAX_GREY_LEVELS}`);
      break;
    case 'none':
      break;
  }
}

function validateRoi(roi: RoiVolume): void {
  const [nx, ny, nz] = roi.dims;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1))
    throw new RangeError('roi.dims must be three positive integers');
  if (!roi.spacingMm.every((value) => Number.isFinite(value) && value > 0))
    throw new RangeError('roi.spacingMm must be three positive finite numbers');
  const count = nx * ny * nz;
  if (roi.image.length !== count) throw new RangeError('roi.image length must equal the product of roi.dims');
  if (roi.mask.length !== count) throw new RangeError('roi.mask length must equal the product of roi.dims');
}

/** Inclusive voxel bounding box [x0, x1, y0, y1, z0, z1] of a mask, or undefined when it is empty. */
export function maskBoundingBox(
  mask: Uint8Array,
  dims: Vec3,
): [number, number, number, number, number, number] | undefined {
  const [nx, ny, nz] = dims;
  let x0 = nx;
  let x1 = -1;
  let y0 = ny;
  let y1 = -1;
  let z0 = nz;
  let z1 = -1;
  // Rows of a large image mostly hold no ROI voxel: skip them four bytes at a time where aligned.
  const words =
    nx % 4 === 0 && mask.byteOffset % 4 === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
      : undefined;
  let index = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const rowStart = index;
      const rowEnd = index + nx;
      index = rowEnd;
      let first = rowStart;
      if (words) {
        let word = rowStart >> 2;
        const wordEnd = rowEnd >> 2;
        while (word < wordEnd && words[word] === 0) word++;
        if (word === wordEnd) continue;
        first = word << 2;
      }
      while (first < rowEnd && mask[first] === 0) first++;
      if (first === rowEnd) continue;
      let last = rowEnd - 1;
      while (mask[last] === 0) last--;
      const xa = first - rowStart;
      const xb = last - rowStart;
      if (xa < x0) x0 = xa;
      if (xb > x1) x1 = xb;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    }
  }
  return x1 < 0 ? undefined : [x0, x1, y0, y1, z0, z1];
}

interface Grid {
  dims: Vec3;
  spacingMm: Vec3;
  intensities: Float64Array;
  mask: Uint8Array;
}

/** Crops the original grid to the ROI's bounding box plus `marginMm` (clamped to the grid). */
function cropOriginal(roi: RoiVolume, box: readonly number[], marginMm: number): Grid {
  const [nx, ny, nz] = roi.dims;
  const lo: number[] = [];
  const hi: number[] = [];
  const sizes = [nx, ny, nz];
  for (let axis = 0; axis < 3; axis++) {
    const margin = Math.ceil(marginMm / (roi.spacingMm[axis] as number) - EPSILON);
    lo.push(Math.max(0, (box[2 * axis] as number) - margin));
    hi.push(Math.min((sizes[axis] as number) - 1, (box[2 * axis + 1] as number) + margin));
  }
  const [cx0, cy0, cz0] = lo as [number, number, number];
  const cnx = (hi[0] as number) - cx0 + 1;
  const cny = (hi[1] as number) - cy0 + 1;
  const cnz = (hi[2] as number) - cz0 + 1;
  const intensities = new Float64Array(cnx * cny * cnz);
  const mask = new Uint8Array(cnx * cny * cnz);
  let target = 0;
  for (let z = 0; z < cnz; z++) {
    for (let y = 0; y < cny; y++) {
      const source = cx0 + nx * (cy0 + y + ny * (cz0 + z));
      for (let x = 0; x < cnx; x++, target++) {
        intensities[target] = roi.image[source + x] as number;
        mask[target] = roi.mask[source + x] ? 1 : 0;
      }
    }
  }
  return { dims: [cnx, cny, cnz], spacingMm: roi.spacingMm, intensities, mask };
}

/** Per-axis interpolation stencil: lower index, upper index and weight of the upper one. */
interface AxisStencil {
  lower: Int32Array;
  upper: Int32Array;
  weight: Float64Array;
}

/**
 * The part of the IBSI *align grid centres* interpolation grid along one axis that can hold the
 * (interpolated) ROI or lie within `marginMm` of it, with its interpolation stencil (edge values
 * extrapolated).
 */
function axisStencil(
  originalCount: number,
  originalSpacing: number,
  newSpacing: number,
  boxLow: number,
  boxHigh: number,
  marginMm: number,
): AxisStencil {
  const newCount = Math.max(1, Math.ceil((originalCount * originalSpacing) / newSpacing - EPSILON));
  const step = newSpacing / originalSpacing;
  const origin = 0.5 * (originalCount - 1 - step * (newCount - 1));
  // The interpolated mask is zero at 1 original voxel or more outside the bounding box.
  const windowLow = boxLow - 1 - marginMm / originalSpacing;
  const windowHigh = boxHigh + 1 + marginMm / originalSpacing;
  const first = Math.max(0, Math.ceil((windowLow - origin) / step - EPSILON));
  const last = Math.min(newCount - 1, Math.floor((windowHigh - origin) / step + EPSILON));
  const count = Math.max(0, last - first + 1);
  const lower = new Int32Array(count);
  const upper = new Int32Array(count);
  const weight = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const position = Math.min(originalCount - 1, Math.max(0, origin + (first + j) * step));
    const base = Math.min(Math.floor(position), originalCount - 1);
    lower[j] = base;
    upper[j] = Math.min(base + 1, originalCount - 1);
    weight[j] = position - base;
  }
  return { lower, upper, weight };
}

/** IBSI resampling (align grid centres, trilinear) of the part of the grid around the ROI. */
function resample(
  roi: RoiVolume,
  box: readonly number[],
  spacingMm: Vec3,
  threshold: number,
  marginMm: number,
): Grid {
  const [nx, ny] = roi.dims;
  const stencils = [0, 1, 2].map((axis) =>
    axisStencil(
      roi.dims[axis] as number,
      roi.spacingMm[axis] as number,
      spacingMm[axis] as number,
      box[2 * axis] as number,
      box[2 * axis + 1] as number,
      marginMm,
    ),
  ) as [AxisStencil, AxisStencil, AxisStencil];
  const [sx, sy, sz] = stencils;
  const mx = sx.lower.length;
  const my = sy.lower.length;
  const mz = sz.lower.length;
  const intensities = new Float64Array(mx * my * mz);
  const mask = new Uint8Array(mx * my * mz);
  const image = roi.image;
  const source = roi.mask;
  const slice = nx * ny;
  let target = 0;
  for (let k = 0; k < mz; k++) {
    const z0 = (sz.lower[k] as number) * slice;
    const z1 = (sz.upper[k] as number) * slice;
    const tz = sz.weight[k] as number;
    for (let j = 0; j < my; j++) {
      const y0 = (sy.lower[j] as number) * nx;
      const y1 = (sy.upper[j] as number) * nx;
      const ty = sy.weight[j] as number;
      const i00 = z0 + y0;
      const i01 = z0 + y1;
      const i10 = z1 + y0;
      const i11 = z1 + y1;
      for (let i = 0; i < mx; i++, target++) {
        const x0 = sx.lower[i] as number;
        const x1 = sx.upper[i] as number;
        const tx = sx.weight[i] as number;
        const c00 = (1 - tx) * (image[i00 + x0] as number) + tx * (image[i00 + x1] as number);
        const c01 = (1 - tx) * (image[i01 + x0] as number) + tx * (image[i01 + x1] as number);
        const c10 = (1 - tx) * (image[i10 + x0] as number) + tx * (image[i10 + x1] as number);
        const c11 = (1 - tx) * (image[i11 + x0] as number) + tx * (image[i11 + x1] as number);
        intensities[target] = (1 - tz) * ((1 - ty) * c00 + ty * c01) + tz * ((1 - ty) * c10 + ty * c11);
        const m00 = (1 - tx) * (source[i00 + x0] ? 1 : 0) + tx * (source[i00 + x1] ? 1 : 0);
        const m01 = (1 - tx) * (source[i01 + x0] ? 1 : 0) + tx * (source[i01 + x1] ? 1 : 0);
        const m10 = (1 - tx) * (source[i10 + x0] ? 1 : 0) + tx * (source[i10 + x1] ? 1 : 0);
        const m11 = (1 - tx) * (source[i11 + x0] ? 1 : 0) + tx * (source[i11 + x1] ? 1 : 0);
        const fraction = (1 - tz) * ((1 - ty) * m00 + ty * m01) + tz * ((1 - ty) * m10 + ty * m11);
        mask[target] = fraction >= threshold - EPSILON ? 1 : 0;
      }
    }
  }
  return { dims: [mx, my, mz], spacingMm, intensities, mask };
}

/** Range re-segmentation then outlier filtering: the intensity mask. */
function resegment(grid: Grid, settings: PreprocessingSettings): Uint8Array {
  const { intensities, mask } = grid;
  const intensityMask = Uint8Array.from(mask);
  const low = settings.resegmentationRange?.min ?? -Infinity;
  const high = settings.resegmentationRange?.max ?? Infinity;
  if (low > -Infinity || high < Infinity) {
    for (let index = 0; index < intensityMask.length; index++) {
      if (intensityMask[index] === 0) continue;
      const value = intensities[index] as number;
      if (!(value >= low && value <= high)) intensityMask[index] = 0;
    }
  }
  if (settings.outlierFiltering) {
    let count = 0;
    let sum = 0;
    for (let index = 0; index < intensityMask.length; index++) {
      if (intensityMask[index] === 0) continue;
      count++;
      sum += intensities[index] as number;
    }
    const mean = sum / count;
    let squares = 0;
    for (let index = 0; index < intensityMask.length; index++) {
      if (intensityMask[index] === 0) continue;
      const deviation = (intensities[index] as number) - mean;
      squares += deviation * deviation;
    }
    const sd = Math.sqrt(squares / count);
    const lowOutlier = mean - 3 * sd;
    const highOutlier = mean + 3 * sd;
    for (let index = 0; index < intensityMask.length; index++) {
      if (intensityMask[index] === 0) continue;
      const value = intensities[index] as number;
      if (value < lowOutlier || value > highOutlier) intensityMask[index] = 0;
    }
  }
  return intensityMask;
}

interface Discretised {
  levels: Int32Array;
  greyLevelCount: number;
  binning?: { minimum: number; width: number };
}

/**
 * IBSI discretisation of `intensities` inside `intensityMask` (levels 1..Ng inside, 0 outside).
 * `range` is the re-segmentation range (fixed bin size starts at its lower bound and, when it has an
 * upper bound, spans it). Throws a RangeError when the mask is empty or `none` meets a non-integer.
 */
export function discretise(
  intensities: Float64Array,
  intensityMask: Uint8Array,
  discretisation: Discretisation,
  range?: { readonly min?: number; readonly max?: number },
): Discretised {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < intensities.length; index++) {
    if (intensityMask[index] === 0) continue;
    const value = intensities[index] as number;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  if (minimum > maximum) throw new RangeError('resegmentationRange leaves no voxel in the intensity mask');
  const levels = new Int32Array(intensities.length);
  switch (discretisation.method) {
    case 'fixed-bin-number': {
      const count = discretisation.binCount;
      const width = maximum - minimum;
      for (let index = 0; index < intensities.length; index++) {
        if (intensityMask[index] === 0) continue;
        const value = intensities[index] as number;
        // A constant ROI has no bin width: all of it is level 1 (the minimum, as for any FBN).
        levels[index] =
          width === 0
            ? 1
            : value >= maximum
              ? count
              : Math.min(count, Math.floor((count * (value - minimum)) / width) + 1);
      }
      return { levels, greyLevelCount: count };
    }
    case 'fixed-bin-size': {
      const width = discretisation.binWidth;
      const low = range?.min !== undefined && Number.isFinite(range.min) ? range.min : minimum;
      const high = range?.max !== undefined && Number.isFinite(range.max) ? range.max : maximum;
      const greyLevelCount = Math.floor((Math.max(high, maximum) - low) / width) + 1;
      if (greyLevelCount > MAX_GREY_LEVELS)
        throw new RangeError(
          `binWidth gives more than ${MAX_GREY_LEVELS} grey levels over the intensity range`,
        );
      for (let index = 0; index < intensities.length; index++) {
        if (intensityMask[index] === 0) continue;
        levels[index] = Math.floor(((intensities[index] as number) - low) / width) + 1;
      }
      return { levels, greyLevelCount, binning: { minimum: low, width } };
    }
    case 'none': {
      if (!(minimum >= 1)) throw new RangeError('discretisation none needs intensities ≥ 1 in the ROI');
      if (maximum > MAX_GREY_LEVELS)
        throw new RangeError(`discretisation none needs intensities ≤ ${MAX_GREY_LEVELS} in the ROI`);
      for (let index = 0; index < intensities.length; index++) {
        if (intensityMask[index] === 0) continue;
        const value = intensities[index] as number;
        if (!Number.isInteger(value))
          throw new RangeError('discretisation none needs integer intensities in the ROI');
        levels[index] = value;
      }
      return { levels, greyLevelCount: maximum };
    }
  }
}

/**
 * IBSI 1 pre-processing of a ROI: optional resampling (align grid centres, trilinear, mask threshold),
 * optional rounding, re-segmentation (range, outliers) into the intensity mask, and discretisation.
 * The morphological mask is the (resampled) ROI before re-segmentation. The result is cropped to the
 * ROI's bounding box plus `cropMarginMm`. Throws a RangeError naming the setting at fault, or when
 * the ROI (or the re-segmented ROI) is empty.
 */
export function prepareRoi(roi: RoiVolume, settings: PreprocessingSettings): PreparedRoi {
  validatePreprocessingSettings(settings);
  validateRoi(roi);
  const box = maskBoundingBox(roi.mask, roi.dims);
  if (box === undefined) throw new RangeError('roi.mask holds no voxel');
  const marginMm = settings.cropMarginMm ?? DEFAULT_CROP_MARGIN_MM;
  const grid =
    settings.resampledSpacingMm === undefined
      ? cropOriginal(roi, box, marginMm)
      : resample(
          roi,
          box,
          settings.resampledSpacingMm,
          settings.maskThreshold ?? DEFAULT_MASK_THRESHOLD,
          marginMm,
        );
  if (!grid.mask.includes(1))
    throw new RangeError('resampledSpacingMm and maskThreshold leave no voxel in the ROI');
  if (settings.roundIntensities) {
    const values = grid.intensities;
    for (let index = 0; index < values.length; index++) values[index] = Math.round(values[index] as number);
  }
  const intensityMask = resegment(grid, settings);
  const { levels, greyLevelCount, binning } = discretise(
    grid.intensities,
    intensityMask,
    settings.discretisation,
    settings.resegmentationRange,
  );
  return {
    dims: grid.dims,
    spacingMm: grid.spacingMm,
    intensities: grid.intensities,
    morphologicalMask: grid.mask,
    intensityMask,
    levels,
    greyLevelCount,
    ...(binning ? { binning } : {}),
  };
}
