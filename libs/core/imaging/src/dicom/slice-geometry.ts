import { formatMm, formatVector, listFiles, plural } from '../format';
import { ImagingError } from '../errors';
import { at, cross, dot, norm, scale, subtract, unit } from '../math';
import type { Vec3 } from '../volume';
import { attributeLabel, DICOM } from './attributes';

/**
 * How far slice positions may stray from a regular grid: the larger of an absolute 0.01 mm and 1 % of
 * the slice spacing. Decimal strings in Image Position (Patient) carry ~1e-5 mm of rounding, so
 * anything beyond this is a real irregularity; 1 % of a 5 mm spacing is 0.05 mm, a twentieth of a
 * typical in-plane pixel.
 */
export const SLICE_POSITION_TOLERANCE = { absoluteMm: 0.01, fractionOfSpacing: 0.01 } as const;

/**
 * Image Orientation (Patient) must hold two unit vectors at right angles; stored as decimal strings
 * they are only approximately so. Beyond this (on |length − 1| and on the cosine between them) the
 * orientation is not a rotation and the decoder refuses it.
 */
export const ORIENTATION_TOLERANCE = 1e-3;

/** The tolerance in mm for a slice spacing; see {@link SLICE_POSITION_TOLERANCE}. */
export function slicePositionToleranceMm(spacingMm: number): number {
  return Math.max(
    SLICE_POSITION_TOLERANCE.absoluteMm,
    SLICE_POSITION_TOLERANCE.fractionOfSpacing * Math.abs(spacingMm),
  );
}

/** What the geometry needs to know of a slice. */
export interface PositionedSlice {
  readonly name: string;
  readonly sopInstanceUid: string;
  readonly position: Vec3;
}

/** The stack of slices as a regular grid. */
export interface SliceStack {
  /** Indices into the input, in order of increasing position along {@link normal}. */
  readonly order: readonly number[];
  /** Distance between consecutive slices, mm; positive. */
  readonly sliceSpacingMm: number;
  /** Image Position (Patient) of the first slice in {@link order}: the centre of voxel (0, 0, 0). */
  readonly origin: Vec3;
  /** Unit vectors, LPS: along a row (column index increases), down a column (row index increases). */
  readonly rowDirection: Vec3;
  readonly columnDirection: Vec3;
  /** rowDirection × columnDirection: the direction in which slice index k increases. */
  readonly normal: Vec3;
}

/**
 * Orders slices into a stack and checks that they form a regular grid.
 *
 * Slices are sorted by their Image Position (Patient) projected on the slice normal (the cross
 * product of the two Image Orientation (Patient) vectors), never by Instance Number or file name,
 * which scanners and exporters do not keep reliable. The slice spacing is then the one that explains
 * most gaps ({@link nominalSliceSpacing}), and every gap must equal it within
 * {@link SLICE_POSITION_TOLERANCE}; a gap of about k spacings (2 ≤ k ≤ 10, each within the same
 * tolerance) means k − 1 missing slices, any other gap is irregular spacing.
 * Finally every slice must lie where the grid puts it, which also refuses gantry tilt (slices shifted
 * within their plane).
 *
 * A single slice has no neighbour: its spacing is Spacing Between Slices, else Slice Thickness.
 *
 * @param orientation - Image Orientation (Patient), the same for all slices (checked before).
 * @param singleSliceSpacingMm - used only when there is one slice.
 * @throws {ImagingError} `unsupported-geometry`, `duplicate-slice`, `missing-slice`,
 *   `inconsistent-spacing`.
 */
