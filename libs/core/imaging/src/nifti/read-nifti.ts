import { NIFTI1 } from 'nifti-reader-js';
import { gunzipSync } from 'node:zlib';
import { formatDims, plural } from '../format';
import { ImagingError } from '../errors';
import type { ImageGrid, Vec3 } from '../volume';
import { niftiGrid, type NiftiOrientationSource } from './nifti-geometry';

/** Options of the NIfTI decoders. */
export interface NiftiReadOptions {
  /**
   * Largest size a `.nii.gz` may decompress to, in bytes (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES}):
   * a guard against decompression bombs in uploads.
   */
  readonly maxDecompressedBytes?: number;
}

/** 1 GiB: a 512×512×1000 float32 volume fits; a 1 KB file that inflates to 100 GB does not. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 ** 30;

/** A NIfTI-1 datatype read here. */
interface Datatype {
  readonly name: string;
  readonly bytes: number;
  /** A typed array of `length` elements over `buffer` from byte `offset` (aligned). */
  readonly view: (buffer: ArrayBufferLike, offset: number, length: number) => StoredValues;
}

/** NIfTI-1 datatypes read here, by their `datatype` code. */
const DATATYPES: Readonly<Record<number, Datatype>> = {
  2: { name: 'uint8', bytes: 1, view: (buffer, offset, length) => new Uint8Array(buffer, offset, length) },
  4: { name: 'int16', bytes: 2, view: (buffer, offset, length) => new Int16Array(buffer, offset, length) },
  8: { name: 'int32', bytes: 4, view: (buffer, offset, length) => new Int32Array(buffer, offset, length) },
  16: {
    name: 'float32',
    bytes: 4,
    view: (buffer, offset, length) => new Float32Array(buffer, offset, length),
  },
  64: {
    name: 'float64',
    bytes: 8,
    view: (buffer, offset, length) => new Float64Array(buffer, offset, length),
  },
  256: { name: 'int8', bytes: 1, view: (buffer, offset, length) => new Int8Array(buffer, offset, length) },
  512: {
    name: 'uint16',
    bytes: 2,
    view: (buffer, offset, length) => new Uint16Array(buffer, offset, length),
  },
};

/** Names of NIfTI-1 datatypes that are refused, for the message. */
const REFUSED_DATATYPES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'binary (1 bit)',
  32: 'complex64',
  128: 'RGB24',
  768: 'uint32',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA32',
};

/** Stored voxel values in the file's element type. */
export type StoredValues =
  Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** A NIfTI-1 file read but not yet converted: grid, stored values and the value scaling. */
export interface NiftiContents {
  readonly grid: ImageGrid;
  readonly orientationSource: NiftiOrientationSource;
  readonly datatype: string;
  readonly stored: StoredValues;
  /** value = stored × slope + intercept; slope 1 and intercept 0 when the file asks for no scaling. */
  readonly slope: number;
  readonly intercept: number;
}

const NIFTI1_HEADER_BYTES = 348;
const NIFTI2_HEADER_BYTES = 540;
/** Single-file NIfTI-1: header, then a 4-byte extension flag; data cannot start earlier. */
const NIFTI1_MIN_VOX_OFFSET = 352;
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads a single-file NIfTI-1 (`.nii`, or gzipped `.nii.gz`, recognised by the gzip magic bytes
 * 1F 8B rather than by name).
 *
 * nifti-reader-js parses the header fields (either byte order); the geometry is computed here (see
 * {@link niftiGrid}) because the library prefers the qform whenever qform_code exceeds sform_code,
 * whereas this decoder always uses the sform when sform_code > 0.
 *
 * Refused: NIfTI-2 and header/image pairs (`unsupported-nifti`), more than one volume (4-D and
 * beyond), datatypes other than uint8, int8, int16, uint16, int32, float32, float64; and as
 * `malformed-nifti`: wrong magic, non-positive dimensions, bitpix that contradicts the datatype,
 * vox_offset before the end of the header, and data shorter than the dimensions need.
 */
