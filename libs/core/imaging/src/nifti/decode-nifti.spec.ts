import { encodeNifti1, gzipNifti } from '@prospect/synth';
import { gzipSync } from 'node:zlib';
import { imagingErrorOf } from '../testing/expect-imaging-error';
import { DT, encodeValues, writeNifti, type TestNiftiHeader } from '../testing/nifti-writer';
import { voxelCentre } from '../volume';
import { decodeNiftiImage } from './decode-nifti';
import { quaternionToRotation } from './nifti-geometry';

const DIMS: [number, number, number] = [3, 2, 2];
const VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function nifti(header: TestNiftiHeader = {}, values: readonly number[] = VALUES): Uint8Array {
  const datatype = header.datatype ?? DT.INT16;
  return writeNifti(
    { dims: DIMS, datatype, ...header },
    encodeValues(datatype, values, header.littleEndian ?? true),
  );
}

const SFORM_RAS: TestNiftiHeader = {
  sformCode: 1,
  srow: [
    [2, 0, 0, 10],
    [0, 3, 0, 20],
    [0, 0, 4, 30],
  ],
};

describe('decodeNiftiImage', () => {
  describe('values', () => {
    it.each([
      ['uint8', DT.UINT8, [0, 1, 127, 128, 200, 255]],
      ['int8', DT.INT8, [0, 1, -1, -128, 127, 5]],
      ['int16', DT.INT16, [0, -32768, 32767, -1, 300, 2]],
      ['uint16', DT.UINT16, [0, 65535, 40000, 1, 2, 3]],
      ['int32', DT.INT32, [0, -2147483648, 2147483647, -1, 70000, 3]],
      ['float32', DT.FLOAT32, [0, -1.5, 3.25, 1e-3, 1e6, -7]],
      ['float64', DT.FLOAT64, [0, -1.5, 3.25, 0.1, 1e6, -7]],
    ])('reads %s voxels', (name, datatype, values) => {
      const decoded = decodeNiftiImage(nifti({ datatype, dims: [3, 2, 1] }, values));
      expect(decoded.datatype).toBe(name);
      expect(Array.from(decoded.volume.data)).toEqual(Array.from(Float32Array.from(values)));
    });

    it('applies scl_slope and scl_inter', () => {
      const { data } = decodeNiftiImage(nifti({ sclSlope: 2, sclInter: -10 })).volume;
      expect(Array.from(data)).toEqual(VALUES.map((v) => 2 * v - 10));
    });

    it('does not scale when scl_slope is 0 (nifti1.h) or not finite, whatever scl_inter says', () => {
      expect(Array.from(decodeNiftiImage(nifti({ sclSlope: 0, sclInter: 100 })).volume.data)).toEqual(VALUES);
      expect(
        Array.from(decodeNiftiImage(nifti({ sclSlope: Number.NaN, sclInter: 100 })).volume.data),
      ).toEqual(VALUES);
    });

    it('ignores a non-finite scl_inter when scaling', () => {
      expect(Array.from(decodeNiftiImage(nifti({ sclSlope: 3, sclInter: Number.NaN })).volume.data)).toEqual(
        VALUES.map((v) => 3 * v),
      );
    });

    it('reads big-endian files like little-endian ones', () => {
      for (const datatype of [DT.INT16, DT.FLOAT32, DT.FLOAT64, DT.UINT16, DT.INT32]) {
        const big = decodeNiftiImage(nifti({ ...SFORM_RAS, datatype, littleEndian: false, sclSlope: 2 }));
        const little = decodeNiftiImage(nifti({ ...SFORM_RAS, datatype, sclSlope: 2 }));
        expect(big.volume).toEqual(little.volume);
        expect(Array.from(big.volume.data)).toEqual(VALUES.map((v) => 2 * v));
      }
    });

    it('reads data that start at an unaligned offset (copying them)', () => {
      const aligned = nifti(
        { datatype: DT.FLOAT64 },
        VALUES.map((v) => v + 0.5),
      );
      const shifted = new Uint8Array(aligned.length + 3);
      shifted.set(aligned, 3);
      expect(decodeNiftiImage(shifted.subarray(3)).volume).toEqual(decodeNiftiImage(aligned).volume);
      const later = nifti({ datatype: DT.FLOAT32, voxOffset: 354 });
      expect(Array.from(decodeNiftiImage(later).volume.data)).toEqual(VALUES);
    });

    it('reads .nii.gz, recognised by the gzip magic bytes, not by a name', () => {
      const plain = encodeNifti1({ dims: DIMS, spacingMm: [1, 2, 3], data: Int16Array.from(VALUES) });
      expect(decodeNiftiImage(gzipNifti(plain)).volume).toEqual(decodeNiftiImage(plain).volume);
    });
  });

  describe('orientation', () => {
    it('uses the sform when sform_code > 0, converting RAS to LPS', () => {
      const decoded = decodeNiftiImage(
        nifti({ ...SFORM_RAS, qformCode: 1, quatern: [0, 0, 1], qoffset: [1, 2, 3] }),
      );
      expect(decoded.orientationSource).toBe('sform');
      expect(decoded.volume.spacingMm).toEqual([2, 3, 4]);
      expect(decoded.volume.origin).toEqual([-10, -20, 30]);
      expect(decoded.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
      // Voxel (1, 1, 1) is at RAS (12, 23, 34), i.e. LPS (−12, −23, 34).
      expect(voxelCentre(decoded.volume, 1, 1, 1)).toEqual([-12, -23, 34]);
    });

    it('uses the qform when only qform_code > 0: quaternion, pixdim and qfac', () => {
      // Quaternion (0, 0, 1): 180° about z, R = diag(−1, −1, 1); qfac −1 flips k.
      const decoded = decodeNiftiImage(
        nifti({
          qformCode: 1,
          quatern: [0, 0, 1],
          qoffset: [5, 6, 7],
          pixdim: [-1, 0.5, 0.75, 2, 0, 0, 0, 0],
        }),
      );
      expect(decoded.orientationSource).toBe('qform');
      expect(decoded.volume.spacingMm).toEqual([0.5, 0.75, 2]);
      expect(decoded.volume.origin).toEqual([-5, -6, 7]);
      // RAS axes: i → (−1, 0, 0), j → (0, −1, 0), k → (0, 0, −1); in LPS: (1,0,0), (0,1,0), (0,0,−1).
      expect(decoded.volume.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, -1]);
    });

    it('treats qfac 0 (old writers) as 1', () => {
      const decoded = decodeNiftiImage(nifti({ qformCode: 2, pixdim: [0, 1, 1, 1, 0, 0, 0, 0] }));
      expect(decoded.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    });

    it('falls back to pixdim alone when neither form is set (orientation unknown)', () => {
      const decoded = decodeNiftiImage(nifti({ pixdim: [1, 0.9, 0.8, 5, 0, 0, 0, 0], qoffset: [9, 9, 9] }));
      expect(decoded.orientationSource).toBe('pixdim');
      expect(decoded.volume.spacingMm.map((v) => Number(v.toFixed(6)))).toEqual([0.9, 0.8, 5]);
      expect(decoded.volume.origin).toEqual([0, 0, 0]);
      expect(decoded.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    });

    it('reads an oblique sform: spacing from column lengths, direction from column directions', () => {
      const c = Math.cos(Math.PI / 6);
      const s = Math.sin(Math.PI / 6);
      const decoded = decodeNiftiImage(
        nifti({
          sformCode: 1,
          srow: [
            [2 * c, -3 * s, 0, 1],
            [2 * s, 3 * c, 0, 2],
            [0, 0, 4, 3],
          ],
        }),
      );
      decoded.volume.spacingMm.forEach((value, axis) =>
        expect(value).toBeCloseTo([2, 3, 4][axis] as number, 5),
      );
      const expected = [-c, s, 0, -s, -c, 0, 0, 0, 1];
      decoded.volume.direction.forEach((value, index) =>
        expect(value).toBeCloseTo(expected[index] as number, 6),
      );
    });

    it('converts metres and microns to millimetres', () => {
      const metres = decodeNiftiImage(nifti({ ...SFORM_RAS, xyztUnits: 1 }));
      expect(metres.volume.spacingMm).toEqual([2000, 3000, 4000]);
      expect(metres.volume.origin).toEqual([-10000, -20000, 30000]);
      const microns = decodeNiftiImage(nifti({ ...SFORM_RAS, xyztUnits: 3 + 8 }));
      microns.volume.spacingMm.forEach((value, axis) =>
        expect(value).toBeCloseTo([0.002, 0.003, 0.004][axis] as number, 9),
      );
    });

    it('refuses a sheared sform and an affine with a zero or non-finite axis', () => {
      const sheared = nifti({
        sformCode: 1,
        srow: [
          [1, 0.5, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
        ],
      });
      expect(imagingErrorOf(() => decodeNiftiImage(sheared), 'unsupported-nifti').message).toMatch(/sheared/);
      imagingErrorOf(
        () =>
          decodeNiftiImage(
            nifti({
              sformCode: 1,
              srow: [
                [1, 0, 0, 0],
                [0, 0, 0, 0],
                [0, 0, 1, 0],
              ],
            }),
          ),
        'malformed-nifti',
      );
      imagingErrorOf(
        () =>
          decodeNiftiImage(
            nifti({
              sformCode: 1,
              srow: [
                [Number.NaN, 0, 0, 0],
                [0, 1, 0, 0],
                [0, 0, 1, 0],
              ],
            }),
          ),
        'malformed-nifti',
      );
    });

    it('refuses non-positive pixdim where pixdim is used, and unknown spatial units', () => {
      const error = imagingErrorOf(
        () => decodeNiftiImage(nifti({ qformCode: 1, pixdim: [1, 1, 0, 1, 0, 0, 0, 0] })),
        'malformed-nifti',
      );
      expect(error.message).toContain('pixdim[2] is 0');
      imagingErrorOf(() => decodeNiftiImage(nifti({ pixdim: [1, -1, 1, 1, 0, 0, 0, 0] })), 'malformed-nifti');
      // With an sform, pixdim is not used and may be anything.
      expect(() => decodeNiftiImage(nifti({ ...SFORM_RAS, pixdim: [1, 0, 0, 0, 0, 0, 0, 0] }))).not.toThrow();
      imagingErrorOf(() => decodeNiftiImage(nifti({ ...SFORM_RAS, xyztUnits: 5 })), 'malformed-nifti');
    });
  });

  describe('refusals', () => {
    it('refuses NIfTI-2, naming it', () => {
      const bytes = new Uint8Array(600);
      new DataView(bytes.buffer).setInt32(0, 540, true);
      bytes.set([0x6e, 0x2b, 0x32, 0], 4); // "n+2\0"
      const error = imagingErrorOf(() => decodeNiftiImage(bytes), 'unsupported-nifti');
      expect(error.message).toContain('NIfTI-2; only NIfTI-1 is supported');
    });

    it('refuses the header of a .hdr/.img pair', () => {
      expect(
        imagingErrorOf(() => decodeNiftiImage(nifti({ magic: 'ni1\0' })), 'unsupported-nifti').message,
      ).toMatch(/\.hdr\/\.img pair/);
    });

    it('refuses a wrong magic, a wrong header size, and garbage', () => {
      expect(
        imagingErrorOf(() => decodeNiftiImage(nifti({ magic: 'abc\0' })), 'malformed-nifti').message,
      ).toContain('its magic is "abc\\u0000" instead of "n+1"');
      imagingErrorOf(() => decodeNiftiImage(nifti({ sizeofHdr: 349 })), 'malformed-nifti');
      const garbage = new Uint8Array(1000).map((_, i) => (i * 37) % 256);
      expect(imagingErrorOf(() => decodeNiftiImage(garbage), 'malformed-nifti').message).toContain(
        'sizeof_hdr is not 348',
      );
    });

    it('refuses files shorter than a header', () => {
      expect(imagingErrorOf(() => decodeNiftiImage(new Uint8Array(10)), 'malformed-nifti').message).toContain(
        '10 bytes',
      );
      imagingErrorOf(() => decodeNiftiImage(new Uint8Array(0)), 'malformed-nifti');
    });

    it('refuses truncated voxel data, with both byte counts', () => {
      const bytes = nifti();
      const error = imagingErrorOf(
        () => decodeNiftiImage(bytes.subarray(0, bytes.length - 1)),
        'malformed-nifti',
      );
      expect(error.message).toContain('the voxel data are 23 bytes, but 3×2×2 int16 voxels need 24');
      imagingErrorOf(() => decodeNiftiImage(bytes.subarray(0, 348)), 'malformed-nifti');
    });

    it('refuses truncated and corrupt gzip', () => {
      const gz = gzipSync(nifti());
      expect(
        imagingErrorOf(() => decodeNiftiImage(gz.subarray(0, gz.length - 12)), 'malformed-nifti').message,
      ).toMatch(/gzip compression is truncated or corrupt/);
      const corrupt = Uint8Array.from(gz);
      corrupt[20] = (corrupt[20] as number) ^ 0xff;
      imagingErrorOf(() => decodeNiftiImage(corrupt), 'malformed-nifti');
    });

    it('refuses a gzip that inflates beyond the limit', () => {
      const big = gzipSync(new Uint8Array(100_000));
      const error = imagingErrorOf(
        () => decodeNiftiImage(big, { maxDecompressedBytes: 50_000 }),
        'unsupported-nifti',
      );
      expect(error.message).toContain('more than 50000 bytes');
    });

    it('refuses 4-D files with more than one volume, and accepts a single one', () => {
      const fourD = nifti({ dim: [4, 3, 2, 2, 2, 1, 1, 1] }, [...VALUES, ...VALUES]);
      const error = imagingErrorOf(() => decodeNiftiImage(fourD), 'unsupported-nifti');
      expect(error.message).toContain('holds 2 volumes (dimensions 3×2×2×2)');
      const single = nifti({ dim: [4, 3, 2, 2, 1, 1, 1, 1] });
      expect(decodeNiftiImage(single).volume.dims).toEqual([3, 2, 2]);
      imagingErrorOf(
        () => decodeNiftiImage(nifti({ dim: [5, 3, 2, 2, 1, 3, 1, 1] }, [...VALUES, ...VALUES, ...VALUES])),
        'unsupported-nifti',
      );
    });

    it('reads a 2-D image as one slice, ignoring sizes beyond dim[0]', () => {
      const decoded = decodeNiftiImage(nifti({ dim: [2, 3, 4, 9, 9, 1, 1, 1] }));
      expect(decoded.volume.dims).toEqual([3, 4, 1]);
    });

    it('refuses non-positive dimensions and an impossible dim[0]', () => {
      expect(
        imagingErrorOf(() => decodeNiftiImage(nifti({ dim: [3, 3, 0, 2, 1, 1, 1, 1] })), 'malformed-nifti')
          .message,
      ).toContain('dimensions 3×0×2 include a size below 1');
      imagingErrorOf(() => decodeNiftiImage(nifti({ dim: [3, -3, 2, 2, 1, 1, 1, 1] })), 'malformed-nifti');
      imagingErrorOf(() => decodeNiftiImage(nifti({ dim: [0, 3, 2, 2, 1, 1, 1, 1] })), 'malformed-nifti');
      imagingErrorOf(() => decodeNiftiImage(nifti({ dim: [8, 3, 2, 2, 1, 1, 1, 1] })), 'malformed-nifti');
    });

    it.each([
      [DT.COMPLEX64, 'complex64'],
      [DT.RGB24, 'RGB24'],
      [768, 'uint32'],
      [9999, 'code 9999'],
    ])('refuses datatype %s (%s)', (datatype, name) => {
      const bytes = writeNifti({ dims: DIMS, datatype, bitpix: 8 }, new Uint8Array(200));
      expect(imagingErrorOf(() => decodeNiftiImage(bytes), 'unsupported-nifti').message).toContain(
        `stores voxels as ${name}`,
      );
    });

    it('refuses a bitpix that contradicts the datatype, and a vox_offset inside the header', () => {
      imagingErrorOf(() => decodeNiftiImage(nifti({ bitpix: 8 })), 'malformed-nifti');
      expect(
        imagingErrorOf(() => decodeNiftiImage(nifti({ voxOffset: 348 })), 'malformed-nifti').message,
      ).toContain('vox_offset is 348');
      imagingErrorOf(() => decodeNiftiImage(nifti({ voxOffset: 352.5 })), 'malformed-nifti');
    });
  });
});

describe('quaternionToRotation', () => {
  it('is the identity for (0, 0, 0) and a 90° turn about z for (0, 0, sin 45°)', () => {
    expect(quaternionToRotation([0, 0, 0])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const turn = quaternionToRotation([0, 0, Math.SQRT1_2]);
    const expected = [
      [0, -1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    turn.forEach((row, r) =>
      row.forEach((value, c) => expect(value).toBeCloseTo(expected[r]?.[c] as number, 12)),
    );
  });

  it('normalises (b, c, d) when rounding makes b² + c² + d² exceed 1', () => {
    const rotation = quaternionToRotation([1.0000001, 0, 0]);
    expect(rotation[1]?.[1]).toBeCloseTo(-1, 12);
    expect(rotation[2]?.[2]).toBeCloseTo(-1, 12);
  });
});
