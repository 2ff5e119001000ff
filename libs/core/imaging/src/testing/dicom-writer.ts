// Test support, not exported from the library: a minimal DICOM Part 10 writer, so specs can build
// files the synthetic series writer never produces (implicit VR, 8-bit, other series, edited
// positions). Independent of the decoder under test; dicom-parser is only used to read elements out.
import { parseDicom } from 'dicom-parser';

export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** Tags as numbers, 0xGGGGEEEE. */
export const TAG = {
  MediaStorageSOPClassUID: 0x00020002,
  MediaStorageSOPInstanceUID: 0x00020003,
  TransferSyntaxUID: 0x00020010,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  Modality: 0x00080060,
  Manufacturer: 0x00080070,
  SeriesDescription: 0x0008103e,
  ManufacturerModelName: 0x00081090,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  SequenceName: 0x00180024,
  SliceThickness: 0x00180050,
  MagneticFieldStrength: 0x00180087,
  SpacingBetweenSlices: 0x00180088,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  InstanceNumber: 0x00200013,
  ImagePositionPatient: 0x00200032,
  ImageOrientationPatient: 0x00200037,
  FrameOfReferenceUID: 0x00200052,
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelSpacing: 0x00280030,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  RescaleIntercept: 0x00281052,
  RescaleSlope: 0x00281053,
  PixelData: 0x7fe00010,
} as const;

/** VRs of the tags above that a test may add (existing elements keep their own VR). */
const VR_OF: Readonly<Record<number, string>> = {
  [TAG.SOPClassUID]: 'UI',
  [TAG.SOPInstanceUID]: 'UI',
  [TAG.StudyDate]: 'DA',
  [TAG.Modality]: 'CS',
  [TAG.Manufacturer]: 'LO',
  [TAG.SeriesDescription]: 'LO',
  [TAG.ManufacturerModelName]: 'LO',
  [TAG.SequenceName]: 'SH',
  [TAG.SliceThickness]: 'DS',
  [TAG.MagneticFieldStrength]: 'DS',
  [TAG.SpacingBetweenSlices]: 'DS',
  [TAG.StudyInstanceUID]: 'UI',
  [TAG.SeriesInstanceUID]: 'UI',
  [TAG.InstanceNumber]: 'IS',
  [TAG.ImagePositionPatient]: 'DS',
  [TAG.ImageOrientationPatient]: 'DS',
  [TAG.FrameOfReferenceUID]: 'UI',
  [TAG.SamplesPerPixel]: 'US',
  [TAG.PhotometricInterpretation]: 'CS',
  [TAG.NumberOfFrames]: 'IS',
  [TAG.Rows]: 'US',
  [TAG.Columns]: 'US',
  [TAG.PixelSpacing]: 'DS',
  [TAG.BitsAllocated]: 'US',
  [TAG.BitsStored]: 'US',
  [TAG.HighBit]: 'US',
  [TAG.PixelRepresentation]: 'US',
  [TAG.RescaleIntercept]: 'DS',
  [TAG.RescaleSlope]: 'DS',
  [TAG.PixelData]: 'OW',
};

/** A value: text (string VRs), numbers (US/UL), or raw bytes. */
export type TestValue = string | number | readonly number[] | Uint8Array;

