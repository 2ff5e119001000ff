import { listFiles, plural } from '../format';
import { ImagingError } from '../errors';
import { at, directionFromAxes, withoutNegativeZero } from '../math';
import type { ImageVolume } from '../volume';
import { assertUniformSeries } from './consistency';
import { summarizeSeriesHeader, type DicomSeriesHeader } from './header';
import { decodePixels } from './pixels';
import { readDicomFile, type DicomInputFile, type DicomInstance, type SkippedFile } from './read-file';
import { readDicomSlice } from './slice';
import { stackSlices } from './slice-geometry';

/** A decoded series: the volume, its header summary, and the files left out (and why). */
export interface DecodedDicomSeries {
  readonly volume: ImageVolume;
  readonly header: DicomSeriesHeader;
  readonly skippedFiles: readonly SkippedFile[];
  /** For each slice of the volume, in order, the index of its file in the input: what to store in slice order. */
  readonly sliceFileIndexes: readonly number[];
}

/**
 * Decodes the files of one DICOM series (a folder as uploaded) into a volume.
 *
 * - Files: see {@link readDicomFile} for which files are skipped (DICOMDIR, non-DICOM files) and
 *   which are refused. Transfer syntaxes: Explicit and Implicit VR Little Endian only.
 * - Series: all images must share one Series Instance UID, and the attributes listed in
 *   {@link assertUniformSeries} must agree.
 * - Geometry: slices are ordered along the slice normal and must form a regular grid; see
 *   {@link stackSlices}. Voxel (i, j, k) is column i, row j of slice k; origin is the Image Position
 *   (Patient) of slice 0; direction columns are the row direction, the column direction and their
 *   cross product; spacing is [column spacing, row spacing, slice spacing], i.e. Pixel Spacing
 *   reversed (DICOM stores the row spacing first).
 * - Values: stored values are masked to Bits Stored, sign-extended when Pixel Representation is 1,
 *   and rescaled with each slice's own Rescale Slope/Intercept (defaults 1 and 0), as Float32.
 *
 * Cost: one parse per file and one pass over the pixels into a single Float32Array; nothing is
 * allocated per voxel.
 *
 * @throws {ImagingError} with codes `no-images`, `malformed-dicom`, `unsupported-transfer-syntax`,
 *   `unsupported-dicom`, `mixed-series`, `inconsistent-series`, `duplicate-slice`, `missing-slice`,
 *   `inconsistent-spacing`, `unsupported-geometry`.
 */
export function decodeDicomSeries(files: readonly DicomInputFile[]): DecodedDicomSeries {
  const instances: DicomInstance[] = [];
  const instanceFileIndexes: number[] = [];
  const skippedFiles: SkippedFile[] = [];
  files.forEach((file, index) => {
    const outcome = readDicomFile(file, index);
    if (outcome.kind === 'instance') {
      instances.push(outcome.instance);
      instanceFileIndexes.push(index);
    } else skippedFiles.push(outcome.skipped);
  });
  if (instances.length === 0) {
    throw new ImagingError(
      'no-images',
      files.length === 0
        ? 'No files were received; upload the files of one DICOM series.'
        : `None of the ${plural(files.length, 'file')} is a DICOM image (${skippedFiles
            .map((file) => `'${file.name}': ${file.reason}`)
            .join('; ')}).`,
      { files: skippedFiles.map((file) => file.name) },
    );
  }
  assertSingleSeries(instances);

  const slices = instances.map(readDicomSlice);
  assertUniformSeries(slices);
  const reference = at(slices, 0);
  const stack = stackSlices(
    slices,
    reference.orientation,
    reference.spacingBetweenSlicesMm ?? reference.sliceThicknessMm,
  );
  const sortedSlices = stack.order.map((index) => at(slices, index));

  const nx = reference.columns;
  const ny = reference.rows;
  const nz = sortedSlices.length;
  const sliceVoxels = nx * ny;
  const data = new Float32Array(sliceVoxels * nz);
  sortedSlices.forEach((slice, k) => {
    decodePixels(
      slice.pixelData,
      sliceVoxels,
      slice,
      { slope: slice.rescaleSlope, intercept: slice.rescaleIntercept },
      data,
      k * sliceVoxels,
    );
  });

  const [rowSpacing, columnSpacing] = reference.pixelSpacing;
  const volume: ImageVolume = {
    dims: [nx, ny, nz],
    spacingMm: [columnSpacing, rowSpacing, stack.sliceSpacingMm],
    origin: [
      withoutNegativeZero(stack.origin[0]),
      withoutNegativeZero(stack.origin[1]),
      withoutNegativeZero(stack.origin[2]),
    ],
    direction: directionFromAxes(stack.rowDirection, stack.columnDirection, stack.normal),
    data,
  };
  return {
    volume,
    header: summarizeSeriesHeader(sortedSlices),
    skippedFiles,
    sliceFileIndexes: stack.order.map((index) => at(instanceFileIndexes, index)),
  };
}

/** @throws {ImagingError} `mixed-series`, listing every series with its modality, description and files. */
function assertSingleSeries(instances: readonly DicomInstance[]): void {
  const series = new Map<string, DicomInstance[]>();
  for (const instance of instances) {
    const members = series.get(instance.seriesInstanceUid);
    if (members) members.push(instance);
    else series.set(instance.seriesInstanceUid, [instance]);
  }
  if (series.size <= 1) return;
  const described = [...series.entries()].map(([uid, members]) => {
    const first = at(members, 0);
    const label = [first.modality, first.seriesDescription ? `'${first.seriesDescription}'` : undefined]
      .filter((part) => part !== undefined)
      .join(' ');
    return {
      seriesInstanceUid: uid,
      modality: first.modality ?? null,
      seriesDescription: first.seriesDescription ?? null,
      files: members.map((member) => member.name),
      text: `${uid}${label ? ` (${label})` : ''}: ${plural(members.length, 'file')}, ${listFiles(
        members.map((member) => member.name),
      )}`,
    };
  });
  throw new ImagingError(
    'mixed-series',
    `The files belong to ${series.size} different series (mixed series); upload exactly one series. ` +
      `Series found: ${described.map((entry) => entry.text).join('; ')}.`,
    {
      attribute: 'SeriesInstanceUID',
      dicomTag: '(0020,000E)',
      files: described.flatMap((entry) => entry.files),
      series: described.map(({ text: _text, ...entry }) => entry),
    },
  );
}
