/** How stored pixel values are laid out; see DICOM PS3.5 section 8.1.1 and PS3.3 C.7.6.3.1. */
export interface PixelLayout {
  readonly bitsAllocated: 8 | 16;
  /** Significant bits, the low ones of each allocated unit (High Bit = Bits Stored − 1). */
  readonly bitsStored: number;
  /** 0: unsigned; 1: two's complement, the sign bit being bit Bits Stored − 1. */
  readonly pixelRepresentation: 0 | 1;
}

/** The modality LUT: value = stored × slope + intercept (PS3.3 C.11.1). */
export interface Rescale {
  readonly slope: number;
  readonly intercept: number;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes one slice of native (uncompressed, little-endian) pixel data into `out`, starting at
 * `outOffset`, applying the modality LUT. Bits above Bits Stored are ignored, as DICOM requires
 * (they may hold overlays or garbage), and signed values are sign-extended from bit Bits Stored − 1.
 *
 * Allocation-free per pixel: 16-bit data are read through a Uint16Array view of the file's bytes when
 * they are 2-byte aligned (and the host is little-endian), otherwise through a DataView.
 *
 * @param pixelData - exactly `count · bitsAllocated / 8` bytes.
 */
export function decodePixels(
  pixelData: Uint8Array,
  count: number,
  layout: PixelLayout,
  rescale: Rescale,
  out: Float32Array,
  outOffset: number,
): void {
  const { slope, intercept } = rescale;
  const bits = layout.bitsStored;
  const signed = layout.pixelRepresentation === 1;
  // Unsigned: keep the low `bits` bits. Signed: shift them to the top of an int32 and back, which
  // sign-extends bit (bits − 1). Both are exact for bits ≤ 16.
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;

  if (layout.bitsAllocated === 8) {
    for (let i = 0; i < count; i++) {
      const raw = pixelData[i] as number;
      const stored = signed ? (raw << shift) >> shift : raw & mask;
      out[outOffset + i] = stored * slope + intercept;
    }
    return;
  }

  const absoluteOffset = pixelData.byteOffset;
  if (HOST_IS_LITTLE_ENDIAN && absoluteOffset % 2 === 0) {
    const words = new Uint16Array(pixelData.buffer, absoluteOffset, count);
    for (let i = 0; i < count; i++) {
      const raw = words[i] as number;
      const stored = signed ? (raw << shift) >> shift : raw & mask;
      out[outOffset + i] = stored * slope + intercept;
    }
    return;
  }
  const view = new DataView(pixelData.buffer, absoluteOffset, count * 2);
  for (let i = 0; i < count; i++) {
    const raw = view.getUint16(2 * i, true);
    const stored = signed ? (raw << shift) >> shift : raw & mask;
    out[outOffset + i] = stored * slope + intercept;
  }
}
