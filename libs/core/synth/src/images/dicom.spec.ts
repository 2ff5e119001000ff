import { parseDicom, type DataSet } from 'dicom-parser';
import { createRandom } from '../random';
import { encodeDicomSeries, EXPLICIT_VR_LITTLE_ENDIAN, SOP_CLASS, type DicomSeriesOptions } from './dicom';
import type { Volume } from './lesion-volume';

// The files are read back with dicom-parser (cornerstone's parser), an implementation independent of
// the writer: what it reads is what any PACS or viewer would.

function ramp(
  dims: [number, number, number],
  spacingMm: [number, number, number] = [0.8, 0.9, 5],
): Volume<Int16Array> {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) data[x + nx * (y + ny * z)] = x - 3 * y + 100 * z - 50;
  return { dims, spacingMm, data };
}

const STUDY = '2.25.1111';
const SERIES = '2.25.2222';

function options(overrides: Partial<DicomSeriesOptions> = {}): DicomSeriesOptions {
  return {
    volume: ramp([5, 4, 3]),
    modality: 'MR',
    studyInstanceUid: STUDY,
    seriesInstanceUid: SERIES,
    seriesNumber: 7,
    seriesDescription: 'ep_b800_dwi',
    bodyPartExamined: 'WHOLEBODY',
    acquiredAt: '2026-03-01T09:30:15.000Z',
    patient: { name: 'Synthetic^Patient', id: 'SYN-0001', birthDate: '1960-02-29', sex: 'F' },
    acquisition: {
      manufacturer: 'Prospect Synthetic',
      magneticFieldStrengthTesla: 1.5,
      sequenceName: 'ep_b800',
    },
    ...overrides,
  };
}

function parse(bytes: Uint8Array): DataSet {
  return parseDicom(bytes);
}

/** Pixel values of a parsed slice, after the modality LUT. */
function pixels(dataSet: DataSet): number[] {
  const element = dataSet.elements['x7fe00010'];
  if (!element) throw new Error('no pixel data');
  const stored = new Int16Array(
    dataSet.byteArray.buffer.slice(
      dataSet.byteArray.byteOffset + element.dataOffset,
      dataSet.byteArray.byteOffset + element.dataOffset + element.length,
    ),
  );
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  return [...stored].map((value) => value * slope + intercept);
}

