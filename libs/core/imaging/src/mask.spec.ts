import { encodeNifti1, gzipNifti } from '@prospect/synth';
import { decodeNiftiMask } from './mask';
import { imagingErrorOf } from './testing/expect-imaging-error';
import { DT, encodeValues, writeNifti } from './testing/nifti-writer';

const DIMS: [number, number, number] = [2, 2, 2];

function maskFile(
  datatype: number,
  values: readonly number[],
  extra: { sclSlope?: number; sclInter?: number } = {},
) {
  return writeNifti({ dims: DIMS, datatype, ...extra }, encodeValues(datatype, values));
}

describe('decodeNiftiMask', () => {
  it('reads a 0/1 mask and counts the voxels inside', () => {
    const decoded = decodeNiftiMask(
      encodeNifti1({ dims: DIMS, spacingMm: [1, 1, 2], data: Uint8Array.of(0, 1, 1, 0, 0, 0, 1, 0) }),
    );
    expect(Array.from(decoded.mask.data)).toEqual([0, 1, 1, 0, 0, 0, 1, 0]);
    expect(decoded.insideVoxels).toBe(3);
    expect(decoded.mask.spacingMm).toEqual([1, 1, 2]);
    expect(decoded.mask.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(decoded.orientationSource).toBe('sform');
  });

  it('counts 255, label numbers, negative and fractional values as inside', () => {
    expect(Array.from(decodeNiftiMask(maskFile(DT.UINT8, [0, 255, 0, 0, 0, 0, 0, 0])).mask.data)).toEqual([
      0, 1, 0, 0, 0, 0, 0, 0,
    ]);
    expect(Array.from(decodeNiftiMask(maskFile(DT.INT16, [0, 2, 3, -1, 0, 0, 0, 0])).mask.data)).toEqual([
      0, 1, 1, 1, 0, 0, 0, 0,
    ]);
    expect(decodeNiftiMask(maskFile(DT.FLOAT32, [0, 0.25, 0, 0, 0, 0, 0, 1])).insideVoxels).toBe(2);
  });

  it('reads gzipped masks', () => {
    const plain = encodeNifti1({
      dims: DIMS,
      spacingMm: [1, 1, 1],
      data: Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0),
    });
    expect(decodeNiftiMask(gzipNifti(plain)).mask).toEqual(decodeNiftiMask(plain).mask);
  });

  it('applies the scaling before deciding inside or outside', () => {
    // Stored 1 with slope 1 and intercept −1 is 0: outside; stored 0 becomes −1: inside.
    const decoded = decodeNiftiMask(
      maskFile(DT.UINT8, [1, 1, 1, 1, 1, 1, 1, 0], { sclSlope: 1, sclInter: -1 }),
    );
    expect(Array.from(decoded.mask.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('refuses NaN and infinite values, naming the first voxel', () => {
    const error = imagingErrorOf(
      () => decodeNiftiMask(maskFile(DT.FLOAT32, [0, 1, 0, 0, 0, Number.NaN, Number.POSITIVE_INFINITY, 0])),
      'invalid-mask',
    );
    expect(error.message).toContain('2 voxel(s) whose value is not a number');
    expect(error.message).toContain('the first at voxel (1, 0, 1)');
    expect(error.details).toMatchObject({ nonFiniteVoxels: 2, firstVoxel: [1, 0, 1] });
  });

  it('refuses an empty mask', () => {
    const error = imagingErrorOf(
      () => decodeNiftiMask(maskFile(DT.UINT8, [0, 0, 0, 0, 0, 0, 0, 0])),
      'empty-mask',
    );
    expect(error.message).toBe(
      'The mask is empty: none of its 8 voxels is inside the region of interest. Upload the segmentation of the lesion.',
    );
    imagingErrorOf(() => decodeNiftiMask(maskFile(DT.FLOAT32, [0, -0, 0, 0, 0, 0, 0, 0])), 'empty-mask');
  });

  it('refuses what the image decoder refuses', () => {
    imagingErrorOf(() => decodeNiftiMask(new Uint8Array(100)), 'malformed-nifti');
  });
});
