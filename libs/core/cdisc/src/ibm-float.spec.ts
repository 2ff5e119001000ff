import { IBM_MAX, IBM_MIN_NORMAL, fromIbm, toIbm } from './ibm-float';

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