describe('encodeDicomSeries', () => {
  it('writes one Part 10 file per slice, with the meta header a reader needs', () => {
    const files = encodeDicomSeries(createRandom('dicom'), options());
    expect(files.map((file) => file.instanceNumber)).toEqual([1, 2, 3]);
    for (const file of files) {
      expect(Buffer.from(file.bytes.subarray(128, 132)).toString('latin1')).toBe('DICM');
      expect(file.bytes.subarray(0, 128).every((byte) => byte === 0)).toBe(true);
      const dataSet = parse(file.bytes);
      expect(dataSet.string('x00020010')).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(dataSet.string('x00020002')).toBe(SOP_CLASS.MR);
      expect(dataSet.string('x00020003')).toBe(file.sopInstanceUid);
      expect(dataSet.string('x00080018')).toBe(file.sopInstanceUid);
      // Group length: the meta group ends where the dataset begins.
      const groupLength = dataSet.uint32('x00020000') as number;
      const metaStart = (dataSet.elements['x00020001']?.dataOffset ?? 0) - 12;
      expect(dataSet.elements['x00080008']?.dataOffset).toBe(metaStart + groupLength + 8);
    }
    expect(new Set(files.map((file) => file.sopInstanceUid)).size).toBe(3);
  });

  it('carries the study, series, patient and acquisition attributes', () => {
    const dataSet = parse(
      (encodeDicomSeries(createRandom('dicom'), options())[1] as { bytes: Uint8Array }).bytes,
    );
    expect(dataSet.string('x0020000d')).toBe(STUDY);
    expect(dataSet.string('x0020000e')).toBe(SERIES);
    expect(dataSet.intString('x00200011')).toBe(7);
    expect(dataSet.intString('x00200013')).toBe(2);
    expect(dataSet.string('x00080060')).toBe('MR');
    expect(dataSet.string('x00080070')).toBe('Prospect Synthetic');
    expect(dataSet.floatString('x00180087')).toBe(1.5);
    expect(dataSet.string('x00180024')).toBe('ep_b800');
    expect(dataSet.floatString('x00180050')).toBe(5);
    expect(dataSet.floatString('x00180088')).toBe(5);
    expect(dataSet.string('x00180015')).toBe('WHOLEBODY');
    expect(dataSet.string('x0008103e')).toBe('ep_b800_dwi');
    expect(dataSet.string('x00080020')).toBe('20260301');
    expect(dataSet.string('x00080030')).toBe('093015');
    expect(dataSet.string('x00100010')).toBe('Synthetic^Patient');
    expect(dataSet.string('x00100020')).toBe('SYN-0001');
    expect(dataSet.string('x00100030')).toBe('19600229');
    expect(dataSet.string('x00100040')).toBe('F');
    expect(dataSet.string('x00280004')).toBe('MONOCHROME2');
    expect([dataSet.uint16('x00280100'), dataSet.uint16('x00280101'), dataSet.uint16('x00280102')]).toEqual([
      16, 16, 15,
    ]);
    expect(dataSet.uint16('x00280103')).toBe(1);
    expect(dataSet.elements['x00281053']).toBeUndefined(); // MR: no modality LUT unless asked
  });

  it('puts every voxel where the NIfTI grid does: LPS orientation, positions along +z, row spacing first', () => {
    const files = encodeDicomSeries(createRandom('dicom'), options());
    files.forEach((file, k) => {
      const dataSet = parse(file.bytes);
      expect(dataSet.uint16('x00280010')).toBe(4); // rows = ny
      expect(dataSet.uint16('x00280011')).toBe(5); // columns = nx
      expect([0, 1].map((i) => dataSet.floatString('x00280030', i))).toEqual([0.9, 0.8]);
      expect([0, 1, 2, 3, 4, 5].map((i) => dataSet.floatString('x00200037', i))).toEqual([
        -1, 0, 0, 0, -1, 0,
      ]);
      expect([0, 1, 2].map((i) => dataSet.floatString('x00200032', i))).toEqual([0, 0, 5 * k]);
      expect(dataSet.floatString('x00201041')).toBe(5 * k);
    });
  });

  it('stores the voxels row by row, slice by slice', () => {
    const volume = ramp([5, 4, 3]);
    const files = encodeDicomSeries(createRandom('dicom'), options({ volume }));
    const read = files.flatMap((file) => pixels(parse(file.bytes)));
    expect(read).toEqual([...volume.data]);
  });

  it('applies a rescale that readers undo, and writes it for CT by default', () => {
    const volume = ramp([5, 4, 3]);
    const rescaled = encodeDicomSeries(
      createRandom('dicom'),
      options({ volume, rescale: { slope: 0.5, intercept: -1024 } }),
    );
    expect(rescaled.flatMap((file) => pixels(parse(file.bytes)))).toEqual([...volume.data]);
    const stored = parse((rescaled[0] as { bytes: Uint8Array }).bytes);
    expect(stored.floatString('x00281053')).toBe(0.5);
    expect(stored.floatString('x00281052')).toBe(-1024);

    const ct = parse(
      (encodeDicomSeries(createRandom('dicom'), options({ modality: 'CT' }))[0] as { bytes: Uint8Array })
        .bytes,
    );
    expect(ct.string('x00080016')).toBe(SOP_CLASS.CT);
    expect(ct.floatString('x00281053')).toBe(1);
    expect(ct.floatString('x00281052')).toBe(0);
    expect(ct.string('x00281054')).toBe('HU');
    expect(ct.elements['x00180087']).toBeUndefined();
  });

  it('is deterministic by the random stream', () => {
    const a = encodeDicomSeries(createRandom('same'), options());
    const b = encodeDicomSeries(createRandom('same'), options());
    expect(a.map((file) => Buffer.from(file.bytes).toString('base64'))).toEqual(
      b.map((file) => Buffer.from(file.bytes).toString('base64')),
    );
  });

  it.each([
    [
      'a value the rescale cannot store',
      options({ rescale: { slope: 3, intercept: 0 } }),
      /no int16 stored value/,
    ],
    ['a zero slope', options({ rescale: { slope: 0, intercept: 0 } }), /slope must be positive/],
    [
      'a voxel count that does not fit the dims',
      options({ volume: { ...ramp([5, 4, 3]), dims: [5, 4, 4] } }),
      /data has 60 voxels/,
    ],
    [
      'a zero spacing',
      options({ volume: { ...ramp([5, 4, 3]), spacingMm: [1, 0, 1] } }),
      /spacingMm must be positive/,
    ],
    ['a non-ASCII name', options({ patient: { name: 'Müller^Anna', id: 'X' } }), /only printable ASCII/],
    ['a bad acquisition time', options({ acquiredAt: 'yesterday' }), /acquiredAt must be/],
  ])('refuses %s', (_label, bad, message) => {
    expect(() => encodeDicomSeries(createRandom('dicom'), bad)).toThrow(message);
  });
});