export function stackSlices(
  slices: readonly PositionedSlice[],
  orientation: readonly number[],
  singleSliceSpacingMm?: number,
): SliceStack {
  const { rowDirection, columnDirection, normal } = orientationAxes(orientation, slices);
  const distances = slices.map((slice) => dot(slice.position, normal));
  const order = distances.map((_, index) => index).sort((a, b) => at(distances, a) - at(distances, b));
  const sorted = order.map((index) => at(slices, index));
  const along = order.map((index) => at(distances, index));
  const first = at(sorted, 0);

  if (slices.length === 1) {
    if (singleSliceSpacingMm === undefined || !(singleSliceSpacingMm > 0)) {
      throw new ImagingError(
        'unsupported-geometry',
        `The series has a single slice ('${first.name}') and neither ` +
          `${attributeLabel(DICOM.SpacingBetweenSlices)} nor ${attributeLabel(DICOM.SliceThickness)}, so ` +
          `its slice spacing is unknown.`,
        { files: [first.name] },
      );
    }
    return {
      order,
      sliceSpacingMm: singleSliceSpacingMm,
      origin: first.position,
      rowDirection,
      columnDirection,
      normal,
    };
  }

  assertNoDuplicates(sorted, along);
  const gaps = along.slice(1).map((distance, index) => distance - at(along, index));
  assertRegularGaps(sorted, along, gaps);

  // The spacing that puts the first and last slice exactly on the grid; after the gap checks it
  // differs from every gap by less than the tolerance.
  const sliceSpacingMm = (at(along, along.length - 1) - at(along, 0)) / (along.length - 1);
  assertOnGrid(sorted, normal, sliceSpacingMm);
  return { order, sliceSpacingMm, origin: first.position, rowDirection, columnDirection, normal };
}

function orientationAxes(
  orientation: readonly number[],
  slices: readonly PositionedSlice[],
): { rowDirection: Vec3; columnDirection: Vec3; normal: Vec3 } {
  const row: Vec3 = [at(orientation, 0), at(orientation, 1), at(orientation, 2)];
  const column: Vec3 = [at(orientation, 3), at(orientation, 4), at(orientation, 5)];
  const rowLength = norm(row);
  const columnLength = norm(column);
  if (
    Math.abs(rowLength - 1) > ORIENTATION_TOLERANCE ||
    Math.abs(columnLength - 1) > ORIENTATION_TOLERANCE ||
    Math.abs(dot(row, column)) > ORIENTATION_TOLERANCE
  ) {
    throw new ImagingError(
      'unsupported-geometry',
      `${attributeLabel(DICOM.ImageOrientationPatient)} is ${orientation.join('\\')}, which is not two ` +
        `perpendicular unit vectors, so the slices cannot be placed in space (files ` +
        `${listFiles(slices.map((slice) => slice.name))}).`,
      {
        attribute: DICOM.ImageOrientationPatient.keyword,
        dicomTag: DICOM.ImageOrientationPatient.tag,
        files: slices.map((slice) => slice.name),
        orientation: [...orientation],
      },
    );
  }
  const rowDirection = unit(row);
  const columnDirection = unit(column);
  return { rowDirection, columnDirection, normal: unit(cross(rowDirection, columnDirection)) };
}

function assertNoDuplicates(sorted: readonly PositionedSlice[], along: readonly number[]): void {
  for (let k = 1; k < sorted.length; k++) {
    if (at(along, k) - at(along, k - 1) >= SLICE_POSITION_TOLERANCE.absoluteMm) continue;
    const a = at(sorted, k - 1);
    const b = at(sorted, k);
    const sameInstance = a.sopInstanceUid === b.sopInstanceUid;
    throw new ImagingError(
      'duplicate-slice',
      sameInstance
        ? `Files '${a.name}' and '${b.name}' are copies of the same image (same SOP Instance UID ` +
            `${a.sopInstanceUid}). Remove one of them.`
        : `Files '${a.name}' and '${b.name}' are two different images at the same slice position ` +
            `(${formatMm(at(along, k))} mm along the slice normal). The series may mix two ` +
            `acquisitions or echoes; upload a series with one image per position.`,
      {
        files: [a.name, b.name],
        attribute: DICOM.ImagePositionPatient.keyword,
        dicomTag: DICOM.ImagePositionPatient.tag,
        positionMm: at(along, k),
        sameSopInstance: sameInstance,
      },
    );
  }
}

