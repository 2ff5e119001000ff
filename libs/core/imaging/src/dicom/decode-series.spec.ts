import { encodeNifti1 } from '@prospect/synth';
import { ImagingError } from '../errors';
import { imagingErrorOf } from '../testing/expect-imaging-error';
import { IMPLICIT_VR_LE, pixelBytes16, rewriteDicom, TAG, writeDicom } from '../testing/dicom-writer';
import {
  PATIENT_ID,
  PATIENT_NAME,
  positionCodedVolume,
  SERIES_UID,
  shuffled,
  STUDY_UID,
  syntheticSeries,
} from '../testing/synthetic-series';
import { voxelCentre } from '../volume';
import { decodeDicomSeries } from './decode-series';
import type { DicomInputFile } from './read-file';

// The default synthetic series: 7 columns × 5 rows × 6 slices, pixel spacing 0.9\0.8 (row\column),
// slices 3.5 mm apart at z = 0, 3.5, … 17.5; voxel (i, j, k) holds 1000·k + 30·j + i − 500.
const SLICE_SPACING = 3.5;
const files = syntheticSeries();
const expected = positionCodedVolume();

/** Replaces file `index` by `bytes` (keeping its name). */
function withFile(series: readonly DicomInputFile[], index: number, bytes: Uint8Array): DicomInputFile[] {
  return series.map((file, i) => (i === index ? { name: file.name, bytes } : file));
}

