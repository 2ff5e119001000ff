import { gzipSync } from 'node:zlib';

/** A 3-D scalar volume, stored x fastest: voxel (x, y, z) is `data[x + nx * (y + ny * z)]`. */
export interface NiftiVolume {
  readonly dims: readonly [number, number, number];
  /** Voxel size in millimetres along x, y, z. */
  readonly spacingMm: readonly [number, number, number];
  readonly data: Float32Array | Int16Array | Uint8Array;
  /** Free text for the header's `descrip` field (ASCII, at most 79 characters are kept). */
  readonly description?: string;
}

/** Size of the NIfTI-1 header. */
export const NIFTI1_HEADER_BYTES = 348;
/** Where the voxel data start in a single-file NIfTI-1: header plus the 4-byte extension flag. */
export const NIFTI1_VOX_OFFSET = 352;

/** NIfTI-1 `datatype` codes for the element types written here. */
export const NIFTI_DATATYPE = { UINT8: 2, INT16: 4, FLOAT32: 16 } as const;

/** NIfTI-1 `xyzt_units` for millimetres (spatial) and no time unit. */
const NIFTI_UNITS_MM = 2;

function elementType(data: NiftiVolume['data']): { datatype: number; bitpix: number } {
  if (data instanceof Float32Array) return { datatype: NIFTI_DATATYPE.FLOAT32, bitpix: 32 };
  if (data instanceof Int16Array) return { datatype: NIFTI_DATATYPE.INT16, bitpix: 16 };
  return { datatype: NIFTI_DATATYPE.UINT8, bitpix: 8 };
}

/**
 * Encodes a volume as a single-file NIfTI-1 (`.nii`): the 348-byte header, a zero 4-byte
 * extension flag, then the voxels little-endian from byte 352. The header has `dim = [3, nx, ny,
 * nz, 1, 1, 1, 1]`, `pixdim[1..3]` = the spacing (mm, `xyzt_units` 2), no scaling (slope 1,
 * intercept 0), and both orientations set (`qform_code` = `sform_code` = 1, scanner anatomical):
 * identity rotation quaternion, `qfac` 1, and the affine `diag(sx, sy, sz)` with zero offsets, so
 * voxel (0, 0, 0) is at the origin and voxel (i, j, k) at (i·sx, j·sy, k·sz) mm.
 *
 * @throws {RangeError} for dimensions that are not positive integers (at most 32767), spacing that
 *   is not positive and finite, or a data length other than nx·ny·nz.
 */
export function encodeNifti1(volume: NiftiVolume): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  for (const n of volume.dims) {
    if (!Number.isInteger(n) || n < 1 || n > 32767)
      throw new RangeError(`dims must be integers from 1 to 32767, got [${volume.dims.join(', ')}]`);
  }
  for (const s of volume.spacingMm) {
    if (!(Number.isFinite(s) && s > 0))
      throw new RangeError(`spacingMm must be positive, got [${volume.spacingMm.join(', ')}]`);
  }
  const voxels = nx * ny * nz;
  if (volume.data.length !== voxels)
    throw new RangeError(`data has ${volume.data.length} values, dims need ${voxels}`);
  const [sx, sy, sz] = volume.spacingMm;
  const { datatype, bitpix } = elementType(volume.data);

  const bytes = new Uint8Array(NIFTI1_VOX_OFFSET + voxels * (bitpix / 8));
  const view = new DataView(bytes.buffer);
  const LE = true;
  view.setInt32(0, NIFTI1_HEADER_BYTES, LE); // sizeof_hdr
  bytes[38] = 0x72; // regular = 'r' (ANALYZE compatibility)
  const dim = [3, nx, ny, nz, 1, 1, 1, 1];
  dim.forEach((value, i) => view.setInt16(40 + 2 * i, value, LE));
  view.setInt16(70, datatype, LE);
  view.setInt16(72, bitpix, LE);
  const pixdim = [1, sx, sy, sz, 1, 1, 1, 1]; // pixdim[0] = qfac
  pixdim.forEach((value, i) => view.setFloat32(76 + 4 * i, value, LE));
  view.setFloat32(108, NIFTI1_VOX_OFFSET, LE); // vox_offset
  view.setFloat32(112, 1, LE); // scl_slope
  view.setFloat32(116, 0, LE); // scl_inter
  bytes[123] = NIFTI_UNITS_MM; // xyzt_units
  writeAscii(bytes, 148, 80, volume.description ?? '');
  view.setInt16(252, 1, LE); // qform_code: scanner anatomical
  view.setInt16(254, 1, LE); // sform_code: scanner anatomical
  // quatern_b/c/d and qoffset_x/y/z stay 0: identity rotation, voxel (0, 0, 0) at the origin.
  const srow = [
    [sx, 0, 0, 0],
    [0, sy, 0, 0],
    [0, 0, sz, 0],
  ];
  srow.forEach((row, r) => row.forEach((value, c) => view.setFloat32(280 + 16 * r + 4 * c, value, LE)));
  writeAscii(bytes, 344, 4, 'n+1'); // magic "n+1\0"
  // Bytes 348..351: extension flag, all zero (no extensions).

  const data = volume.data;
  if (data instanceof Uint8Array) {
    bytes.set(data, NIFTI1_VOX_OFFSET);
  } else if (data instanceof Int16Array) {
    for (let i = 0; i < voxels; i++) view.setInt16(NIFTI1_VOX_OFFSET + 2 * i, data[i] as number, LE);
  } else {
    for (let i = 0; i < voxels; i++) view.setFloat32(NIFTI1_VOX_OFFSET + 4 * i, data[i] as number, LE);
  }
  return bytes;
}

/** Writes `text` as ASCII into a NUL-padded field of `length` bytes (keeping the last byte NUL). */
function writeAscii(bytes: Uint8Array, offset: number, length: number, text: string): void {
  const count = Math.min(text.length, length - 1);
  for (let i = 0; i < count; i++) {
    const code = text.charCodeAt(i);
    bytes[offset + i] = code < 0x20 || code > 0x7e ? 0x3f : code; // '?' for anything not printable ASCII
  }
}

/**
 * Gzips an encoded NIfTI (`.nii.gz`) deterministically: the same bytes in give the same bytes out.
 * zlib writes a zero modification time and no file name; the OS byte, which zlib sets from the
 * platform it was built for, is set to 255 ("unknown") so the output does not depend on the machine.
 */
export function gzipNifti(bytes: Uint8Array): Uint8Array {
  const gzipped = new Uint8Array(gzipSync(bytes, { level: 9 }));
  gzipped[9] = 0xff; // OS: unknown (not covered by the gzip CRC, which is of the data only)
  return gzipped;
}
