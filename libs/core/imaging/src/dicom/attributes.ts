import type { DataSet } from 'dicom-parser';

/** A DICOM attribute the decoder reads: its keyword, its name as PS3.6 spells it, and its tag. */
export interface DicomAttribute {
  readonly keyword: string;
  readonly name: string;
  /** `(gggg,eeee)`, as coordinators see it in a DICOM viewer. */
  readonly tag: string;
  /** dicom-parser's element key, `xggggeeee`. */
  readonly key: string;
}

function attribute(keyword: string, name: string, group: number, element: number): DicomAttribute {
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');
  return {
    keyword,
    name,
    tag: `(${hex(group)},${hex(element)})`,
    key: `x${hex(group)}${hex(element)}`.toLowerCase(),
  };
}

/**
 * The attributes read from each file. Patient Name and Patient ID are deliberately absent: nothing
 * here reads, returns or logs them.
 */
export const DICOM = {
  MediaStorageSOPClassUID: attribute(
    'MediaStorageSOPClassUID',
    'Media Storage SOP Class UID',
    0x0002,
    0x0002,
  ),
  TransferSyntaxUID: attribute('TransferSyntaxUID', 'Transfer Syntax UID', 0x0002, 0x0010),
  SOPInstanceUID: attribute('SOPInstanceUID', 'SOP Instance UID', 0x0008, 0x0018),
  StudyDate: attribute('StudyDate', 'Study Date', 0x0008, 0x0020),
  Modality: attribute('Modality', 'Modality', 0x0008, 0x0060),
  Manufacturer: attribute('Manufacturer', 'Manufacturer', 0x0008, 0x0070),
  SeriesDescription: attribute('SeriesDescription', 'Series Description', 0x0008, 0x103e),
  ManufacturerModelName: attribute('ManufacturerModelName', "Manufacturer's Model Name", 0x0008, 0x1090),
  BodyPartExamined: attribute('BodyPartExamined', 'Body Part Examined', 0x0018, 0x0015),
  SequenceName: attribute('SequenceName', 'Sequence Name', 0x0018, 0x0024),
  SliceThickness: attribute('SliceThickness', 'Slice Thickness', 0x0018, 0x0050),
  MagneticFieldStrength: attribute('MagneticFieldStrength', 'Magnetic Field Strength', 0x0018, 0x0087),
  SpacingBetweenSlices: attribute('SpacingBetweenSlices', 'Spacing Between Slices', 0x0018, 0x0088),
  StudyInstanceUID: attribute('StudyInstanceUID', 'Study Instance UID', 0x0020, 0x000d),
  SeriesInstanceUID: attribute('SeriesInstanceUID', 'Series Instance UID', 0x0020, 0x000e),
  ImagePositionPatient: attribute('ImagePositionPatient', 'Image Position (Patient)', 0x0020, 0x0032),
  ImageOrientationPatient: attribute(
    'ImageOrientationPatient',
    'Image Orientation (Patient)',
    0x0020,
    0x0037,
  ),
  FrameOfReferenceUID: attribute('FrameOfReferenceUID', 'Frame of Reference UID', 0x0020, 0x0052),
  SamplesPerPixel: attribute('SamplesPerPixel', 'Samples per Pixel', 0x0028, 0x0002),
  PhotometricInterpretation: attribute(
    'PhotometricInterpretation',
    'Photometric Interpretation',
    0x0028,
    0x0004,
  ),
  NumberOfFrames: attribute('NumberOfFrames', 'Number of Frames', 0x0028, 0x0008),
  Rows: attribute('Rows', 'Rows', 0x0028, 0x0010),
  Columns: attribute('Columns', 'Columns', 0x0028, 0x0011),
  PixelSpacing: attribute('PixelSpacing', 'Pixel Spacing', 0x0028, 0x0030),
  BitsAllocated: attribute('BitsAllocated', 'Bits Allocated', 0x0028, 0x0100),
  BitsStored: attribute('BitsStored', 'Bits Stored', 0x0028, 0x0101),
  HighBit: attribute('HighBit', 'High Bit', 0x0028, 0x0102),
  PixelRepresentation: attribute('PixelRepresentation', 'Pixel Representation', 0x0028, 0x0103),
  RescaleIntercept: attribute('RescaleIntercept', 'Rescale Intercept', 0x0028, 0x1052),
  RescaleSlope: attribute('RescaleSlope', 'Rescale Slope', 0x0028, 0x1053),
  PixelData: attribute('PixelData', 'Pixel Data', 0x7fe0, 0x0010),
} as const;

/** `Pixel Spacing (0028,0030)`: how messages name an attribute. */
export function attributeLabel(attribute: DicomAttribute): string {
  return `${attribute.name} ${attribute.tag}`;
}

/** Why an attribute could not be read; the caller turns it into an error naming the file. */
export class AttributeProblem {
  constructor(
    readonly attribute: DicomAttribute,
    readonly reason: string,
  ) {}
}

/** A string attribute, trimmed; undefined when absent or empty (a Type 2 attribute may be empty). */
export function readText(dataSet: DataSet, attribute: DicomAttribute): string | undefined {
  const text = dataSet.string(attribute.key);
  return text === undefined || text.length === 0 ? undefined : text;
}

/**
 * A Decimal String (DS) or Integer String (IS) attribute with `count` values.
 * Undefined when absent or empty; an {@link AttributeProblem} when present but not `count` numbers.
 */
export function readDecimals(
  dataSet: DataSet,
  attribute: DicomAttribute,
  count: number,
): number[] | undefined | AttributeProblem {
  const text = readText(dataSet, attribute);
  if (text === undefined) return undefined;
  const parts = text.split('\\');
  // Number('') is 0 and Number(' 1') is 1: reject empty parts explicitly, trim the rest.
  const values = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part.trim())));
  if (values.length !== count || !values.every(Number.isFinite)) {
    return new AttributeProblem(
      attribute,
      `must hold ${count} number${count === 1 ? '' : 's'}, found '${text}'`,
    );
  }
  return values;
}

/** A single DS/IS value; see {@link readDecimals}. */
export function readDecimal(
  dataSet: DataSet,
  attribute: DicomAttribute,
): number | undefined | AttributeProblem {
  const values = readDecimals(dataSet, attribute, 1);
  return Array.isArray(values) ? values[0] : values;
}

/** An unsigned short (US) attribute; undefined when absent. */
export function readUint16(dataSet: DataSet, attribute: DicomAttribute): number | undefined {
  const element = dataSet.elements[attribute.key];
  if (element === undefined || element.length < 2) return undefined;
  return dataSet.uint16(attribute.key);
}
