import { gunzipSync } from 'node:zlib';
import { encodeNifti1, gzipNifti, NIFTI1_VOX_OFFSET } from './nifti';

/** An independent reading of the NIfTI-1 header fields the encoder promises, straight from the bytes. */
function readHeader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const int16s = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, true));
  const float32s = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, true));
  const ascii = (offset: number, length: number) =>
    String.fromCharCode(...bytes.subarray(offset, offset + length));
  return {
    sizeofHdr: view.getInt32(0, true),
    dim: int16s(40, 8),
    datatype: view.getInt16(70, true),
    bitpix: view.getInt16(72, true),
    pixdim: float32s(76, 8),
    voxOffset: view.getFloat32(108, true),
    sclSlope: view.getFloat32(112, true),
    sclInter: view.getFloat32(116, true),
    xyztUnits: bytes[123],
    descrip: ascii(148, 80).replace(/\0+$/, ''),
    qformCode: view.getInt16(252, true),
    sformCode: view.getInt16(254, true),
    quatern: float32s(256, 3),
    qoffset: float32s(268, 3),
    srow: [float32s(280, 4), float32s(296, 4), float32s(312, 4)],
    magic: ascii(344, 4),
    extension: Array.from(bytes.subarray(348, 352)),
  };
}

const dims: [number, number, number] = [5, 4, 3];
const spacingMm: [number, number, number] = [0.75, 1.25, 3.5];
const ramp = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('encodeNifti1', () => {
  it('writes a single-file NIfTI-1 header with orientation and units', () => {
    const data = new Int16Array(ramp(60).map((i) => i * 97 - 3000));
    const bytes = encodeNifti1({ dims, spacingMm, data, description: 'synthetic baseline' });
    const header = readHeader(bytes);
    expect(bytes.length).toBe(352 + 60 * 2);
    expect(header).toEqual({
      sizeofHdr: 348,
      dim: [3, 5, 4, 3, 1, 1, 1, 1],
      datatype: 4,
      bitpix: 16,
      pixdim: [1, 0.75, 1.25, 3.5, 1, 1, 1, 1],
      voxOffset: 352,
      sclSlope: 1,
      sclInter: 0,
      xyztUnits: 2,
      descrip: 'synthetic baseline',
      qformCode: 1,
      sformCode: 1,
      quatern: [0, 0, 0],
      qoffset: [0, 0, 0],
      srow: [
        [0.75, 0, 0, 0],
        [0, 1.25, 0, 0],
        [0, 0, 3.5, 0],
      ],
      magic: 'n+1\0',
      extension: [0, 0, 0, 0],
    });
  });

  it.each([
    ['FLOAT32', new Float32Array(ramp(60).map((i) => i * 1.5 - 20.25)), 16, 32],
    ['INT16', new Int16Array(ramp(60).map((i) => (i % 2 ? -32768 : 32767) + (i % 2 ? i : -i))), 4, 16],
    ['UINT8', new Uint8Array(ramp(60).map((i) => (i * 37) % 256)), 2, 8],
  ] as const)('round-trips %s data exactly, little-endian', (_name, data, datatype, bitpix) => {
    const bytes = encodeNifti1({ dims, spacingMm, data });
    const header = readHeader(bytes);
    expect([header.datatype, header.bitpix]).toEqual([datatype, bitpix]);
    expect(bytes.length).toBe(NIFTI1_VOX_OFFSET + data.length * data.BYTES_PER_ELEMENT);
    const view = new DataView(bytes.buffer, bytes.byteOffset + NIFTI1_VOX_OFFSET);
    const read = ramp(data.length).map((i) =>
      data instanceof Float32Array
        ? view.getFloat32(4 * i, true)
        : data instanceof Int16Array
          ? view.getInt16(2 * i, true)
          : view.getUint8(i),
    );
    expect(read).toEqual(Array.from(data));
  });

  it('keeps the description to 79 printable ASCII characters', () => {
    const bytes = encodeNifti1({
      dims: [1, 1, 1],
      spacingMm: [1, 1, 1],
      data: new Uint8Array(1),
      description: `µ${'x'.repeat(100)}`,
    });
    expect(readHeader(bytes).descrip).toBe(`?${'x'.repeat(78)}`);
    expect(bytes[148 + 79]).toBe(0);
  });

  it('rejects bad dimensions, spacing and data lengths', () => {
    const data = new Uint8Array(60);
    expect(() => encodeNifti1({ dims: [5, 4, 0], spacingMm, data })).toThrow(RangeError);
    expect(() => encodeNifti1({ dims: [5, 4, 2.5], spacingMm, data })).toThrow(RangeError);
    expect(() => encodeNifti1({ dims, spacingMm: [1, 0, 1], data })).toThrow(RangeError);
    expect(() => encodeNifti1({ dims, spacingMm: [1, Number.NaN, 1], data })).toThrow(RangeError);
    expect(() => encodeNifti1({ dims, spacingMm, data: new Uint8Array(59) })).toThrow(RangeError);
  });
});

describe('gzipNifti', () => {
  const nii = encodeNifti1({ dims, spacingMm, data: new Float32Array(ramp(60).map(Math.sqrt)) });

  it('gunzips to the same bytes', () => {
    expect(new Uint8Array(gunzipSync(gzipNifti(nii)))).toEqual(nii);
  });

  it('is deterministic: zero mtime, fixed OS byte, identical output for identical input', () => {
    const first = gzipNifti(nii);
    const second = gzipNifti(Uint8Array.from(nii));
    expect(second).toEqual(first);
    expect(Array.from(first.subarray(0, 4))).toEqual([0x1f, 0x8b, 8, 0]); // magic, deflate, no flags
    expect(Array.from(first.subarray(4, 8))).toEqual([0, 0, 0, 0]); // mtime
    expect(first[9]).toBe(0xff);
  });
});