export interface TestElement {
  readonly tag: number;
  readonly vr: string;
  readonly value: TestValue;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UT', 'UN', 'UC', 'UR']);

function encodeValue(vr: string, value: TestValue): Uint8Array {
  if (value instanceof Uint8Array) return value.length % 2 === 0 ? value : Uint8Array.of(...value, 0);
  if (typeof value === 'string') {
    const padded = value.length % 2 === 0 ? value : value + (vr === 'UI' ? '\0' : ' ');
    return Uint8Array.from(padded, (character) => character.charCodeAt(0));
  }
  const numbers = typeof value === 'number' ? [value] : value;
  const width = vr === 'UL' ? 4 : 2;
  const bytes = new Uint8Array(numbers.length * width);
  const view = new DataView(bytes.buffer);
  numbers.forEach((number, index) =>
    width === 4 ? view.setUint32(index * 4, number, true) : view.setUint16(index * 2, number, true),
  );
  return bytes;
}

function encodeElement(element: TestElement, explicit: boolean): Uint8Array {
  const value = encodeValue(element.vr, element.value);
  const long = LONG_VRS.has(element.vr);
  const headerLength = explicit ? (long ? 12 : 8) : 8;
  const out = new Uint8Array(headerLength + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, element.tag >>> 16, true);
  view.setUint16(2, element.tag & 0xffff, true);
  if (!explicit) {
    view.setUint32(4, value.length, true);
  } else if (long) {
    out[4] = element.vr.charCodeAt(0);
    out[5] = element.vr.charCodeAt(1);
    view.setUint32(8, value.length, true);
  } else {
    out[4] = element.vr.charCodeAt(0);
    out[5] = element.vr.charCodeAt(1);
    view.setUint16(6, value.length, true);
  }
  out.set(value, headerLength);
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export interface WriteOptions {
  readonly transferSyntaxUid?: string;
  readonly sopClassUid?: string;
  /** Leave out the preamble, `DICM` and file meta group: a bare data set. */
  readonly bare?: boolean;
}

/** A Part 10 file: preamble, `DICM`, the meta group (explicit VR LE), then the data set. */
export function writeDicom(elements: readonly TestElement[], options: WriteOptions = {}): Uint8Array {
  const transferSyntaxUid = options.transferSyntaxUid ?? EXPLICIT_VR_LE;
  const explicit = transferSyntaxUid !== IMPLICIT_VR_LE;
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const dataSet = concat(sorted.map((element) => encodeElement(element, explicit)));
  if (options.bare === true) return dataSet;
  const sopInstance = elements.find((element) => element.tag === TAG.SOPInstanceUID)?.value;
  const meta = concat(
    [
      { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
      { tag: TAG.MediaStorageSOPClassUID, vr: 'UI', value: options.sopClassUid ?? MR_IMAGE_STORAGE },
      {
        tag: TAG.MediaStorageSOPInstanceUID,
        vr: 'UI',
        value: typeof sopInstance === 'string' ? sopInstance : '2.25.0',
      },
      { tag: TAG.TransferSyntaxUID, vr: 'UI', value: transferSyntaxUid },
    ].map((element) => encodeElement(element, true)),
  );
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: meta.length }, true);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, meta, dataSet]);
}

/** The data set elements (not the meta group) of an explicit-VR file, with their raw values. */
export function readElements(bytes: Uint8Array): TestElement[] {
  const dataSet = parseDicom(bytes);
  return Object.values(dataSet.elements)
    .filter((element) => !element.tag.startsWith('x0002'))
    .map((element) => ({
      tag: Number.parseInt(element.tag.slice(1), 16),
      vr: element.vr ?? VR_OF[Number.parseInt(element.tag.slice(1), 16)] ?? 'UN',
      value: bytes.slice(element.dataOffset, element.dataOffset + element.length),
    }));
}

/**
 * Rewrites a file with some elements changed (`undefined` removes one), optionally in another transfer
 * syntax. Values are written as given (strings are padded), so a test can put any text in any DS.
 */
export function rewriteDicom(
  bytes: Uint8Array,
  changes: Readonly<Record<number, TestValue | undefined>>,
  options: WriteOptions = {},
): Uint8Array {
  const changed = new Set(Object.keys(changes).map(Number));
  const kept = readElements(bytes).filter((element) => !changed.has(element.tag));
  const added: TestElement[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const tag = Number(key);
    if (value === undefined) continue;
    const vr = VR_OF[tag];
    if (vr === undefined) throw new Error(`rewriteDicom: no VR known for tag ${tag.toString(16)}`);
    added.push({ tag, vr, value });
  }
  const sopClass = parseDicom(bytes).string('x00020002');
  return writeDicom([...kept, ...added], { sopClassUid: sopClass, ...options });
}

/** Little-endian bytes of 16-bit values (any sign): the Pixel Data of a 16-bit image. */
export function pixelBytes16(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setUint16(index * 2, value & 0xffff, true));
  return bytes;
}