/**
 * At most this many consecutive slices may be reported as missing in one gap; a larger gap is
 * reported as irregular spacing (with enough missing slices any gap would "fit").
 */
const MAX_MISSING_IN_ONE_GAP = 9;

/** How a gap compares with a slice spacing: 1 = regular, m ≥ 2 = m − 1 slices missing, 0 = neither. */
function gapMultiple(gap: number, spacing: number, tolerance: number): number {
  const multiple = Math.round(gap / spacing);
  if (multiple < 1 || multiple > MAX_MISSING_IN_ONE_GAP + 1) return 0;
  return Math.abs(gap - multiple * spacing) <= tolerance ? multiple : 0;
}

/**
 * When choosing the slice spacing, an irregular gap costs this much and a gap with missing slices
 * (however many) costs 1. Any value above 2 and below 4 makes the stories come out as a person would
 * tell them: gaps of 6 and 4 mm are "2 mm slices, two gaps with missing slices" (cost 2) rather than
 * "6 mm slices, one odd gap" (3); gaps of 1, 1, 2, 1, 0.5, 1 mm are "1 mm slices, one missing, one odd
 * gap" (1 + 3) rather than "0.5 mm slices, five gaps with missing slices" (5). A regular stack costs
 * nothing whatever the value, so it never decides whether a series is accepted, only what the
 * message says.
 */
const IRREGULAR_GAP_COST = 3;

/**
 * The slice spacing that describes the gaps with the fewest problems (see {@link IRREGULAR_GAP_COST};
 * ties go to the larger spacing, which implies fewer missing slices). Candidates are each distinct
 * gap divided by 1 to 4, so the spacing is found even when most gaps miss slices; the winner is then
 * refined to the median of the gaps it explains, per slice. With a regular stack this is the median
 * gap.
 */
export function nominalSliceSpacing(gaps: readonly number[]): number {
  // Gaps equal to a micrometre give the same candidates; rounding keeps the candidates few.
  const distinct = [...new Set(gaps.map((gap) => Math.round(gap * 1000) / 1000))];
  let best = at(gaps, 0);
  let bestCost = Number.POSITIVE_INFINITY;
  for (const gap of distinct) {
    for (let divisor = 1; divisor <= 4; divisor++) {
      const candidate = gap / divisor;
      const tolerance = slicePositionToleranceMm(candidate);
      let cost = 0;
      for (const other of gaps) {
        const multiple = gapMultiple(other, candidate, tolerance);
        if (multiple === 0) cost += IRREGULAR_GAP_COST;
        else if (multiple > 1) cost += 1;
      }
      if (cost < bestCost || (cost === bestCost && candidate > best)) {
        best = candidate;
        bestCost = cost;
      }
    }
  }
  const tolerance = slicePositionToleranceMm(best);
  const perSlice = gaps.flatMap((gap) => {
    const multiple = gapMultiple(gap, best, tolerance);
    return multiple > 0 ? [gap / multiple] : [];
  });
  return median(perSlice);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? at(sorted, middle) : (at(sorted, middle - 1) + at(sorted, middle)) / 2;
}

