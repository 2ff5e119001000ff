import { dicomUid } from '../dicom-uid';
import type { Random } from '../random';
import type { Volume } from './lesion-volume';

/** Explicit VR Little Endian, the transfer syntax every DICOM reader supports. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Storage SOP classes of the single-frame image IODs written here. */
export const SOP_CLASS = {
  MR: '1.2.840.10008.5.1.4.1.1.4',
  CT: '1.2.840.10008.5.1.4.1.1.2',
} as const;

/** Identifies this writer in every file's meta header (0002,0012); a 2.25 UID derived once. */
const IMPLEMENTATION_CLASS_UID = '2.25.163004727961846207925218436839420813313';
const IMPLEMENTATION_VERSION = 'PROSPECT_SYNTH_1';

/** Acquisition attributes a protocol may constrain (see the protocol's `baselineImaging.acquisition`). */
export interface DicomAcquisition {
  /** Manufacturer (0008,0070). */
  readonly manufacturer: string;
  /** Manufacturer's Model Name (0008,1090). */
  readonly model?: string;
  /** Magnetic Field Strength (0018,0087), MR only. */
  readonly magneticFieldStrengthTesla?: number;
  /** Sequence Name (0018,0024), MR only. */
  readonly sequenceName?: string;
  /** Slice Thickness (0018,0050); defaults to the volume's z spacing. */
  readonly sliceThicknessMm?: number;
}

export interface DicomSeriesOptions {
  /** The image; voxel (x, y, z) becomes column x, row y of slice z. */
  readonly volume: Volume<Int16Array>;
  readonly modality: keyof typeof SOP_CLASS;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber?: number;
  readonly seriesDescription?: string;
  /** Body Part Examined (0018,0015), a DICOM defined term such as `WHOLEBODY` or `BREAST`. */
  readonly bodyPartExamined?: string;
  /** Acquisition date and time, ISO-8601 UTC; written as Study/Series/Acquisition Date and Time. */
  readonly acquiredAt: string;
  readonly patient: {
    /** DICOM person name, `Family^Given`. Synthetic only. */
    readonly name: string;
    readonly id: string;
    /** `YYYY-MM-DD`. */
    readonly birthDate?: string;
    readonly sex?: 'M' | 'F' | 'O';
  };
  readonly acquisition: DicomAcquisition;
  /**
   * Modality LUT: stored values are `(value − intercept) / slope`, and readers recover the value as
   * `stored × slope + intercept`. Every value must give an int16 stored value. Omitted: no rescale
   * attributes (MR), or slope 1, intercept 0 (CT, where they are required).
   */
  readonly rescale?: { readonly slope: number; readonly intercept: number };
}

/** One DICOM Part 10 file of a series. */
export interface DicomFile {
  readonly instanceNumber: number;
  readonly sopInstanceUid: string;
  readonly bytes: Uint8Array;
}

/**
 * Encodes a volume as a DICOM series: one single-frame MR or CT Image Storage file (DICOM Part 10,
 * Explicit VR Little Endian) per slice, 16-bit signed pixels, MONOCHROME2.
 *
 * Geometry: the volume has the grid of the NIfTI file written for it (voxel (i, j, k) at
 * (i·sx, j·sy, k·sz) mm in RAS), expressed in DICOM's LPS patient coordinates: Image Orientation
 * (Patient) `-1\0\0\0\-1\0`, Image Position (Patient) of slice k `(0, 0, k·sz)`, Pixel Spacing
 * `sy\sx` (row spacing first), Spacing Between Slices `sz`. A reader that turns LPS into RAS
 * therefore puts every voxel where the NIfTI file does.
 *
 * @param random - Draws the SOP Instance UIDs and the Frame of Reference UID.
 * @returns The files in slice order (instance number 1 is slice 0).
 * @throws {RangeError} for dimensions beyond 65535 per slice side, a non-positive spacing or
 *   rescale slope, or a value that the rescale cannot store as int16.
 */
