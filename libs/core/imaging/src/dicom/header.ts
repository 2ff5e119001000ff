import type { DicomSlice } from './slice';

/**
 * What the acquisition check and the audit trail need to know about a series, without any patient
 * identity (no name, no ID, no birth date). Optional attributes are undefined when the files do not
 * record them (absent or empty). Values are those of the first slice in slice order.
 */
export interface DicomSeriesHeader {
  /** Modality (0008,0060), e.g. `MR`, `CT`. */
  readonly modality: string;
  /** Manufacturer (0008,0070). */
  readonly manufacturer?: string;
  /** Manufacturer's Model Name (0008,1090). */
  readonly manufacturerModelName?: string;
  /**
   * Magnetic Field Strength (0018,0087) in tesla. Values above 100 are read as gauss (some older
   * scanners wrote `15000` for 1.5 T) and converted. Note that scanners sold as 3 T may record their
   * exact field, e.g. `2.89362`: protocols should set ranges, not exact values.
   */
  readonly magneticFieldStrengthTesla?: number;
  /** Sequence Name (0018,0024). */
  readonly sequenceName?: string;
  /** Slice Thickness (0018,0050), mm: the nominal thickness, not the spacing between slices. */
  readonly sliceThicknessMm?: number;
  /** Study Instance UID (0020,000D). */
  readonly studyInstanceUid: string;
  /** Series Instance UID (0020,000E). */
  readonly seriesInstanceUid: string;
  /** SOP Instance UID (0008,0018) of every slice, in slice order: entry k is slice k of the volume. */
  readonly sopInstanceUids: readonly string[];
  /** Body Part Examined (0018,0015), a DICOM defined term such as `BREAST`. */
  readonly bodyPartExamined?: string;
  /** Study Date (0008,0020) as ISO `YYYY-MM-DD`; undefined when absent or not a valid date. */
  readonly studyDate?: string;
}

/** The header of a series from its slices in slice order. */
export function summarizeSeriesHeader(sortedSlices: readonly DicomSlice[]): DicomSeriesHeader {
  const first = sortedSlices[0];
  if (first === undefined) throw new RangeError('a series has at least one slice');
  return {
    modality: first.modality,
    manufacturer: first.manufacturer,
    manufacturerModelName: first.manufacturerModelName,
    magneticFieldStrengthTesla: first.magneticFieldStrengthTesla,
    sequenceName: first.sequenceName,
    sliceThicknessMm: first.sliceThicknessMm,
    studyInstanceUid: first.studyInstanceUid,
    seriesInstanceUid: first.seriesInstanceUid,
    sopInstanceUids: sortedSlices.map((slice) => slice.sopInstanceUid),
    bodyPartExamined: first.bodyPartExamined,
    studyDate: isoDate(first.studyDate),
  };
}

/**
 * DICOM DA `YYYYMMDD` (or the pre-1993 ACR-NEMA `YYYY.MM.DD` still found in old archives) → ISO
 * `YYYY-MM-DD`; undefined for anything else, including impossible dates such as `20260230`.
 */
export function isoDate(da: string | undefined): string | undefined {
  const match = da === undefined ? null : /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da);
  if (!match) return undefined;
  const [, year, month, day] = match;
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : undefined;
}
