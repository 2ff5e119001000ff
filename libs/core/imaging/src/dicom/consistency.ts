import { listFiles } from '../format';
import { ImagingError } from '../errors';
import { attributeLabel, DICOM, type DicomAttribute } from './attributes';
import type { DicomSlice } from './slice';

/**
 * Largest difference tolerated between two slices' Pixel Spacing (mm) or Image Orientation (Patient)
 * (direction cosines). Writers round these decimal strings differently (`0.9765625` vs `0.976562`),
 * which is no difference in geometry; 1e-4 is far below any real change of protocol.
 */
export const SERIES_ATTRIBUTE_TOLERANCE = 1e-4;

interface UniformityRule {
  readonly attribute: DicomAttribute;
  readonly value: (slice: DicomSlice) => string | number | readonly number[] | undefined;
  /** Numeric vectors are compared within {@link SERIES_ATTRIBUTE_TOLERANCE}; everything else exactly. */
  readonly numeric?: boolean;
}

/** Attributes that must be the same on every slice for the slices to form one volume. */
const RULES: readonly UniformityRule[] = [
  { attribute: DICOM.StudyInstanceUID, value: (slice) => slice.studyInstanceUid },
  { attribute: DICOM.Modality, value: (slice) => slice.modality },
  { attribute: DICOM.FrameOfReferenceUID, value: (slice) => slice.frameOfReferenceUid },
  { attribute: DICOM.Rows, value: (slice) => slice.rows },
  { attribute: DICOM.Columns, value: (slice) => slice.columns },
  { attribute: DICOM.PixelSpacing, value: (slice) => slice.pixelSpacing, numeric: true },
  { attribute: DICOM.ImageOrientationPatient, value: (slice) => slice.orientation, numeric: true },
  { attribute: DICOM.PhotometricInterpretation, value: (slice) => slice.photometricInterpretation },
  { attribute: DICOM.BitsAllocated, value: (slice) => slice.bitsAllocated },
  { attribute: DICOM.BitsStored, value: (slice) => slice.bitsStored },
  { attribute: DICOM.PixelRepresentation, value: (slice) => slice.pixelRepresentation },
];

/**
 * Checks that the attributes a volume needs to be uniform are the same on every slice: study, modality,
 * frame of reference, rows, columns, pixel spacing, orientation, photometric interpretation and bit
 * layout. Rescale slope and intercept may differ per slice (they are applied per slice).
 *
 * @throws {ImagingError} `inconsistent-series`, naming the attribute, each value and its files.
 */
export function assertUniformSeries(slices: readonly DicomSlice[]): void {
  for (const rule of RULES) {
    const groups: { value: ReturnType<UniformityRule['value']>; files: string[] }[] = [];
    for (const slice of slices) {
      const value = rule.value(slice);
      const group = groups.find((candidate) => sameValue(candidate.value, value, rule.numeric === true));
      if (group) group.files.push(slice.name);
      else groups.push({ value, files: [slice.name] });
    }
    if (groups.length > 1) {
      const described = groups.map((group) => `${formatValue(group.value)} in ${listFiles(group.files)}`);
      throw new ImagingError(
        'inconsistent-series',
        `${attributeLabel(rule.attribute)} must be the same on every slice of the series, but it ` +
          `differs: ${described.join('; ')}. The files may come from different acquisitions; upload ` +
          `one series only.`,
        {
          attribute: rule.attribute.keyword,
          dicomTag: rule.attribute.tag,
          files: groups.slice(1).flatMap((group) => group.files),
          values: groups.map((group) => ({ value: formatValue(group.value), files: group.files })),
        },
      );
    }
  }
}

function sameValue(
  a: ReturnType<UniformityRule['value']>,
  b: ReturnType<UniformityRule['value']>,
  numeric: boolean,
): boolean {
  if (numeric && Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length &&
      a.every((value: number, index) => Math.abs(value - (b[index] as number)) <= SERIES_ATTRIBUTE_TOLERANCE)
    );
  }
  return a === b;
}

function formatValue(value: ReturnType<UniformityRule['value']>): string {
  if (value === undefined) return '(absent)';
  if (Array.isArray(value)) return value.join('\\');
  return String(value);
}
