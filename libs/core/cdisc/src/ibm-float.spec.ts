import { IBM_MAX, IBM_MIN_NORMAL, fromIbm, toIbm, writeIbmInto } from './ibm-float';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const bytes = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

describe('toIbm / fromIbm (IBM System/360 hexadecimal floating point, SAS TS-140)', () => {
  it.each([
    [0, '0000000000000000'],
    [1, '4110000000000000'],
    [-1, 'c110000000000000'],
    [0.5, '4080000000000000'],
    [100, '4264000000000000'],
    // The double nearest 1e-5, exactly (a mainframe's own 1e-5 would be …4784, 3 more bits).
    [1e-5, '3ca7c5ac471b4788'],
    [Math.PI, '413243f6a8885a30'],
    [-118.625, 'c276a00000000000'],
    [2 ** 53 - 1, '4e1fffffffffffff'],
    [IBM_MAX, '7ffffffffffffff8'],
    [IBM_MIN_NORMAL, '0010000000000000'],
  ])('%p ⇄ %s exactly', (value, expected) => {
    expect(hex(toIbm(value))).toBe(expected);
    expect(fromIbm(bytes(expected))).toBe(value);
  });

  it('round-trips doubles across the IBM range bit for bit', () => {
    const values = [
      1e75,
      -7.2e75,
      1e-78,
      0.1,
      1 / 3,
      -1234.5678,
      1e15 + 0.5,
      5e-324 * 2 ** 800,
      123456.789e10,
    ];
    for (let k = -259; k <= 251; k += 7) values.push(2 ** k * 1.2345678901234567, -(2 ** k) * 0.987654321);
    for (const value of values) expect(fromIbm(toIbm(value))).toBe(value);
  });

  it('writes −0 as IBM zero', () => {
    expect(hex(toIbm(-0))).toBe('0000000000000000');
  });

  it('throws a RangeError on overflow and on NaN/Infinity', () => {
    expect(() => toIbm(16 ** 63)).toThrow(RangeError);
    expect(() => toIbm(-1e76)).toThrow(/overflows/);
    expect(() => toIbm(Number.MAX_VALUE)).toThrow(RangeError);
    expect(() => toIbm(NaN)).toThrow(RangeError);
    expect(() => toIbm(Infinity)).toThrow(RangeError);
  });

  it('denormalizes with truncation below 16^-65 and underflows to 0 below 2^-312', () => {
    expect(hex(toIbm(2 ** -264))).toBe('0001000000000000');
    expect(fromIbm(toIbm(2 ** -264))).toBe(2 ** -264);
    expect(hex(toIbm(2 ** -312))).toBe('0000000000000001');
    expect(hex(toIbm(2 ** -313))).toBe('0000000000000000');
    expect(hex(toIbm(-1e-300))).toBe('0000000000000000');
    expect(hex(toIbm(5e-324))).toBe('0000000000000000');
    // 1 + 2^-52 at 2^-300: the low bits are cut, not rounded.
    expect(fromIbm(toIbm((1 + 2 ** -52) * 2 ** -300))).toBe(2 ** -300);
  });

  it('reads SAS missing values as null and shortened numerics', () => {
    expect(fromIbm(bytes('2e00000000000000'))).toBeNull();
    expect(fromIbm(bytes('5f00000000000000'))).toBeNull();
    expect(fromIbm(bytes('4100000000000000'))).toBeNull(); // .A
    expect(fromIbm(bytes('4110'))).toBe(1);
    expect(fromIbm(bytes('c276a0'))).toBe(-118.625);
    expect(() => fromIbm(new Uint8Array(1))).toThrow(RangeError);
    expect(() => fromIbm(new Uint8Array(9))).toThrow(RangeError);
  });

  it('rounds a 56-bit IBM fraction to the nearest double (ties to even)', () => {
    // 0.5 = 0x40 800000 00000000 uses all 56 fraction bits: 3 more than a double holds.
    expect(fromIbm(bytes('4080000000000001'))).toBe(0.5); // below half an ulp
    expect(fromIbm(bytes('4080000000000004'))).toBe(0.5); // exactly half: tie to even
    expect(fromIbm(bytes('408000000000000c'))).toBe(0.5 + 2 ** -52); // tie, up to even
    expect(fromIbm(bytes('4080000000000005'))).toBe(0.5 + 2 ** -53); // above half
    // A leading hex digit 1 leaves 53 significant bits: exact.
    expect(fromIbm(bytes('4110000000000001'))).toBe(1 + 2 ** -52);
  });
});