export function readNifti1(bytes: Uint8Array, options: NiftiReadOptions = {}): NiftiContents {
  const data = isGzip(bytes)
    ? gunzip(bytes, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES)
    : bytes;
  assertNifti1Signature(data);

  // The library reads from an ArrayBuffer; give it a copy of the header only, so that it neither needs
  // the (possibly huge) data nor tries to parse extensions, which are not used here.
  const header = new NIFTI1();
  try {
    header.readHeader(data.slice(0, NIFTI1_HEADER_BYTES).buffer);
  } catch (error: unknown) {
    throw malformed(`its header cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }

  const dims = readDims(header.dims);
  const datatype = DATATYPES[header.datatypeCode];
  if (datatype === undefined) {
    const name = REFUSED_DATATYPES[header.datatypeCode] ?? `code ${header.datatypeCode}`;
    throw new ImagingError(
      'unsupported-nifti',
      `The NIfTI file stores voxels as ${name}; supported are uint8, int8, int16, uint16, int32, ` +
        `float32 and float64. Convert the image first.`,
      { attribute: 'datatype', datatype: header.datatypeCode },
    );
  }
  if (header.numBitsPerVoxel !== datatype.bytes * 8) {
    throw malformed(
      `bitpix is ${header.numBitsPerVoxel} but the datatype ${datatype.name} has ${datatype.bytes * 8} bits`,
      'bitpix',
    );
  }

  const voxOffset = header.vox_offset;
  if (!Number.isInteger(voxOffset) || voxOffset < NIFTI1_MIN_VOX_OFFSET) {
    throw malformed(
      `vox_offset is ${voxOffset}; in a .nii file the data start at byte 352 or later`,
      'vox_offset',
    );
  }
  const count = dims[0] * dims[1] * dims[2];
  const needed = count * datatype.bytes;
  const available = data.length - voxOffset;
  if (available < needed) {
    throw malformed(
      `it is truncated: the voxel data are ${Math.max(available, 0)} bytes, but ${formatDims(dims)} ` +
        `${datatype.name} voxels need ${needed}. The file was probably cut off; export it again`,
      'vox_offset',
    );
  }

  const { grid, source } = niftiGrid({
    dims,
    pixdim: [header.pixDims[0] ?? 0, header.pixDims[1] ?? 0, header.pixDims[2] ?? 0, header.pixDims[3] ?? 0],
    qformCode: header.qform_code,
    sformCode: header.sform_code,
    quaternion: [header.quatern_b, header.quatern_c, header.quatern_d],
    qoffset: [header.qoffset_x, header.qoffset_y, header.qoffset_z],
    srow: readSrow(data, header.littleEndian),
    spatialUnits: header.xyzt_units & 0x07,
  });

  // nifti1.h: "If the scl_slope field is nonzero, then each voxel value in the dataset should be
  // scaled as y = scl_slope * x + scl_inter". Like nifti1_io.c, a non-finite slope means no scaling
  // and a non-finite intercept counts as 0.
  const scaled = Number.isFinite(header.scl_slope) && header.scl_slope !== 0;
  return {
    grid,
    orientationSource: source,
    datatype: datatype.name,
    stored: storedValues(data, voxOffset, count, datatype, header.littleEndian),
    slope: scaled ? header.scl_slope : 1,
    intercept: scaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0,
  };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, maxOutputLength: number): Uint8Array {
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImagingError(
        'unsupported-nifti',
        `The NIfTI file decompresses to more than ${maxOutputLength} bytes, the largest accepted.`,
        { maxDecompressedBytes: maxOutputLength },
      );
    }
    throw malformed(
      `its gzip compression is truncated or corrupt (${error instanceof Error ? error.message : String(error)}). ` +
        `The file was probably cut off; export it again`,
    );
  }
}

/** Tells NIfTI-1 from NIfTI-2, header/image pairs and non-NIfTI data, before any field is trusted. */
function assertNifti1Signature(data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const sizeofHdr = (littleEndian: boolean) => (data.length >= 4 ? view.getInt32(0, littleEndian) : 0);
  const ascii = (offset: number, length: number) =>
    String.fromCharCode(...data.subarray(offset, offset + length));
  if ([true, false].some((le) => sizeofHdr(le) === NIFTI2_HEADER_BYTES) && ascii(4, 3) === 'n+2') {
    throw new ImagingError(
      'unsupported-nifti',
      'The file is NIfTI-2; only NIfTI-1 is supported. Save the image as NIfTI-1 (e.g. with nibabel ' +
        'or dcm2niix) and upload it again.',
      { attribute: 'magic', format: 'NIfTI-2' },
    );
  }
  if (data.length < NIFTI1_HEADER_BYTES) {
    throw malformed(
      `it has ${plural(data.length, 'byte')}, fewer than the ${NIFTI1_HEADER_BYTES} of a NIfTI-1 header`,
      'sizeof_hdr',
    );
  }
  if (![true, false].some((le) => sizeofHdr(le) === NIFTI1_HEADER_BYTES)) {
    throw malformed('it does not start with a NIfTI-1 header (sizeof_hdr is not 348)', 'sizeof_hdr');
  }
  const magic = ascii(344, 4);
  if (magic === 'ni1\0') {
    throw new ImagingError(
      'unsupported-nifti',
      'The file is the header of a NIfTI .hdr/.img pair; upload a single-file .nii or .nii.gz instead.',
      { attribute: 'magic', format: 'NIfTI-1 pair' },
    );
  }
  if (magic !== 'n+1\0') {
    throw malformed(
      `its magic is ${JSON.stringify(magic)} instead of "n+1" (it may be an ANALYZE 7.5 file, which ` +
        `has no reliable orientation)`,
      'magic',
    );
  }
}

function readDims(dim: readonly number[]): Vec3 {
  const rank = dim[0] ?? 0;
  if (!Number.isInteger(rank) || rank < 1 || rank > 7) {
    throw malformed(`dim[0] (the number of dimensions) is ${rank}; it must be from 1 to 7`, 'dim');
  }
  // Dimensions beyond dim[0] are unused; nifti1_io.c treats them as 1.
  const size = (index: number) => (index <= rank ? (dim[index] ?? 0) : 1);
  const sizes = [1, 2, 3, 4, 5, 6, 7].map(size);
  if (!sizes.every((value) => value >= 1)) {
    throw malformed(
      `its dimensions ${sizes.slice(0, rank).join('×')} include a size below 1; every size must be positive`,
      'dim',
    );
  }
  const volumes = sizes.slice(3).reduce((product, value) => product * value, 1);
  if (volumes > 1) {
    throw new ImagingError(
      'unsupported-nifti',
      `The NIfTI file holds ${volumes} volumes (dimensions ${sizes.slice(0, rank).join('×')}); upload a ` +
        `single 3-D volume.`,
      { attribute: 'dim', dims: sizes.slice(0, rank), volumes },
    );
  }
  return [sizes[0] ?? 1, sizes[1] ?? 1, sizes[2] ?? 1];
}

/** srow_x/y/z (bytes 280–327, float32); read here because the library only fills them in sometimes. */
function readSrow(data: Uint8Array, littleEndian: boolean): [number[], number[], number[]] {
  const view = new DataView(data.buffer, data.byteOffset, NIFTI1_HEADER_BYTES);
  const row = (r: number) => [0, 1, 2, 3].map((c) => view.getFloat32(280 + 16 * r + 4 * c, littleEndian));
  return [row(0), row(1), row(2)];
}

/**
 * The stored values as a typed array: a view of the input when it is aligned and in host byte
 * order (no copy), else an aligned copy, byte-swapped when the file's byte order is not the host's.
 */
function storedValues(
  data: Uint8Array,
  offset: number,
  count: number,
  datatype: Datatype,
  littleEndian: boolean,
): StoredValues {
  const start = data.byteOffset + offset;
  const swap = littleEndian !== HOST_IS_LITTLE_ENDIAN && datatype.bytes > 1;
  if (!swap && start % datatype.bytes === 0) {
    return datatype.view(data.buffer, start, count);
  }
  const copy = data.slice(offset, offset + count * datatype.bytes);
  if (swap) swapBytes(copy, datatype.bytes);
  return datatype.view(copy.buffer, 0, count);
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start < bytes.length; start += width) {
    for (let low = start, high = start + width - 1; low < high; low++, high--) {
      const byte = bytes[low] as number;
      bytes[low] = bytes[high] as number;
      bytes[high] = byte;
    }
  }
}

function malformed(reason: string, attribute?: string): ImagingError {
  return new ImagingError(
    'malformed-nifti',
    `The file is not a valid NIfTI-1 image: ${reason}.`,
    attribute === undefined ? {} : { attribute },
  );
}
