import { ImagingError } from '../errors';
import type { Vec3 } from '../volume';
import {
  attributeLabel,
  AttributeProblem,
  DICOM,
  readDecimal,
  readDecimals,
  readText,
  readUint16,
  type DicomAttribute,
} from './attributes';
import type { DicomInstance } from './read-file';

/** Photometric interpretations accepted: single-channel greyscale. */
export type Monochrome = 'MONOCHROME1' | 'MONOCHROME2';

/** One single-frame greyscale image with everything needed to place it and read its pixels. */
export interface DicomSlice {
  readonly name: string;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly modality: string;
  readonly rows: number;
  readonly columns: number;
  /** As stored: [row spacing (between rows, along a column), column spacing (between columns)], mm. */
  readonly pixelSpacing: readonly [number, number];
  /** Row direction (x, y, z) then column direction (x, y, z), as stored. */
  readonly orientation: readonly number[];
  /** Centre of the first transmitted pixel (top left), LPS mm. */
  readonly position: Vec3;
  readonly photometricInterpretation: Monochrome;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  /** Exactly rows·columns·bitsAllocated/8 bytes of native pixel data (a view, not a copy). */
  readonly pixelData: Uint8Array;
  readonly studyDate: string | undefined;
  readonly manufacturer: string | undefined;
  readonly manufacturerModelName: string | undefined;
  readonly bodyPartExamined: string | undefined;
  readonly sequenceName: string | undefined;
  readonly sliceThicknessMm: number | undefined;
  readonly spacingBetweenSlicesMm: number | undefined;
  readonly magneticFieldStrengthTesla: number | undefined;
}

/**
 * Above this a Magnetic Field Strength is taken to be in gauss and divided by 10 000: DICOM specifies
 * tesla, but some older scanners recorded e.g. `15000` for 1.5 T; no MR magnet reaches 100 T.
 */
export const GAUSS_THRESHOLD = 100;
const GAUSS_PER_TESLA = 10_000;

/**
 * Reads and checks the image attributes of one instance.
 *
 * Refused (`unsupported-dicom`): multi-frame images, Samples per Pixel other than 1, photometric
 * interpretations other than MONOCHROME1/2, Bits Allocated other than 8 or 16, High Bit other than
 * Bits Stored − 1. MONOCHROME1 is accepted and NOT inverted: it tells a viewer to display low values
 * bright, while the values themselves (after the rescale) keep their meaning, and radiomics reads
 * values, not display.
 *
 * @throws {ImagingError} `malformed-dicom` for missing or invalid attributes or truncated pixel data,
 *   `unsupported-dicom` for the formats above.
 */
