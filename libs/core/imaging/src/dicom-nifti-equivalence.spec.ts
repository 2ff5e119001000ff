import {
  createRandom,
  encodeDicomSeries,
  encodeNifti1,
  gzipNifti,
  synthesizeBaselineImage,
  type Volume,
} from '@prospect/synth';
import { decodeDicomSeries } from './dicom/decode-series';
import { assertSameGrid, compareGrids } from './grid';
import { decodeNiftiMask } from './mask';
import { decodeNiftiImage } from './nifti/decode-nifti';
import { seriesOptions, shuffled } from './testing/synthetic-series';
import { voxelCentre, type ImageGrid, type ImageVolume } from './volume';

// The contract the product relies on: the same acquisition, uploaded as a DICOM series or as a NIfTI
// file, gives the same voxels on the same grid, so a model sees the same input either way.

const baseline = synthesizeBaselineImage(createRandom('x'), {
  imagingMarker: 0.7,
  dims: [26, 22, 9],
  spacingMm: [0.8, 0.9, 3.5],
});

function dicomFiles(volume: Volume<Int16Array>, rescale?: { slope: number; intercept: number }) {
  return encodeDicomSeries(
    createRandom('x'),
    seriesOptions({ volume, modality: rescale ? 'CT' : 'MR', ...(rescale ? { rescale } : {}) }),
  ).map((file) => ({ name: `IM${file.instanceNumber}`, bytes: file.bytes }));
}

/** Grids equal within float32 rounding of the NIfTI header (spacing 0.8 is 0.800000011920929 there). */
function expectSameGrid(actual: ImageGrid, expected: ImageGrid): void {
  expect(actual.dims).toEqual(expected.dims);
  actual.spacingMm.forEach((value, axis) => expect(value).toBeCloseTo(expected.spacingMm[axis] as number, 6));
  actual.origin.forEach((value, axis) => expect(value).toBeCloseTo(expected.origin[axis] as number, 6));
  actual.direction.forEach((value, index) =>
    expect(value).toBeCloseTo(expected.direction[index] as number, 9),
  );
  expect(compareGrids(expected, actual)).toEqual([]);
}

function expectSameVoxels(actual: ImageVolume, expected: ImageVolume): void {
  expect(actual.data.length).toBe(expected.data.length);
  // Buffer comparison: one assertion over all voxels, and a failure still shows where they differ.
  expect(Buffer.from(actual.data.buffer, actual.data.byteOffset, actual.data.byteLength)).toEqual(
    Buffer.from(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength),
  );
}

describe('a volume written as DICOM and as NIfTI decodes to the same grid and voxels', () => {
  const fromNifti = decodeNiftiImage(encodeNifti1(baseline.image)).volume;
  const fromNiftiGz = decodeNiftiImage(gzipNifti(encodeNifti1(baseline.image))).volume;
  const fromDicom = decodeDicomSeries(dicomFiles(baseline.image)).volume;

  it('has the grid the writers promise: LPS, x and y flipped from RAS, origin at 0', () => {
    expect(fromDicom.dims).toEqual([26, 22, 9]);
    expect(fromDicom.spacingMm).toEqual([0.8, 0.9, 3.5]);
    expect(fromDicom.origin).toEqual([0, 0, 0]);
    expect(fromDicom.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('has the voxels that were written, in x-fastest order', () => {
    expect(Array.from(fromDicom.data)).toEqual(Array.from(baseline.image.data));
  });

  it('gives the same grid and voxels from .nii, .nii.gz and DICOM', () => {
    expectSameGrid(fromNifti, fromDicom);
    expectSameGrid(fromNiftiGz, fromDicom);
    expectSameVoxels(fromNifti, fromDicom);
    expectSameVoxels(fromNiftiGz, fromDicom);
  });

  it('puts every corner voxel at the same world position', () => {
    const [nx, ny, nz] = fromDicom.dims;
    for (const [i, j, k] of [
      [0, 0, 0],
      [nx - 1, 0, 0],
      [0, ny - 1, 0],
      [0, 0, nz - 1],
      [nx - 1, ny - 1, nz - 1],
    ] as const) {
      const a = voxelCentre(fromDicom, i, j, k);
      const b = voxelCentre(fromNifti, i, j, k);
      a.forEach((value, axis) => expect(value).toBeCloseTo(b[axis] as number, 4));
    }
    // Voxel (nx−1, 0, 0) lies 0.8·(nx−1) mm towards the patient's right: negative x in LPS.
    expect(voxelCentre(fromDicom, nx - 1, 0, 0)[0]).toBeCloseTo(-0.8 * (nx - 1), 9);
  });

  it('does not depend on the order or names of the DICOM files', () => {
    const files = shuffled(dicomFiles(baseline.image)).map((file, index) => ({
      name: `random-${(index * 7919) % 101}.dcm`,
      bytes: file.bytes,
    }));
    const decoded = decodeDicomSeries(files);
    expectSameGrid(decoded.volume, fromDicom);
    expectSameVoxels(decoded.volume, fromDicom);
    expect(decoded.header.sopInstanceUids).toEqual(
      decodeDicomSeries(dicomFiles(baseline.image)).header.sopInstanceUids,
    );
  });

  it('applies a CT rescale slope and intercept like the NIfTI scl_slope and scl_inter', () => {
    const slope = 2;
    const intercept = -1024;
    const stored = baseline.image.data.map((value) => value - 300);
    const hounsfield: Volume<Int16Array> = {
      ...baseline.image,
      data: stored.map((value) => value * slope + intercept),
    };
    const ct = decodeDicomSeries(shuffled(dicomFiles(hounsfield, { slope, intercept }))).volume;
    // The NIfTI holds the stored values and the same linear scaling in its header.
    const nifti = encodeNifti1({ ...baseline.image, data: stored });
    const view = new DataView(nifti.buffer, nifti.byteOffset);
    view.setFloat32(112, slope, true);
    view.setFloat32(116, intercept, true);
    const fromScaledNifti = decodeNiftiImage(nifti).volume;

    expectSameGrid(fromScaledNifti, ct);
    expectSameVoxels(fromScaledNifti, ct);
    expect(ct.data[0]).toBe((baseline.image.data[0] as number) * 2 - 600 - 1024);
    expect(Array.from(ct.data)).toEqual(Array.from(hounsfield.data));
  });

  it('accepts the lesion mask written as NIfTI on the grid of the DICOM series', () => {
    const { mask, insideVoxels } = decodeNiftiMask(encodeNifti1(baseline.mask));
    expect(() => assertSameGrid(fromDicom, mask)).not.toThrow();
    expect(insideVoxels).toBe(baseline.lesionVoxels);
    expect(Array.from(mask.data)).toEqual(Array.from(baseline.mask.data));
  });
});