export function encodeDicomSeries(random: Random, options: DicomSeriesOptions): DicomFile[] {
  const { volume, modality, acquisition } = options;
  const [nx, ny, nz] = volume.dims;
  const [sx, sy, sz] = volume.spacingMm;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1 && n <= 65535)) {
    throw new RangeError(`dims must be integers from 1 to 65535, got ${volume.dims.join('×')}`);
  }
  if (![sx, sy, sz].every((s) => Number.isFinite(s) && s > 0)) {
    throw new RangeError(`spacingMm must be positive, got ${volume.spacingMm.join('×')}`);
  }
  if (volume.data.length !== nx * ny * nz) {
    throw new RangeError(`data has ${volume.data.length} voxels, dims need ${nx * ny * nz}`);
  }
  const rescale = options.rescale ?? (modality === 'CT' ? { slope: 1, intercept: 0 } : undefined);
  if (
    rescale &&
    !(Number.isFinite(rescale.slope) && rescale.slope > 0 && Number.isFinite(rescale.intercept))
  ) {
    throw new RangeError(`rescale slope must be positive and intercept finite`);
  }
  const frameOfReferenceUid = dicomUid(random);
  const acquired = dicomDateTime(options.acquiredAt);
  const files: DicomFile[] = [];
  for (let k = 0; k < nz; k++) {
    const sopInstanceUid = dicomUid(random);
    const pixels = new Int16Array(nx * ny);
    for (let index = 0; index < nx * ny; index++) {
      const value = volume.data[k * nx * ny + index] as number;
      const stored = rescale ? (value - rescale.intercept) / rescale.slope : value;
      if (!Number.isInteger(stored) || stored < -32768 || stored > 32767) {
        throw new RangeError(`voxel value ${value} has no int16 stored value under the rescale`);
      }
      pixels[index] = stored;
    }
    const dataset = new DatasetWriter();
    dataset.string(0x0008, 0x0008, 'CS', 'ORIGINAL\\PRIMARY');
    dataset.string(0x0008, 0x0016, 'UI', SOP_CLASS[modality]);
    dataset.string(0x0008, 0x0018, 'UI', sopInstanceUid);
    dataset.string(0x0008, 0x0020, 'DA', acquired.date);
    dataset.string(0x0008, 0x0021, 'DA', acquired.date);
    dataset.string(0x0008, 0x0022, 'DA', acquired.date);
    dataset.string(0x0008, 0x0030, 'TM', acquired.time);
    dataset.string(0x0008, 0x0031, 'TM', acquired.time);
    dataset.string(0x0008, 0x0032, 'TM', acquired.time);
    dataset.string(0x0008, 0x0050, 'SH', '');
    dataset.string(0x0008, 0x0060, 'CS', modality);
    dataset.string(0x0008, 0x0070, 'LO', acquisition.manufacturer);
    dataset.string(0x0008, 0x0090, 'PN', '');
    dataset.string(0x0008, 0x103e, 'LO', options.seriesDescription ?? '');
    if (acquisition.model !== undefined) dataset.string(0x0008, 0x1090, 'LO', acquisition.model);
    dataset.string(0x0010, 0x0010, 'PN', options.patient.name);
    dataset.string(0x0010, 0x0020, 'LO', options.patient.id);
    dataset.string(0x0010, 0x0030, 'DA', options.patient.birthDate?.replaceAll('-', '') ?? '');
    dataset.string(0x0010, 0x0040, 'CS', options.patient.sex ?? '');
    if (options.bodyPartExamined !== undefined)
      dataset.string(0x0018, 0x0015, 'CS', options.bodyPartExamined);
    if (modality === 'MR') {
      dataset.string(0x0018, 0x0020, 'CS', 'EP');
      dataset.string(0x0018, 0x0021, 'CS', 'SK\\SP');
      dataset.string(0x0018, 0x0022, 'CS', '');
      dataset.string(0x0018, 0x0023, 'CS', '2D');
      if (acquisition.sequenceName !== undefined)
        dataset.string(0x0018, 0x0024, 'SH', acquisition.sequenceName);
    }
    dataset.string(0x0018, 0x0050, 'DS', ds(acquisition.sliceThicknessMm ?? sz));
    if (modality === 'MR') {
      dataset.string(0x0018, 0x0080, 'DS', '5000');
      dataset.string(0x0018, 0x0081, 'DS', '70');
      if (acquisition.magneticFieldStrengthTesla !== undefined) {
        dataset.string(0x0018, 0x0087, 'DS', ds(acquisition.magneticFieldStrengthTesla));
      }
      dataset.string(0x0018, 0x0088, 'DS', ds(sz));
      dataset.string(0x0018, 0x0091, 'IS', '1');
    } else {
      dataset.string(0x0018, 0x0060, 'DS', '120');
    }
    dataset.string(0x0020, 0x000d, 'UI', options.studyInstanceUid);
    dataset.string(0x0020, 0x000e, 'UI', options.seriesInstanceUid);
    dataset.string(0x0020, 0x0010, 'SH', '1');
    dataset.string(0x0020, 0x0011, 'IS', String(options.seriesNumber ?? 1));
    dataset.string(0x0020, 0x0013, 'IS', String(k + 1));
    dataset.string(0x0020, 0x0032, 'DS', ['0', '0', ds(k * sz)].join('\\'));
    dataset.string(0x0020, 0x0037, 'DS', '-1\\0\\0\\0\\-1\\0');
    dataset.string(0x0020, 0x0052, 'UI', frameOfReferenceUid);
    dataset.string(0x0020, 0x1040, 'LO', '');
    dataset.string(0x0020, 0x1041, 'DS', ds(k * sz));
    dataset.uint16(0x0028, 0x0002, 1);
    dataset.string(0x0028, 0x0004, 'CS', 'MONOCHROME2');
    dataset.uint16(0x0028, 0x0010, ny);
    dataset.uint16(0x0028, 0x0011, nx);
    dataset.string(0x0028, 0x0030, 'DS', `${ds(sy)}\\${ds(sx)}`);
    dataset.uint16(0x0028, 0x0100, 16);
    dataset.uint16(0x0028, 0x0101, 16);
    dataset.uint16(0x0028, 0x0102, 15);
    dataset.uint16(0x0028, 0x0103, 1);
    if (rescale) {
      dataset.string(0x0028, 0x1052, 'DS', ds(rescale.intercept));
      dataset.string(0x0028, 0x1053, 'DS', ds(rescale.slope));
      dataset.string(0x0028, 0x1054, 'LO', modality === 'CT' ? 'HU' : 'US');
    }
    dataset.binary(0x7fe0, 0x0010, 'OW', new Uint8Array(pixels.buffer));
    files.push({
      instanceNumber: k + 1,
      sopInstanceUid,
      bytes: part10(SOP_CLASS[modality], sopInstanceUid, dataset.bytes()),
    });
  }
  return files;
}