function edit(index: number, changes: Parameters<typeof rewriteDicom>[1]): DicomInputFile[] {
  return withFile(files, index, rewriteDicom(at(files, index).bytes, changes));
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

const ipp = (z: number, x = 0, y = 0) => `${x}\\${y}\\${z}`;

describe('decodeDicomSeries', () => {
  describe('a complete series', () => {
    const decoded = decodeDicomSeries(files);

    it('assembles columns, rows and slices as i, j, k with Pixel Spacing reversed', () => {
      expect(decoded.volume.dims).toEqual([7, 5, 6]);
      expect(decoded.volume.spacingMm).toEqual([0.8, 0.9, SLICE_SPACING]);
      expect(Array.from(decoded.volume.data)).toEqual(Array.from(expected.data));
      // Spot check the layout independently of the writer's loop: voxel (6, 4, 5).
      expect(decoded.volume.data[6 + 7 * (4 + 5 * 5)]).toBe(5000 + 120 + 6 - 500);
    });

    it('takes the origin from the first slice and the direction from the orientation and normal', () => {
      expect(decoded.volume.origin).toEqual([0, 0, 0]);
      expect(decoded.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
      expect(voxelCentre(decoded.volume, 0, 0, 5)).toEqual([0, 0, 17.5]);
    });

    it('summarises the header for the acquisition check, with SOP Instance UIDs in slice order', () => {
      expect(decoded.header).toEqual({
        modality: 'MR',
        manufacturer: 'Prospect Synthetic',
        manufacturerModelName: 'Synth 3000',
        magneticFieldStrengthTesla: 3,
        sequenceName: '*tse2d1_15',
        sliceThicknessMm: 3,
        studyInstanceUid: STUDY_UID,
        seriesInstanceUid: SERIES_UID,
        sopInstanceUids: expect.any(Array),
        bodyPartExamined: 'BREAST',
        studyDate: '2026-03-01',
      });
      const inFileOrder = files.map((file) => decodeDicomSeries([file]).header.sopInstanceUids[0]);
      expect(decoded.header.sopInstanceUids).toEqual(inFileOrder);
    });

    it('returns nothing that identifies the patient', () => {
      const text = JSON.stringify({ header: decoded.header, skipped: decoded.skippedFiles });
      expect(text).not.toContain(PATIENT_NAME);
      expect(text).not.toContain(PATIENT_ID);
      expect(text).not.toContain('19600229');
      expect(Object.keys(decoded.header).some((key) => /patient/i.test(key))).toBe(false);
    });

    it('orders slices by position along the normal, not by file order, name or Instance Number', () => {
      // Reverse the Instance Numbers and give names that sort the wrong way.
      const misleading = shuffled(files).map((file, index) => ({
        name: `z-${index}.dcm`,
        bytes: rewriteDicom(file.bytes, { [TAG.InstanceNumber]: String(100 - index) }),
      }));
      const result = decodeDicomSeries(misleading);
      expect(Array.from(result.volume.data)).toEqual(Array.from(expected.data));
      expect(result.header.sopInstanceUids).toEqual(decoded.header.sopInstanceUids);
      // Slice k came from input file sliceFileIndexes[k]: the files in slice order are the originals in order.
      const inSliceOrder = result.sliceFileIndexes.map((index) => misleading[index]?.bytes);
      const originalOrder = decodeDicomSeries(
        inSliceOrder.map((bytes, index) => ({ name: `${index}`, bytes: bytes as Uint8Array })),
      );
      expect(originalOrder.sliceFileIndexes).toEqual(inSliceOrder.map((_bytes, index) => index));
      expect(new Set(result.sliceFileIndexes).size).toBe(misleading.length);
    });

    it('reads Implicit VR Little Endian files like Explicit ones', () => {
      const implicit = files.map((file) => ({
        name: file.name,
        bytes: rewriteDicom(file.bytes, {}, { transferSyntaxUid: IMPLICIT_VR_LE }),
      }));
      const result = decodeDicomSeries(implicit);
      expect(result.volume).toEqual(decoded.volume);
      expect(result.header).toEqual(decoded.header);
    });

    it('reads files that start at an odd byte offset of a larger buffer', () => {
      const odd = files.map((file) => {
        const buffer = new Uint8Array(file.bytes.length + 1);
        buffer.set(file.bytes, 1);
        return { name: file.name, bytes: buffer.subarray(1) };
      });
      expect(decodeDicomSeries(odd).volume).toEqual(decoded.volume);
    });

    it('names unnamed files by their position in the upload', () => {
      const unnamed = files.map((file) => ({ bytes: file.bytes }));
      const error = imagingErrorOf(
        () => decodeDicomSeries([...unnamed, { bytes: at(files, 2).bytes }]),
        'duplicate-slice',
      );
      expect(error.details.files).toEqual(['file #3', 'file #7']);
    });
  });

  describe('oblique and reversed stacks', () => {
    it('uses the orientation vectors and their cross product as the direction', () => {
      // Rows along (cos 30°, sin 30°, 0), columns along +z (a sagittal-oblique stack): the normal,
      // row × column, is (sin 30°, −cos 30°, 0), worked out by hand.
      const cos = Math.cos(Math.PI / 6);
      const sin = Math.sin(Math.PI / 6);
      const row = [cos, sin, 0];
      const column = [0, 0, 1];
      const normal = [sin, -cos, 0];
      const origin = [10, -20, 30];
      const oblique = files.map((file, k) =>
        rewriteDicom(file.bytes, {
          [TAG.ImageOrientationPatient]: [...row, ...column].map((v) => v.toFixed(10)).join('\\'),
          [TAG.ImagePositionPatient]: origin
            .map((o, axis) => (o + k * SLICE_SPACING * (normal[axis] as number)).toFixed(8))
            .join('\\'),
        }),
      );
      const { volume } = decodeDicomSeries(shuffled(oblique).map((bytes, i) => ({ name: `${i}`, bytes })));
      expect(volume.origin).toEqual(origin);
      const columnsOfDirection = [0, 1, 2].map((c) =>
        [0, 1, 2].map((r) => volume.direction[3 * r + c] as number),
      );
      [row, column, normal].forEach((axis, c) =>
        axis.forEach((value, r) => expect(columnsOfDirection[c]?.[r]).toBeCloseTo(value, 9)),
      );
      expect(volume.spacingMm[2]).toBeCloseTo(SLICE_SPACING, 6);
      expect(Array.from(volume.data)).toEqual(Array.from(expected.data));
      const last = voxelCentre(volume, 0, 0, 5);
      last.forEach((value, axis) =>
        expect(value).toBeCloseTo((origin[axis] as number) + 5 * SLICE_SPACING * (normal[axis] as number), 6),
      );
    });

    it('starts at the slice lowest along the normal even when positions decrease with Instance Number', () => {
      // Orientation 1\0\0\0\-1\0 has normal (0, 0, −1): slice k at z = −3.5·k is the k-th along it.
      const flipped = files.map((file, k) =>
        rewriteDicom(file.bytes, {
          [TAG.ImageOrientationPatient]: '1\\0\\0\\0\\-1\\0',
          [TAG.ImagePositionPatient]: ipp(-SLICE_SPACING * k + 5),
        }),
      );
      const { volume } = decodeDicomSeries(flipped.map((bytes, i) => ({ name: `${i}`, bytes })));
      expect(volume.origin).toEqual([0, 0, 5]);
      expect(volume.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, -1]);
      expect(Array.from(volume.data)).toEqual(Array.from(expected.data));
    });
  });

  describe('which files are skipped', () => {
    it('skips a DICOMDIR and files that are not DICOM at all, and reports them', () => {
      const dicomdir = writeDicom([{ tag: 0x00041130, vr: 'CS', value: 'SYNTH' }], {
        sopClassUid: '1.2.840.10008.1.3.10',
      });
      const result = decodeDicomSeries([
        ...files,
        { name: 'DICOMDIR', bytes: dicomdir },
        { name: 'README.txt', bytes: new TextEncoder().encode('Exported by the PACS on 2026-03-01.\n') },
        { name: '.DS_Store', bytes: Uint8Array.of(0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31) },
        { name: 'empty', bytes: new Uint8Array(0) },
      ]);
      expect(result.volume.dims).toEqual([7, 5, 6]);
      expect(result.skippedFiles.map((file) => file.name)).toEqual([
        'DICOMDIR',
        'README.txt',
        '.DS_Store',
        'empty',
      ]);
      expect(at(result.skippedFiles, 0).reason).toMatch(/DICOMDIR/);
      expect(at(result.skippedFiles, 1).reason).toMatch(/not a DICOM file/);
    });

    it('refuses, rather than skips, a DICOM data set without the Part 10 header', () => {
      const bare = rewriteDicom(at(files, 0).bytes, {}, { bare: true, transferSyntaxUid: IMPLICIT_VR_LE });
      const error = imagingErrorOf(
        () => decodeDicomSeries([...files.slice(1), { name: 'raw.ima', bytes: bare }]),
        'malformed-dicom',
      );
      expect(error.message).toContain("'raw.ima'");
      expect(error.message).toMatch(/without the DICOM file header/);
    });

    it('refuses an upload without any DICOM image', () => {
      expect(imagingErrorOf(() => decodeDicomSeries([]), 'no-images').message).toMatch(/No files/);
      const error = imagingErrorOf(
        () => decodeDicomSeries([{ name: 'scan.nii', bytes: encodeNifti1(positionCodedVolume()) }]),
        'no-images',
      );
      expect(error.message).toContain("'scan.nii': not a DICOM file");
    });
  });

  describe('damaged files', () => {
    it('refuses a file cut off in its pixel data, naming it and the byte counts', () => {
      const bytes = at(files, 3).bytes;
      const error = imagingErrorOf(
        () => decodeDicomSeries(withFile(files, 3, bytes.subarray(0, bytes.length - 10))),
        'malformed-dicom',
      );
      expect(error.message).toContain("'slice-004.dcm'");
      expect(error.details.files).toEqual(['slice-004.dcm']);
    });

    it('refuses an implicit-VR file cut off in its pixel data (the parser does not notice)', () => {
      const implicit = rewriteDicom(at(files, 3).bytes, {}, { transferSyntaxUid: IMPLICIT_VR_LE });
      const error = imagingErrorOf(
        () => decodeDicomSeries(withFile(files, 3, implicit.subarray(0, implicit.length - 10))),
        'malformed-dicom',
      );
      expect(error.message).toMatch(/pixel data is incomplete: 60 bytes present, 70 needed/);
      expect(error.details.attribute).toBe('PixelData');
    });

    it('refuses a file cut off in its file meta header or in its data set', () => {
      const bytes = at(files, 0).bytes;
      const cut = (length: number) => () => decodeDicomSeries(withFile(files, 0, bytes.subarray(0, length)));
      const inMeta = imagingErrorOf(cut(180), 'malformed-dicom');
      expect(inMeta.message).toContain("'slice-001.dcm' has no Transfer Syntax UID (0002,0010)");
      expect(inMeta.message).toContain('damaged or was cut off');
      const inDataSet = imagingErrorOf(cut(400), 'malformed-dicom');
      expect(inDataSet.message).toContain("File 'slice-001.dcm' is not a complete, readable DICOM file");
      expect(imagingErrorOf(cut(132), 'malformed-dicom').details.files).toEqual(['slice-001.dcm']);
    });

    it('refuses a file without an attribute the volume needs, naming attribute and file', () => {
      for (const [tag, label] of [
        [TAG.ImagePositionPatient, 'Image Position (Patient) (0020,0032)'],
        [TAG.ImageOrientationPatient, 'Image Orientation (Patient) (0020,0037)'],
        [TAG.PixelSpacing, 'Pixel Spacing (0028,0030)'],
        [TAG.Rows, 'Rows (0028,0010)'],
        [TAG.PixelData, 'Pixel Data (7FE0,0010)'],
        [TAG.Modality, 'Modality (0008,0060)'],
      ] as const) {
        const error = imagingErrorOf(
          () => decodeDicomSeries(edit(2, { [tag]: undefined })),
          'malformed-dicom',
        );
        expect(error.message).toContain(`File 'slice-003.dcm': ${label} is missing`);
      }
    });

    it('refuses a file without Series or SOP Instance UID', () => {
      for (const tag of [TAG.SeriesInstanceUID, TAG.SOPInstanceUID]) {
        const error = imagingErrorOf(
          () => decodeDicomSeries(edit(1, { [tag]: undefined })),
          'malformed-dicom',
        );
        expect(error.message).toMatch(/'slice-002.dcm' has no (Series|SOP) Instance UID/);
      }
    });

    it('refuses decimal strings that are not numbers', () => {
      const error = imagingErrorOf(
        () => decodeDicomSeries(edit(2, { [TAG.ImagePositionPatient]: '0\\0\\abc' })),
        'malformed-dicom',
      );
      expect(error.message).toContain(
        "Image Position (Patient) (0020,0032) must hold 3 numbers, found '0\\0\\abc'",
      );
      imagingErrorOf(() => decodeDicomSeries(edit(2, { [TAG.PixelSpacing]: '0.9' })), 'malformed-dicom');
      imagingErrorOf(() => decodeDicomSeries(edit(2, { [TAG.PixelSpacing]: '0.9\\\\' })), 'malformed-dicom');
      imagingErrorOf(() => decodeDicomSeries(edit(2, { [TAG.SliceThickness]: '3mm' })), 'malformed-dicom');
    });

    it('refuses non-positive pixel spacing, zero rows and a zero rescale slope', () => {
      const all = (changes: Parameters<typeof rewriteDicom>[1]) =>
        files.map((file) => ({ name: file.name, bytes: rewriteDicom(file.bytes, changes) }));
      expect(
        imagingErrorOf(() => decodeDicomSeries(all({ [TAG.PixelSpacing]: '0\\0.8' })), 'malformed-dicom')
          .message,
      ).toMatch(/both values must be positive/);
      expect(
        imagingErrorOf(() => decodeDicomSeries(all({ [TAG.Rows]: 0 })), 'malformed-dicom').message,
      ).toMatch(/Rows \(0028,0010\) is 0/);
      expect(
        imagingErrorOf(() => decodeDicomSeries(all({ [TAG.RescaleSlope]: '0' })), 'malformed-dicom').message,
      ).toMatch(/Rescale Slope \(0028,1053\) is 0/);
    });
  });

  describe('transfer syntaxes', () => {
    it.each([
      ['1.2.840.10008.1.2.4.90', 'JPEG 2000 (Lossless Only)'],
      ['1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)'],
      ['1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction'],
      ['1.2.840.10008.1.2.5', 'RLE Lossless'],
      ['1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian'],
      ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian (retired)'],
      ['1.2.3.4.5', 'unknown transfer syntax'],
    ])('refuses %s (%s), naming it, its UID and the file', (uid, name) => {
      const error = imagingErrorOf(
        () =>
          decodeDicomSeries(
            withFile(files, 4, rewriteDicom(at(files, 4).bytes, {}, { transferSyntaxUid: uid })),
          ),
        'unsupported-transfer-syntax',
      );
      expect(error.message).toContain(`File 'slice-005.dcm' is encoded as ${name} (transfer syntax ${uid})`);
      expect(error.details).toMatchObject({
        transferSyntaxUid: uid,
        transferSyntaxName: name,
        files: ['slice-005.dcm'],
      });
    });
  });

  describe('series that are not one volume', () => {
    it('refuses a file of another series, listing every series and its files', () => {
      const other = syntheticSeries(
        { seriesInstanceUid: '2.25.999', seriesDescription: 'dwi_b800' },
        'other',
      );
      const error = imagingErrorOf(
        () => decodeDicomSeries([...files, { name: 'stray.dcm', bytes: at(other, 0).bytes }]),
        'mixed-series',
      );
      expect(error.message).toContain('2 different series (mixed series)');
      expect(error.message).toContain(`${SERIES_UID} (MR 't2_tse_tra'): 6 files`);
      expect(error.message).toContain("2.25.999 (MR 'dwi_b800'): 1 file, 'stray.dcm'");
      expect(error.details.series).toEqual([
        expect.objectContaining({ seriesInstanceUid: SERIES_UID, files: files.map((file) => file.name) }),
        expect.objectContaining({ seriesInstanceUid: '2.25.999', files: ['stray.dcm'] }),
      ]);
    });

    it.each([
      ['Modality', TAG.Modality, 'CT', 'Modality (0008,0060) must be the same on every slice'],
      ['Pixel Spacing', TAG.PixelSpacing, '0.7\\0.8', 'Pixel Spacing (0028,0030) must be the same'],
      [
        'orientation',
        TAG.ImageOrientationPatient,
        '-1\\0\\0\\0\\-0.99\\0.141',
        'Image Orientation (Patient) (0020,0037)',
      ],
      ['Pixel Representation', TAG.PixelRepresentation, 0, 'Pixel Representation (0028,0103)'],
      [
        'Photometric Interpretation',
        TAG.PhotometricInterpretation,
        'MONOCHROME1',
        'Photometric Interpretation (0028,0004)',
      ],
      ['Study', TAG.StudyInstanceUID, '2.25.5', 'Study Instance UID (0020,000D)'],
      ['Frame of Reference', TAG.FrameOfReferenceUID, '2.25.6', 'Frame of Reference UID (0020,0052)'],
    ])('refuses a slice with another %s, naming attribute, values and files', (_label, tag, value, text) => {
      const error = imagingErrorOf(() => decodeDicomSeries(edit(4, { [tag]: value })), 'inconsistent-series');
      expect(error.message).toContain(text);
      expect(error.message).toContain(`in 'slice-005.dcm'`);
      expect(error.details.files).toEqual(['slice-005.dcm']);
    });

    it('refuses a slice of another size, naming both sizes', () => {
      const small = rewriteDicom(at(files, 2).bytes, {
        [TAG.Rows]: 2,
        [TAG.Columns]: 2,
        [TAG.PixelData]: pixelBytes16([1, 2, 3, 4]),
      });
      const error = imagingErrorOf(() => decodeDicomSeries(withFile(files, 2, small)), 'inconsistent-series');
      expect(error.message).toBe(
        'Rows (0028,0010) must be the same on every slice of the series, but it differs: ' +
          "5 in 'slice-001.dcm', 'slice-002.dcm', 'slice-004.dcm', 'slice-005.dcm' and 'slice-006.dcm'; " +
          "2 in 'slice-003.dcm'. The files may come from different acquisitions; upload one series only.",
      );
    });

    it('tolerates decimal-string rounding of Pixel Spacing and orientation', () => {
      const rounded = edit(3, {
        [TAG.PixelSpacing]: '0.90000001\\0.79999999',
        [TAG.ImageOrientationPatient]: '-0.99999999\\0\\0\\0\\-1\\0.00000001',
      });
      expect(decodeDicomSeries(rounded).volume.dims).toEqual([7, 5, 6]);
    });
  });

  describe('slice positions', () => {
    it('refuses a missing slice, saying between which files and where it was expected', () => {
      const error = imagingErrorOf(() => decodeDicomSeries(files.filter((_, k) => k !== 2)), 'missing-slice');
      expect(error.message).toBe(
        "The series is incomplete: 1 slice missing between 'slice-002.dcm' and 'slice-004.dcm' " +
          '(expected at 7 mm). Slices are 3.5 mm apart (positions along the slice normal). Upload all ' +
          'files of the series.',
      );
      expect(error.details).toMatchObject({ missingSlices: 1, missingPositionsMm: [7], sliceSpacingMm: 3.5 });
    });

    it('counts several missing slices in one gap and in several gaps', () => {
      const error = imagingErrorOf(
        () => decodeDicomSeries(files.filter((_, k) => k !== 1 && k !== 2 && k !== 4)),
        'missing-slice',
      );
      expect(error.message).toContain(
        "2 slices missing between 'slice-001.dcm' and 'slice-004.dcm' (expected at 3.5 mm, 7 mm)",
      );
      expect(error.message).toContain(
        "1 slice missing between 'slice-004.dcm' and 'slice-006.dcm' (expected at 14 mm)",
      );
      expect(error.details.missingSlices).toBe(3);
    });

    it('refuses a slice out of step, naming the files around it', () => {
      const error = imagingErrorOf(
        () => decodeDicomSeries(edit(3, { [TAG.ImagePositionPatient]: ipp(3 * SLICE_SPACING + 1) })),
        'inconsistent-spacing',
      );
      expect(error.message).toContain('the slice spacing is 3.5 mm (tolerance 0.035 mm)');
      expect(error.message).toContain("'slice-003.dcm' → 'slice-004.dcm': 4.5 mm");
      expect(error.message).toContain("'slice-004.dcm' → 'slice-005.dcm': 2.5 mm");
    });

    it('accepts positions within the tolerance and refuses them just beyond it', () => {
      // Tolerance for 3.5 mm slices: max(0.01 mm, 1 % · 3.5 mm) = 0.035 mm.
      expect(() =>
        decodeDicomSeries(edit(3, { [TAG.ImagePositionPatient]: ipp(3 * SLICE_SPACING + 0.03) })),
      ).not.toThrow();
      imagingErrorOf(
        () => decodeDicomSeries(edit(3, { [TAG.ImagePositionPatient]: ipp(3 * SLICE_SPACING + 0.04) })),
        'inconsistent-spacing',
      );
    });

    it('refuses spacing that drifts along the stack although each gap is within tolerance', () => {
      // Six gaps of 3.53 mm, then five of 3.50 mm: each within 0.035 mm of 3.53, but evenly spaced
      // slices (3.516 mm apart) would put slice 6 0.08 mm lower than it is.
      const twelve = syntheticSeries({ volume: positionCodedVolume([7, 5, 12]) });
      const drifting = twelve.map((file, k) => ({
        name: file.name,
        bytes: rewriteDicom(file.bytes, {
          [TAG.ImagePositionPatient]: ipp(k <= 6 ? 3.53 * k : 3.53 * 6 + 3.5 * (k - 6)),
        }),
      }));
      const error = imagingErrorOf(() => decodeDicomSeries(drifting), 'inconsistent-spacing');
      expect(error.message).toMatch(/away from where evenly spaced slices .* would put it/);
    });

    it('refuses two images at the same position, and says when they are copies of one image', () => {
      const copy = imagingErrorOf(
        () => decodeDicomSeries([...files, { name: 'copy.dcm', bytes: at(files, 2).bytes }]),
        'duplicate-slice',
      );
      expect(copy.message).toMatch(
        /Files '(slice-003|copy)\.dcm' and '(slice-003|copy)\.dcm' are copies of the same image/,
      );
      const twin = rewriteDicom(at(files, 2).bytes, { [TAG.SOPInstanceUID]: '2.25.424242' });
      const different = imagingErrorOf(
        () => decodeDicomSeries([...files, { name: 'echo2.dcm', bytes: twin }]),
        'duplicate-slice',
      );
      expect(different.message).toContain(
        'two different images at the same slice position (7 mm along the slice normal)',
      );
    });

    it('refuses slices shifted within their plane (gantry tilt)', () => {
      const tilted = files.map((file, k) => ({
        name: file.name,
        bytes: rewriteDicom(file.bytes, { [TAG.ImagePositionPatient]: ipp(k * SLICE_SPACING, 0, 0.3 * k) }),
      }));
      const error = imagingErrorOf(() => decodeDicomSeries(tilted), 'unsupported-geometry');
      expect(error.message).toContain(
        "Slice 'slice-002.dcm' at (0, 0.3, 3.5) is shifted by 0.3 mm within the slice plane",
      );
      expect(error.message).toMatch(/gantry tilt/);
    });

    it('refuses an orientation that is not two perpendicular unit vectors', () => {
      const skewed = files.map((file) => ({
        name: file.name,
        bytes: rewriteDicom(file.bytes, { [TAG.ImageOrientationPatient]: '1\\0\\0\\0.5\\0.866\\0' }),
      }));
      expect(imagingErrorOf(() => decodeDicomSeries(skewed), 'unsupported-geometry').message).toMatch(
        /not two perpendicular unit vectors/,
      );
    });

    it('takes a single slice spacing from Spacing Between Slices, else Slice Thickness, else refuses', () => {
      const single = at(files, 0); // Spacing Between Slices 3.5, Slice Thickness 3
      expect(decodeDicomSeries([single]).volume.spacingMm).toEqual([0.8, 0.9, 3.5]);
      const thicknessOnly = rewriteDicom(single.bytes, { [TAG.SpacingBetweenSlices]: undefined });
      expect(decodeDicomSeries([{ bytes: thicknessOnly }]).volume.spacingMm).toEqual([0.8, 0.9, 3]);
      const neither = rewriteDicom(thicknessOnly, { [TAG.SliceThickness]: undefined });
      expect(
        imagingErrorOf(
          () => decodeDicomSeries([{ name: 'only.dcm', bytes: neither }]),
          'unsupported-geometry',
        ).message,
      ).toContain("single slice ('only.dcm')");
    });
  });

  describe('pixel formats', () => {
    /** A one-slice 2×2 image with the given layout and raw pixel data. */
    function slice(changes: Parameters<typeof rewriteDicom>[1]): Float32Array {
      const bytes = rewriteDicom(at(files, 0).bytes, { [TAG.Rows]: 2, [TAG.Columns]: 2, ...changes });
      return decodeDicomSeries([{ bytes }]).volume.data;
    }

    it('masks bits above Bits Stored (unsigned) and sign-extends from bit Bits Stored − 1 (signed)', () => {
      const raw = [0xf123, 0x0fff, 0x0800, 0x07ff];
      const layout = { [TAG.BitsStored]: 12, [TAG.HighBit]: 11, [TAG.PixelData]: pixelBytes16(raw) };
      expect(Array.from(slice({ ...layout, [TAG.PixelRepresentation]: 0 }))).toEqual([
        0x123, 4095, 2048, 2047,
      ]);
      expect(Array.from(slice({ ...layout, [TAG.PixelRepresentation]: 1 }))).toEqual([
        0x123, -1, -2048, 2047,
      ]);
    });

    it('reads 16-bit unsigned values above 32767', () => {
      const data = pixelBytes16([0, 40000, 65535, 1]);
      expect(Array.from(slice({ [TAG.PixelRepresentation]: 0, [TAG.PixelData]: data }))).toEqual([
        0, 40000, 65535, 1,
      ]);
      expect(Array.from(slice({ [TAG.PixelRepresentation]: 1, [TAG.PixelData]: data }))).toEqual([
        0,
        40000 - 65536,
        -1,
        1,
      ]);
    });

    it('reads 8-bit images, unsigned and signed', () => {
      const eightBit = {
        [TAG.BitsAllocated]: 8,
        [TAG.BitsStored]: 8,
        [TAG.HighBit]: 7,
        [TAG.PixelData]: Uint8Array.of(0, 127, 128, 255),
      };
      expect(Array.from(slice({ ...eightBit, [TAG.PixelRepresentation]: 0 }))).toEqual([0, 127, 128, 255]);
      expect(Array.from(slice({ ...eightBit, [TAG.PixelRepresentation]: 1 }))).toEqual([0, 127, -128, -1]);
    });

    it('applies each slice its own rescale, defaulting to slope 1 and intercept 0', () => {
      const rescaled = files.map((file, k) => ({
        name: file.name,
        bytes: rewriteDicom(
          file.bytes,
          k === 1 ? { [TAG.RescaleSlope]: '2.5', [TAG.RescaleIntercept]: '-10' } : {},
        ),
      }));
      const { data } = decodeDicomSeries(rescaled).volume;
      const sliceVoxels = 35;
      expect(data[0]).toBe(expected.data[0]);
      expect(data[sliceVoxels]).toBe((expected.data[sliceVoxels] as number) * 2.5 - 10);
      expect(data[2 * sliceVoxels]).toBe(expected.data[2 * sliceVoxels]);
    });

    it('keeps MONOCHROME1 values as they are (display inversion is not a value change)', () => {
      const data = pixelBytes16([1, 2, 3, 4]);
      expect(
        Array.from(slice({ [TAG.PhotometricInterpretation]: 'MONOCHROME1', [TAG.PixelData]: data })),
      ).toEqual([1, 2, 3, 4]);
    });

    it.each([
      [
        'colour',
        { [TAG.PhotometricInterpretation]: 'RGB' },
        /Photometric Interpretation \(0028,0004\) 'RGB'/,
      ],
      [
        'palette colour',
        { [TAG.PhotometricInterpretation]: 'PALETTE COLOR' },
        /'PALETTE COLOR'; only greyscale/,
      ],
      ['three samples per pixel', { [TAG.SamplesPerPixel]: 3 }, /3 samples per pixel/],
      [
        '32-bit pixels',
        { [TAG.BitsAllocated]: 32, [TAG.BitsStored]: 32, [TAG.HighBit]: 31 },
        /stores 32 bits per pixel/,
      ],
      [
        'a High Bit other than Bits Stored − 1',
        { [TAG.BitsStored]: 12, [TAG.HighBit]: 15 },
        /High Bit \(0028,0102\) is 15/,
      ],
      ['a multi-frame image', { [TAG.NumberOfFrames]: '4' }, /multi-frame image \(4 frames/],
    ])('refuses %s as unsupported-dicom', (_label, changes, message) => {
      const error = imagingErrorOf(() => decodeDicomSeries(edit(0, changes)), 'unsupported-dicom');
      expect(error.message).toMatch(message);
      expect(error.message).toContain("File 'slice-001.dcm'");
    });

    it('refuses Bits Stored above Bits Allocated and an invalid Pixel Representation', () => {
      imagingErrorOf(() => decodeDicomSeries(edit(0, { [TAG.BitsStored]: 17 })), 'malformed-dicom');
      imagingErrorOf(() => decodeDicomSeries(edit(0, { [TAG.PixelRepresentation]: 2 })), 'malformed-dicom');
    });
  });

  describe('header values', () => {
    it('reads a field strength recorded in gauss as tesla, and leaves absent values undefined', () => {
      const gauss = edit(0, { [TAG.MagneticFieldStrength]: '15000' }).slice(0, 1);
      expect(decodeDicomSeries(gauss).header.magneticFieldStrengthTesla).toBe(1.5);
      const bare = edit(0, {
        [TAG.MagneticFieldStrength]: undefined,
        [TAG.SequenceName]: '',
        [TAG.Manufacturer]: undefined,
        [TAG.StudyDate]: '2026',
      }).slice(0, 1);
      const header = decodeDicomSeries(bare).header;
      expect(header.magneticFieldStrengthTesla).toBeUndefined();
      expect(header.sequenceName).toBeUndefined();
      expect(header.manufacturer).toBeUndefined();
      expect(header.studyDate).toBeUndefined();
    });
  });

  it('throws only ImagingError for bad input', () => {
    const garbage = new Uint8Array(400).fill(0x41);
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    expect(() => decodeDicomSeries([{ name: 'garbage.dcm', bytes: garbage }])).toThrow(ImagingError);
  });
});