export function readDicomSlice(instance: DicomInstance): DicomSlice {
  const { dataSet, name } = instance;
  const fail = (code: 'malformed-dicom' | 'unsupported-dicom', attribute: DicomAttribute, text: string) =>
    new ImagingError(code, `File '${name}': ${text}`, {
      files: [name],
      attribute: attribute.keyword,
      dicomTag: attribute.tag,
    });
  const missing = (attribute: DicomAttribute) =>
    fail(
      'malformed-dicom',
      attribute,
      `${attributeLabel(attribute)} is missing; the volume cannot be built without it. Export the ` +
        `series again from the scanner or PACS.`,
    );
  const invalid = (problem: AttributeProblem) =>
    fail('malformed-dicom', problem.attribute, `${attributeLabel(problem.attribute)} ${problem.reason}.`);
  const required = <T>(attribute: DicomAttribute, value: T | undefined | AttributeProblem): T => {
    if (value instanceof AttributeProblem) throw invalid(value);
    if (value === undefined) throw missing(attribute);
    return value;
  };
  const optional = <T>(value: T | undefined | AttributeProblem): T | undefined => {
    if (value instanceof AttributeProblem) throw invalid(value);
    return value;
  };

  const frames = optional(readDecimal(dataSet, DICOM.NumberOfFrames));
  if (frames !== undefined && frames > 1) {
    throw fail(
      'unsupported-dicom',
      DICOM.NumberOfFrames,
      `is a multi-frame image (${frames} frames in one file); only series of single-frame images ` +
        `(one file per slice) are supported.`,
    );
  }

  const modality = required(DICOM.Modality, instance.modality);
  const studyInstanceUid = required(DICOM.StudyInstanceUID, readText(dataSet, DICOM.StudyInstanceUID));
  const samplesPerPixel = required(DICOM.SamplesPerPixel, readUint16(dataSet, DICOM.SamplesPerPixel));
  if (samplesPerPixel !== 1) {
    throw fail(
      'unsupported-dicom',
      DICOM.SamplesPerPixel,
      `has ${samplesPerPixel} samples per pixel (a colour image); only greyscale images (1 sample) ` +
        `are supported.`,
    );
  }
  const photometric = required(
    DICOM.PhotometricInterpretation,
    readText(dataSet, DICOM.PhotometricInterpretation),
  );
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') {
    throw fail(
      'unsupported-dicom',
      DICOM.PhotometricInterpretation,
      `has ${attributeLabel(DICOM.PhotometricInterpretation)} '${photometric}'; only greyscale ` +
        `images (MONOCHROME1 or MONOCHROME2) are supported.`,
    );
  }
  const bitsAllocated = required(DICOM.BitsAllocated, readUint16(dataSet, DICOM.BitsAllocated));
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw fail(
      'unsupported-dicom',
      DICOM.BitsAllocated,
      `stores ${bitsAllocated} bits per pixel; only 8 and 16 are supported.`,
    );
  }
  const bitsStored = required(DICOM.BitsStored, readUint16(dataSet, DICOM.BitsStored));
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw fail(
      'malformed-dicom',
      DICOM.BitsStored,
      `${attributeLabel(DICOM.BitsStored)} is ${bitsStored}, which must be from 1 to Bits Allocated ` +
        `(${bitsAllocated}).`,
    );
  }
  // PS3.3 C.7.6.3.1: the image IODs used for radiomics (CT, MR, PET…) require High Bit = Bits Stored − 1;
  // other bit layouts exist only in retired overlay-in-pixel encodings.
  const highBit = readUint16(dataSet, DICOM.HighBit) ?? bitsStored - 1;
  if (highBit !== bitsStored - 1) {
    throw fail(
      'unsupported-dicom',
      DICOM.HighBit,
      `${attributeLabel(DICOM.HighBit)} is ${highBit} with ${bitsStored} bits stored; only High Bit = ` +
        `Bits Stored − 1 is supported.`,
    );
  }
  const pixelRepresentation = required(
    DICOM.PixelRepresentation,
    readUint16(dataSet, DICOM.PixelRepresentation),
  );
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw fail(
      'malformed-dicom',
      DICOM.PixelRepresentation,
      `${attributeLabel(DICOM.PixelRepresentation)} is ${pixelRepresentation}; it must be 0 ` +
        `(unsigned) or 1 (signed).`,
    );
  }

  const rows = required(DICOM.Rows, readUint16(dataSet, DICOM.Rows));
  const columns = required(DICOM.Columns, readUint16(dataSet, DICOM.Columns));
  for (const [attribute, value] of [
    [DICOM.Rows, rows],
    [DICOM.Columns, columns],
  ] as const) {
    if (value < 1) throw fail('malformed-dicom', attribute, `${attributeLabel(attribute)} is 0.`);
  }
  const pixelSpacing = required(DICOM.PixelSpacing, readDecimals(dataSet, DICOM.PixelSpacing, 2));
  if (!pixelSpacing.every((value) => value > 0)) {
    throw fail(
      'malformed-dicom',
      DICOM.PixelSpacing,
      `${attributeLabel(DICOM.PixelSpacing)} is ${pixelSpacing.join('\\')}; both values must be positive.`,
    );
  }
  const orientation = required(
    DICOM.ImageOrientationPatient,
    readDecimals(dataSet, DICOM.ImageOrientationPatient, 6),
  );
  const position = required(DICOM.ImagePositionPatient, readDecimals(dataSet, DICOM.ImagePositionPatient, 3));

  const rescaleSlope = optional(readDecimal(dataSet, DICOM.RescaleSlope)) ?? 1;
  const rescaleIntercept = optional(readDecimal(dataSet, DICOM.RescaleIntercept)) ?? 0;
  if (rescaleSlope === 0) {
    throw fail(
      'malformed-dicom',
      DICOM.RescaleSlope,
      `${attributeLabel(DICOM.RescaleSlope)} is 0, which would make every pixel the same value.`,
    );
  }

  const pixelData = readPixelData(instance, rows * columns * (bitsAllocated / 8), fail, missing);
  const fieldStrength = optional(readDecimal(dataSet, DICOM.MagneticFieldStrength));

  return {
    name,
    sopInstanceUid: instance.sopInstanceUid,
    seriesInstanceUid: instance.seriesInstanceUid,
    studyInstanceUid,
    frameOfReferenceUid: readText(dataSet, DICOM.FrameOfReferenceUID),
    modality,
    rows,
    columns,
    pixelSpacing: [pixelSpacing[0] as number, pixelSpacing[1] as number],
    orientation,
    position: [position[0] as number, position[1] as number, position[2] as number],
    photometricInterpretation: photometric,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    rescaleSlope,
    rescaleIntercept,
    pixelData,
    studyDate: readText(dataSet, DICOM.StudyDate),
    manufacturer: readText(dataSet, DICOM.Manufacturer),
    manufacturerModelName: readText(dataSet, DICOM.ManufacturerModelName),
    bodyPartExamined: readText(dataSet, DICOM.BodyPartExamined),
    sequenceName: readText(dataSet, DICOM.SequenceName),
    sliceThicknessMm: optional(readDecimal(dataSet, DICOM.SliceThickness)),
    spacingBetweenSlicesMm: optional(readDecimal(dataSet, DICOM.SpacingBetweenSlices)),
    magneticFieldStrengthTesla:
      fieldStrength !== undefined && fieldStrength > GAUSS_THRESHOLD
        ? fieldStrength / GAUSS_PER_TESLA
        : fieldStrength,
  };
}

function readPixelData(
  instance: DicomInstance,
  expectedBytes: number,
  fail: (code: 'malformed-dicom', attribute: DicomAttribute, text: string) => ImagingError,
  missing: (attribute: DicomAttribute) => ImagingError,
): Uint8Array {
  const { dataSet } = instance;
  const element = dataSet.elements[DICOM.PixelData.key];
  if (element === undefined) throw missing(DICOM.PixelData);
  if (element.encapsulatedPixelData === true || element.hadUndefinedLength === true) {
    throw fail(
      'malformed-dicom',
      DICOM.PixelData,
      `${attributeLabel(DICOM.PixelData)} is encapsulated (compressed), but the file declares an ` +
        `uncompressed transfer syntax.`,
    );
  }
  // dicom-parser does not check an implicit-VR element's length against the end of the file, and a
  // declared length can exceed what is there: check both against the bytes present.
  const present = Math.min(element.length, dataSet.byteArray.length - element.dataOffset);
  if (present < expectedBytes) {
    throw fail(
      'malformed-dicom',
      DICOM.PixelData,
      `the pixel data is incomplete: ${Math.max(present, 0)} bytes present, ${expectedBytes} needed for ` +
        `the image size. The file was probably cut off; export the series again.`,
    );
  }
  return dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + expectedBytes);
}