/** Preamble, `DICM`, the file meta group, then the dataset. */
function part10(sopClassUid: string, sopInstanceUid: string, dataset: Uint8Array): Uint8Array {
  const meta = new DatasetWriter();
  meta.binary(0x0002, 0x0001, 'OB', new Uint8Array([0, 1]));
  meta.string(0x0002, 0x0002, 'UI', sopClassUid);
  meta.string(0x0002, 0x0003, 'UI', sopInstanceUid);
  meta.string(0x0002, 0x0010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN);
  meta.string(0x0002, 0x0012, 'UI', IMPLEMENTATION_CLASS_UID);
  meta.string(0x0002, 0x0013, 'SH', IMPLEMENTATION_VERSION);
  const metaBytes = meta.bytes();
  const groupLength = new DatasetWriter();
  groupLength.uint32(0x0002, 0x0000, metaBytes.length);
  const header = groupLength.bytes();
  const out = new Uint8Array(132 + header.length + metaBytes.length + dataset.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(header, 132);
  out.set(metaBytes, 132 + header.length);
  out.set(dataset, 132 + header.length + metaBytes.length);
  return out;
}

/** VRs whose length field is 4 bytes after 2 reserved bytes (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR']);

const ASCII = new TextEncoder();

/** Explicit VR little-endian data elements; tags must come in ascending order, as PS3.5 7.1 requires. */
class DatasetWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private lastTag = -1;

  string(group: number, element: number, vr: string, value: string): void {
    if (!/^[\x20-\x7e]*$/.test(value)) {
      throw new RangeError(
        `(${hex(group)},${hex(element)}) ${vr}: only printable ASCII is written, got ${JSON.stringify(value)}`,
      );
    }
    const padded = value.length % 2 === 0 ? value : value + (vr === 'UI' ? '\0' : ' ');
    this.element(group, element, vr, ASCII.encode(padded));
  }

  uint16(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setUint16(0, value, true);
    this.element(group, element, 'US', bytes);
  }

  uint32(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.element(group, element, 'UL', bytes);
  }

  binary(group: number, element: number, vr: 'OB' | 'OW', value: Uint8Array): void {
    const padded = value.length % 2 === 0 ? value : new Uint8Array([...value, 0]);
    this.element(group, element, vr, padded);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private element(group: number, element: number, vr: string, value: Uint8Array): void {
    const tag = group * 0x10000 + element;
    if (tag <= this.lastTag) throw new Error(`(${hex(group)},${hex(element)}) written out of tag order`);
    this.lastTag = tag;
    const long = LONG_VRS.has(vr);
    const header = new Uint8Array(long ? 12 : 8);
    const view = new DataView(header.buffer);
    view.setUint16(0, group, true);
    view.setUint16(2, element, true);
    header[4] = vr.charCodeAt(0);
    header[5] = vr.charCodeAt(1);
    if (long) {
      view.setUint32(8, value.length, true);
    } else {
      if (value.length > 0xffff)
        throw new RangeError(`(${hex(group)},${hex(element)}) ${vr}: value too long`);
      view.setUint16(6, value.length, true);
    }
    this.chunks.push(header, value);
    this.length += header.length + value.length;
  }
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

/** A Decimal String value: at most 16 characters, no exponent for ordinary magnitudes. */
function ds(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value must be finite, got ${value}`);
  for (let digits = 10; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw new RangeError(`DS value ${value} does not fit in 16 characters`);
}

/** `2026-03-01T09:30:00.000Z` → DA `20260301`, TM `093000`. */
function dicomDateTime(iso: string): { date: string; time: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(iso);
  if (!match) throw new RangeError(`acquiredAt must be an ISO-8601 date or date-time, got ${iso}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  return { date: `${y}${mo}${d}`, time: `${h}${mi}${s}` };
}
