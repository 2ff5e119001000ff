// Test support, not exported from the library: writes NIfTI-1 headers with every field under the
// test's control (the synthetic encoder only writes one kind), in either byte order.

export interface TestNiftiHeader {
  /** dim[0..7]; default [3, nx, ny, nz, 1, 1, 1, 1] from `dims`. */
  readonly dim?: readonly number[];
  readonly dims?: readonly [number, number, number];
  readonly datatype?: number;
  readonly bitpix?: number;
  /** pixdim[0..7]; pixdim[0] is qfac. Default [1, 1, 1, 1, 0, 0, 0, 0]. */
  readonly pixdim?: readonly number[];
  readonly voxOffset?: number;
  readonly sclSlope?: number;
  readonly sclInter?: number;
  readonly xyztUnits?: number;
  readonly qformCode?: number;
  readonly sformCode?: number;
  readonly quatern?: readonly [number, number, number];
  readonly qoffset?: readonly [number, number, number];
  readonly srow?: readonly [readonly number[], readonly number[], readonly number[]];
  /** 4 characters; default "n+1\0". */
  readonly magic?: string;
  readonly littleEndian?: boolean;
  readonly sizeofHdr?: number;
}

/** NIfTI-1 datatype codes. */
export const DT = {
  UINT8: 2,
  INT16: 4,
  INT32: 8,
  FLOAT32: 16,
  COMPLEX64: 32,
  FLOAT64: 64,
  RGB24: 128,
  INT8: 256,
  UINT16: 512,
} as const;

const BITS: Readonly<Record<number, number>> = {
  2: 8,
  4: 16,
  8: 32,
  16: 32,
  32: 64,
  64: 64,
  128: 24,
  256: 8,
  512: 16,
};

/** A `.nii`: header, zero extension flag (up to vox_offset), then `data` (already encoded bytes). */
export function writeNifti(header: TestNiftiHeader, data: Uint8Array): Uint8Array {
  const le = header.littleEndian ?? true;
  const datatype = header.datatype ?? DT.UINT8;
  const voxOffset = header.voxOffset ?? 352;
  const bytes = new Uint8Array(Math.max(voxOffset, 348) + data.length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, header.sizeofHdr ?? 348, le);
  const dims = header.dims ?? [1, 1, 1];
  const dim = header.dim ?? [3, dims[0], dims[1], dims[2], 1, 1, 1, 1];
  dim.forEach((value, i) => view.setInt16(40 + 2 * i, value, le));
  view.setInt16(70, datatype, le);
  view.setInt16(72, header.bitpix ?? BITS[datatype] ?? 8, le);
  const pixdim = header.pixdim ?? [1, 1, 1, 1, 0, 0, 0, 0];
  pixdim.forEach((value, i) => view.setFloat32(76 + 4 * i, value, le));
  view.setFloat32(108, voxOffset, le);
  view.setFloat32(112, header.sclSlope ?? 1, le);
  view.setFloat32(116, header.sclInter ?? 0, le);
  bytes[123] = header.xyztUnits ?? 2;
  view.setInt16(252, header.qformCode ?? 0, le);
  view.setInt16(254, header.sformCode ?? 0, le);
  (header.quatern ?? [0, 0, 0]).forEach((value, i) => view.setFloat32(256 + 4 * i, value, le));
  (header.qoffset ?? [0, 0, 0]).forEach((value, i) => view.setFloat32(268 + 4 * i, value, le));
  const srow = header.srow ?? [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  srow.forEach((row, r) => row.forEach((value, c) => view.setFloat32(280 + 16 * r + 4 * c, value, le)));
  const magic = header.magic ?? 'n+1\0';
  for (let i = 0; i < 4; i++) bytes[344 + i] = magic.charCodeAt(i) || 0;
  bytes.set(data, Math.max(voxOffset, 348));
  return bytes;
}

/** Encodes numbers as a NIfTI datatype's bytes, in the given byte order. */
export function encodeValues(datatype: number, values: readonly number[], littleEndian = true): Uint8Array {
  const width = (BITS[datatype] ?? 8) / 8;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => {
    const at = i * width;
    switch (datatype) {
      case DT.UINT8:
        view.setUint8(at, value);
        break;
      case DT.INT8:
        view.setInt8(at, value);
        break;
      case DT.INT16:
        view.setInt16(at, value, littleEndian);
        break;
      case DT.UINT16:
        view.setUint16(at, value, littleEndian);
        break;
      case DT.INT32:
        view.setInt32(at, value, littleEndian);
        break;
      case DT.FLOAT32:
        view.setFloat32(at, value, littleEndian);
        break;
      case DT.FLOAT64:
        view.setFloat64(at, value, littleEndian);
        break;
      default:
        throw new Error(`encodeValues: datatype ${datatype} not supported by the test writer`);
    }
  });
  return bytes;
}