describe('writeIbmInto (allocation-free fast path used by writeXpt)', () => {
  /** mulberry32: seeded, so a failure reproduces. */
  const random = (seed: number): (() => number) => {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  const fast = (value: number, offset = 3): string => {
    const buffer = new Uint8Array(offset + 12).fill(0xa5);
    writeIbmInto(buffer, offset, value);
    // Bytes outside the 8 written must stay untouched.
    expect(buffer.subarray(0, offset).every((byte) => byte === 0xa5)).toBe(true);
    expect(buffer.subarray(offset + 8).every((byte) => byte === 0xa5)).toBe(true);
    return hex(buffer.subarray(offset, offset + 8));
  };

  it('writes the same bytes as toIbm for 100 000 seeded random doubles across magnitudes', () => {
    const uniform = random(20261128);
    const scratch = new DataView(new ArrayBuffer(8));
    const buffer = new Uint8Array(8);
    let mismatches = 0;
    let first: string | undefined;
    for (let index = 0; index < 100_000; index += 1) {
      let value: number;
      if (index % 4 === 3) {
        // Random bit patterns with exponents spanning the whole IBM range (and beyond, below).
        scratch.setUint32(0, (uniform() * 2 ** 32) >>> 0);
        scratch.setUint32(4, (uniform() * 2 ** 32) >>> 0);
        const biased = 1023 - 330 + Math.floor(uniform() * (330 + 252));
        scratch.setUint16(0, ((scratch.getUint16(0) & 0x800f) | (biased << 4)) >>> 0);
        value = scratch.getFloat64(0);
      } else {
        // Random mantissa at a random binary exponent in [−300, 251] (IBM range plus underflow).
        const exponent = Math.floor(uniform() * 552) - 300;
        value = (uniform() < 0.5 ? -1 : 1) * (1 + uniform()) * 2 ** exponent;
        if (index % 4 === 1) value = Math.round(value * 1e4) / 1e4; // data-like decimals and integers
      }
      if (Math.abs(value) >= 16 ** 63) continue;
      writeIbmInto(buffer, 0, value);
      if (hex(buffer) !== hex(toIbm(value))) {
        mismatches += 1;
        first ??= `${value}: ${hex(buffer)} vs toIbm ${hex(toIbm(value))}`;
      }
    }
    expect(first).toBeUndefined();
    expect(mismatches).toBe(0);
  });

  it.each([
    ['0', 0],
    ['-0', -0],
    ['1', 1],
    ['-1', -1],
    ['0.5', 0.5],
    ['1e-5', 1e-5],
    ['pi', Math.PI],
    ['2^53 - 1', 2 ** 53 - 1],
    ['2^53 + 2', 2 ** 53 + 2],
    ['IBM_MAX', IBM_MAX],
    ['-IBM_MAX', -IBM_MAX],
    ['IBM_MIN_NORMAL', IBM_MIN_NORMAL],
    ['-IBM_MIN_NORMAL', -IBM_MIN_NORMAL],
    ['IBM_MIN_NORMAL · (1 + 2^-52)', IBM_MIN_NORMAL * (1 + 2 ** -52)],
    ['IBM_MIN_NORMAL − 1 ulp (denormalized)', IBM_MIN_NORMAL * (1 - 2 ** -53)],
    ['2^-264 (denormalized)', 2 ** -264],
    ['2^-312 (last non-zero)', 2 ** -312],
    ['2^-313 (underflows to 0)', 2 ** -313],
    ['-1e-300', -1e-300],
    ['(1 + 2^-52) · 2^-300 (truncated)', (1 + 2 ** -52) * 2 ** -300],
    ['5e-324 (IEEE subnormal)', 5e-324],
    ['-2.2e-308 (largest IEEE subnormal)', -2.2250738585072009e-308],
    ['2.2250738585072014e-308 (smallest IEEE normal)', 2.2250738585072014e-308],
    ['16^62', 16 ** 62],
    ['16^63 − 1 ulp', 16 ** 63 * (1 - 2 ** -53)],
  ])('%s: the same bytes as toIbm', (_name, value) => {
    expect(fast(value)).toBe(hex(toIbm(value)));
    expect(fast(value, 0)).toBe(hex(toIbm(value)));
  });

  it('overwrites whatever the buffer held (zero and negative zero included)', () => {
    const buffer = new Uint8Array(8).fill(0xff);
    writeIbmInto(buffer, 0, -0);
    expect(hex(buffer)).toBe('0000000000000000');
    buffer.fill(0xff);
    writeIbmInto(buffer, 0, 2 ** -313);
    expect(hex(buffer)).toBe('0000000000000000');
  });

  it('throws the same RangeErrors as toIbm', () => {
    const buffer = new Uint8Array(8);
    for (const value of [16 ** 63, -1e76, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, Infinity, -Infinity]) {
      let expected: unknown;
      try {
        toIbm(value);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(RangeError);
      expect(() => writeIbmInto(buffer, 0, value)).toThrow(RangeError);
      expect(() => writeIbmInto(buffer, 0, value)).toThrow((expected as Error).message);
    }
  });
});
