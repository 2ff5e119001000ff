import { parseDicom, readPart10Header, type DataSet } from 'dicom-parser';
import { ImagingError } from '../errors';
import { attributeLabel, DICOM, readText, type DicomAttribute } from './attributes';
import {
  isSupportedTransferSyntax,
  transferSyntaxName,
  type SupportedTransferSyntax,
} from './transfer-syntax';

/** One file of an uploaded folder. `name` is only used in messages (a relative path is best). */
export interface DicomInputFile {
  readonly name?: string;
  readonly bytes: Uint8Array;
}

/** A file the decoder left out because it is certainly not part of an image series. */
export interface SkippedFile {
  readonly name: string;
  readonly reason: string;
}

/** A parsed DICOM Part 10 file in a supported transfer syntax; not yet checked to be an image. */
export interface DicomInstance {
  readonly name: string;
  readonly dataSet: DataSet;
  readonly transferSyntaxUid: SupportedTransferSyntax;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality: string | undefined;
  readonly seriesDescription: string | undefined;
}

export type ReadOutcome =
  | { readonly kind: 'instance'; readonly instance: DicomInstance }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile };

/** Media Storage Directory Storage: the SOP class of a DICOMDIR. */
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
/** The Part 10 preamble is 128 bytes, then the four bytes `DICM`. */
const PREFIX_OFFSET = 128;

/** The name messages use for a file: its own, or `file #n` (1-based position in the input). */
export function fileLabel(file: DicomInputFile, index: number): string {
  const name = file.name?.trim();
  return name !== undefined && name.length > 0 ? name : `file #${index + 1}`;
}

/**
 * Reads one file of a folder.
 *
 * Which files are skipped rather than refused — only files that are certainly not images of the
 * series, because a silently dropped first or last slice could not be detected afterwards:
 * - a DICOMDIR (Media Storage SOP Class 1.2.840.10008.1.3.10), an index of the folder;
 * - a file without the Part 10 marker `DICM` that does not parse as a DICOM data set either, or
 *   parses without any SOP Instance UID, Series Instance UID or Pixel Data (a `.DS_Store`,
 *   `README.txt`, `Thumbs.db`…).
 * A file that has the marker but is damaged, or that looks like a DICOM data set without the Part 10
 * header, is refused with `malformed-dicom`.
 *
 * @throws {ImagingError} `malformed-dicom`, `unsupported-transfer-syntax`.
 */
export function readDicomFile(file: DicomInputFile, index: number): ReadOutcome {
  const name = fileLabel(file, index);
  const { bytes } = file;
  if (!hasPart10Marker(bytes)) {
    if (looksLikeBareDataSet(bytes)) {
      throw new ImagingError(
        'malformed-dicom',
        `File '${name}' looks like DICOM data without the DICOM file header (no 'DICM' marker at byte ` +
          `128). Export the series again as standard DICOM files (DICOM Part 10).`,
        { files: [name] },
      );
    }
    return { kind: 'skipped', skipped: { name, reason: 'not a DICOM file (no DICM marker)' } };
  }

  const meta = parseOrRefuse(name, () => readPart10Header(bytes));
  const transferSyntaxUid = readText(meta, DICOM.TransferSyntaxUID);
  if (transferSyntaxUid === undefined) {
    throw new ImagingError(
      'malformed-dicom',
      `File '${name}' has no ${attributeLabel(DICOM.TransferSyntaxUID)} in its file header, so its ` +
        `encoding is unknown: the file is damaged or was cut off. Export the series again.`,
      { files: [name], attribute: DICOM.TransferSyntaxUID.keyword, dicomTag: DICOM.TransferSyntaxUID.tag },
    );
  }
  if (readText(meta, DICOM.MediaStorageSOPClassUID) === DICOMDIR_SOP_CLASS) {
    return { kind: 'skipped', skipped: { name, reason: 'DICOMDIR (an index of the folder, not an image)' } };
  }
  if (!isSupportedTransferSyntax(transferSyntaxUid)) {
    throw new ImagingError(
      'unsupported-transfer-syntax',
      `File '${name}' is encoded as ${transferSyntaxName(transferSyntaxUid)} (transfer syntax ` +
        `${transferSyntaxUid}). Only uncompressed DICOM is accepted (Explicit or Implicit VR Little ` +
        `Endian); export the series again without compression.`,
      {
        files: [name],
        attribute: DICOM.TransferSyntaxUID.keyword,
        dicomTag: DICOM.TransferSyntaxUID.tag,
        transferSyntaxUid,
        transferSyntaxName: transferSyntaxName(transferSyntaxUid),
      },
    );
  }

  const dataSet = parseOrRefuse(name, () => parseDicom(bytes));
  const sopInstanceUid = requireUid(dataSet, name, DICOM.SOPInstanceUID);
  const seriesInstanceUid = requireUid(dataSet, name, DICOM.SeriesInstanceUID);
  return {
    kind: 'instance',
    instance: {
      name,
      dataSet,
      transferSyntaxUid,
      sopInstanceUid,
      seriesInstanceUid,
      modality: readText(dataSet, DICOM.Modality),
      seriesDescription: readText(dataSet, DICOM.SeriesDescription),
    },
  };
}

function hasPart10Marker(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PREFIX_OFFSET + 4 &&
    bytes[PREFIX_OFFSET] === 0x44 && // D
    bytes[PREFIX_OFFSET + 1] === 0x49 && // I
    bytes[PREFIX_OFFSET + 2] === 0x43 && // C
    bytes[PREFIX_OFFSET + 3] === 0x4d // M
  );
}

/**
 * Whether bytes without the Part 10 header still parse as a DICOM data set (Implicit VR Little
 * Endian, the default of bare data sets) that identifies an instance. Arbitrary bytes can "parse" into
 * nonsense elements, so the test is for the attributes every image has.
 */
function looksLikeBareDataSet(bytes: Uint8Array): boolean {
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(bytes, { TransferSyntaxUID: IMPLICIT_VR_LITTLE_ENDIAN });
  } catch {
    return false;
  }
  return [DICOM.SOPInstanceUID, DICOM.SeriesInstanceUID, DICOM.PixelData].some(
    (attribute) => dataSet.elements[attribute.key] !== undefined,
  );
}

function parseOrRefuse(name: string, parse: () => DataSet): DataSet {
  try {
    return parse();
  } catch (error: unknown) {
    const reason = parserFailureReason(error);
    throw new ImagingError(
      'malformed-dicom',
      `File '${name}' is not a complete, readable DICOM file (${reason}). It may have been cut off ` +
        `during export or upload; export the series again.`,
      { files: [name], reason },
    );
  }
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }`; get a sentence out of any of them. */
export function parserFailureReason(error: unknown): string {
  const raw =
    typeof error === 'object' && error !== null && 'exception' in error
      ? (error as { exception: unknown }).exception
      : error;
  const text = raw instanceof Error ? raw.message : String(raw);
  // "dicomParser.readPart10Header: DICM prefix…" → "DICM prefix…": the function name helps no one.
  return text.replace(/^dicomParser[.:]\S*:\s*/, '');
}

function requireUid(dataSet: DataSet, name: string, attribute: DicomAttribute): string {
  const value = readText(dataSet, attribute);
  if (value === undefined) {
    throw new ImagingError(
      'malformed-dicom',
      `File '${name}' has no ${attributeLabel(attribute)}, which every DICOM image must have.`,
      { files: [name], attribute: attribute.keyword, dicomTag: attribute.tag },
    );
  }
  return value;
}
