import { decodePixels, type PixelLayout } from './pixels';

function decode(bytes: Uint8Array, layout: PixelLayout, slope = 1, intercept = 0): number[] {
  const count = bytes.length / (layout.bitsAllocated / 8);
  const out = new Float32Array(count + 2).fill(-999);
  decodePixels(bytes, count, layout, { slope, intercept }, out, 1);
  expect(out[0]).toBe(-999); // nothing written before the offset…
  expect(out[count + 1]).toBe(-999); // …or after the slice
  return Array.from(out.subarray(1, count + 1));
}

const le16 = (...values: number[]) => {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((value, i) => new DataView(bytes.buffer).setUint16(2 * i, value & 0xffff, true));
  return bytes;
};

describe('decodePixels', () => {
  it('reads 16-bit signed values and applies the rescale', () => {
    expect(
      decode(le16(0, 1, 0xffff, 0x8000), { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 }),
    ).toEqual([0, 1, -1, -32768]);
    expect(
      decode(le16(0, 1, 0xffff), { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 }, 2, -1024),
    ).toEqual([-1024, -1022, -1026]);
  });

  it('ignores bits above Bits Stored, e.g. overlay bits in a 12-bit image', () => {
    expect(
      decode(le16(0xf000, 0x1fff), { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0 }),
    ).toEqual([0, 4095]);
    expect(
      decode(le16(0xf000, 0x1fff, 0x0800), { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 }),
    ).toEqual([0, -1, -2048]);
  });

  it('reads 8-bit data, including fewer stored bits', () => {
    const bytes = Uint8Array.of(0x00, 0x7f, 0x80, 0xff);
    expect(decode(bytes, { bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0 })).toEqual([
      0, 127, 128, 255,
    ]);
    expect(decode(bytes, { bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 1 })).toEqual([
      0, 127, -128, -1,
    ]);
    expect(decode(bytes, { bitsAllocated: 8, bitsStored: 7, pixelRepresentation: 0 })).toEqual([
      0, 127, 0, 127,
    ]);
  });

  it('gives the same values through the aligned and the unaligned path', () => {
    const aligned = le16(1, 40000, 65535, 12345);
    const shifted = new Uint8Array(aligned.length + 1);
    shifted.set(aligned, 1);
    const layout: PixelLayout = { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0 };
    expect(decode(shifted.subarray(1), layout)).toEqual(decode(aligned, layout));
    expect(decode(aligned, layout)).toEqual([1, 40000, 65535, 12345]);
  });
});