function assertRegularGaps(
  sorted: readonly PositionedSlice[],
  along: readonly number[],
  gaps: readonly number[],
): void {
  const nominal = nominalSliceSpacing(gaps);
  const tolerance = slicePositionToleranceMm(nominal);
  const missing: { after: string; before: string; positionsMm: number[] }[] = [];
  const irregular: { after: string; before: string; gapMm: number }[] = [];
  gaps.forEach((gap, k) => {
    const multiple = gapMultiple(gap, nominal, tolerance);
    if (multiple === 1) return;
    const after = at(sorted, k).name;
    const before = at(sorted, k + 1).name;
    if (multiple >= 2) {
      const positionsMm = Array.from({ length: multiple - 1 }, (_, j) => at(along, k) + (j + 1) * nominal);
      missing.push({ after, before, positionsMm });
    } else {
      irregular.push({ after, before, gapMm: gap });
    }
  });
  const detailsBase = {
    attribute: DICOM.ImagePositionPatient.keyword,
    dicomTag: DICOM.ImagePositionPatient.tag,
    sliceSpacingMm: nominal,
    toleranceMm: tolerance,
  };
  const describeMissing = missing.map(
    (gap) =>
      `${plural(gap.positionsMm.length, 'slice')} missing between '${gap.after}' and '${gap.before}' ` +
      `(expected at ${gap.positionsMm.map((position) => `${formatMm(position)} mm`).join(', ')})`,
  );
  if (irregular.length > 0) {
    const describeIrregular = irregular.map(
      (gap) => `'${gap.after}' → '${gap.before}': ${formatMm(gap.gapMm)} mm`,
    );
    throw new ImagingError(
      'inconsistent-spacing',
      `The slices are not evenly spaced: the slice spacing is ${formatMm(nominal)} mm (tolerance ` +
        `${formatMm(tolerance)} mm), but ${describeIrregular.join('; ')}` +
        (describeMissing.length > 0 ? `; also ${describeMissing.join('; ')}` : '') +
        `. The series may combine different acquisitions; upload a single, complete series.`,
      {
        ...detailsBase,
        files: irregular.flatMap((gap) => [gap.after, gap.before]),
        irregularGaps: irregular.map((gap) => ({ after: gap.after, before: gap.before, gapMm: gap.gapMm })),
      },
    );
  }
  if (missing.length > 0) {
    const count = missing.reduce((sum, gap) => sum + gap.positionsMm.length, 0);
    throw new ImagingError(
      'missing-slice',
      `The series is incomplete: ${describeMissing.join('; ')}. Slices are ${formatMm(nominal)} mm ` +
        `apart (positions along the slice normal). Upload all files of the series.`,
      {
        ...detailsBase,
        files: missing.flatMap((gap) => [gap.after, gap.before]),
        missingSlices: count,
        missingPositionsMm: missing.flatMap((gap) => gap.positionsMm),
      },
    );
  }
}

/** Every slice must be where the regular grid puts it: along the normal and within its own plane. */
function assertOnGrid(sorted: readonly PositionedSlice[], normal: Vec3, spacing: number): void {
  const tolerance = slicePositionToleranceMm(spacing);
  const origin = at(sorted, 0).position;
  sorted.forEach((slice, k) => {
    const offset = subtract(slice.position, origin);
    const alongError = dot(offset, normal) - k * spacing;
    const inPlane = norm(subtract(offset, scale(normal, dot(offset, normal))));
    if (inPlane > tolerance) {
      throw new ImagingError(
        'unsupported-geometry',
        `Slice '${slice.name}' at ${formatVector(slice.position)} is shifted by ${formatMm(inPlane)} mm ` +
          `within the slice plane relative to '${at(sorted, 0).name}' (tolerance ${formatMm(tolerance)} ` +
          `mm): the slices form a sheared stack (for example a CT with gantry tilt), which a regular ` +
          `grid cannot represent. Reconstruct the series without tilt.`,
        {
          files: [at(sorted, 0).name, slice.name],
          attribute: DICOM.ImagePositionPatient.keyword,
          dicomTag: DICOM.ImagePositionPatient.tag,
          inPlaneShiftMm: inPlane,
          toleranceMm: tolerance,
        },
      );
    }
    if (Math.abs(alongError) > tolerance) {
      throw new ImagingError(
        'inconsistent-spacing',
        `Slice '${slice.name}' is ${formatMm(alongError)} mm away from where evenly spaced slices ` +
          `(${formatMm(spacing)} mm apart) would put it (tolerance ${formatMm(tolerance)} mm): the ` +
          `spacing drifts along the stack.`,
        {
          files: [slice.name],
          attribute: DICOM.ImagePositionPatient.keyword,
          dicomTag: DICOM.ImagePositionPatient.tag,
          offsetMm: alongError,
          toleranceMm: tolerance,
        },
      );
    }
  });
}
