/**
 * IEEE 754 binary64 ⇄ IBM System/360 hexadecimal floating point (8 bytes, big-endian), the numeric
 * representation of SAS transport (XPORT) files, as described in SAS technical note TS-140
 * ("The Record Layout of a Data Set in SAS Transport (XPORT) Format").
 *
 * IBM layout: bit 63 sign, bits 62–56 exponent E (excess 64, base 16), bits 55–0 a 56-bit fraction
 * F (normalized: first hex digit non-zero); value = (−1)^sign · F/2^56 · 16^(E−64).
 *
 * Rounding: a double's 53-bit significand needs at most 3 leading zero bits to align to a hex digit,
 * so 53 + 3 ≤ 56 and every double inside the IBM exponent range converts **exactly**; no rounding
 * or truncation happens there (SAS's reference `ieee2xpt` truncates only bits it cannot place, which
 * for doubles in range are none). Reading, the 56-bit IBM fraction is rounded to the nearest double
 * (ties to even); a value written by {@link toIbm} reads back bit-identical.
 *
 * Limits:
 * - Overflow: |x| ≥ 16^63 (≈ 7.237e75) cannot be stored: {@link toIbm} throws a RangeError (it never
 *   saturates silently). {@link IBM_MAX} is the largest double that converts.
 * - Underflow: below the smallest normalized IBM value 16^−65 (≈ 5.398e−79, {@link IBM_MIN_NORMAL})
 *   the fraction is denormalized (E = 0) and low bits are truncated toward zero, so precision is
 *   lost; below 2^−312 (≈ 1.9e−94) the result is 0. `preflightXpt` rejects such values so that
 *   `writeXpt` is always exact.
 * - ±0 is written as eight zero bytes (IBM has no negative zero); NaN and ±Infinity throw.
 */

/** Largest finite double representable in IBM hex float: (1 − 2^−53)·16^63. */
export const IBM_MAX = (1 - 2 ** -53) * 16 ** 63;
/** Smallest positive normalized IBM hex float: 16^−65 = 2^−260. */
export const IBM_MIN_NORMAL = 2 ** -260;

const FRACTION_MASK = (1n << 52n) - 1n;

/** Converts a finite double to 8 bytes of IBM hexadecimal floating point (see module notes). */
export function toIbm(value: number): Uint8Array {
  if (!Number.isFinite(value)) {
    throw new RangeError(`toIbm: ${value} is not a finite number (use a missing value instead)`);
  }
  const out = new Uint8Array(8);
  if (value === 0) return out;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const sign = Number(bits >> 63n);
  const biased = Number((bits >> 52n) & 0x7ffn);
  if (biased === 0) return out; // IEEE subnormal (< 2.3e−308): far below IBM's range, underflows to 0.
  const significand = (1n << 52n) | (bits & FRACTION_MASK); // value = significand · 2^e2
  const e2 = biased - 1075;
  const shift = (((e2 + 56) % 4) + 4) % 4;
  let exponent = (e2 + 56 - shift) / 4 + 64;
  let fraction = significand << BigInt(shift); // in [2^52, 2^56): first hex digit non-zero
  if (exponent > 127) {
    throw new RangeError(`toIbm: ${value} overflows IBM hexadecimal floating point (|x| ≤ ${IBM_MAX})`);
  }
  if (exponent < 0) {
    const digits = -exponent;
    fraction = digits >= 14 ? 0n : fraction >> BigInt(4 * digits); // truncation toward zero
    exponent = 0;
    if (fraction === 0n) return out;
  }
  out[0] = (sign << 7) | exponent;
  for (let index = 7; index >= 1; index -= 1) {
    out[index] = Number(fraction & 0xffn);
    fraction >>= 8n;
  }
  return out;
}

// Scratch for splitting a double into its two 32-bit halves without allocating (native byte order).
const scratchFloat = new Float64Array(1);
const scratchWords = new Uint32Array(scratchFloat.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;

/**
 * Writes {@link toIbm}`(value)` into `bytes[offset … offset + 7]` without allocating: the same
 * 8 bytes and the same errors, for writers that convert many numbers into one preallocated buffer.
 * Works on the double's two 32-bit halves (integer arithmetic, no BigInt); the rare IBM underflow
 * range (|x| < {@link IBM_MIN_NORMAL}, denormalized) is delegated to {@link toIbm}.
 */
export function writeIbmInto(bytes: Uint8Array, offset: number, value: number): void {
  if (value === 0) {
    bytes.fill(0, offset, offset + 8);
    return;
  }
  if (value - value !== 0) {
    // NaN or ±Infinity: toIbm throws its RangeError.
    bytes.set(toIbm(value), offset);
    return;
  }
  scratchFloat[0] = value;
  const high = scratchWords[HIGH_WORD] as number;
  const low = scratchWords[LOW_WORD] as number;
  const biased = (high >>> 20) & 0x7ff;
  // value = significand · 2^e2 with e2 = biased − 1075; shift the significand left by
  // (e2 + 56) mod 4 so that the exponent becomes a multiple of 4 (a hex digit).
  const e2 = biased - 1075;
  const shift = (e2 + 56) & 3;
  const exponent = ((e2 + 56 - shift) >> 2) + 64;
  if (biased === 0 || exponent < 0) {
    // IEEE subnormal or IBM underflow (denormalized, truncated): rare, left to toIbm.
    bytes.set(toIbm(value), offset);
    return;
  }
  if (exponent > 127) {
    throw new RangeError(`toIbm: ${value} overflows IBM hexadecimal floating point (|x| ≤ ${IBM_MAX})`);
  }
  // 56-bit fraction = significand << shift, as a 24-bit upper part and a 32-bit lower part.
  const top = (high & 0xfffff) | 0x100000; // implicit leading 1 + 20 fraction bits (21 bits)
  const upper = shift === 0 ? top : (top << shift) | (low >>> (32 - shift));
  const lower = shift === 0 ? low : (low << shift) >>> 0;
  bytes[offset] = ((high >>> 31) << 7) | exponent;
  bytes[offset + 1] = upper >>> 16;
  bytes[offset + 2] = (upper >>> 8) & 0xff;
  bytes[offset + 3] = upper & 0xff;
  bytes[offset + 4] = lower >>> 24;
  bytes[offset + 5] = (lower >>> 16) & 0xff;
  bytes[offset + 6] = (lower >>> 8) & 0xff;
  bytes[offset + 7] = lower & 0xff;
}

/**
 * Decodes 8 bytes (or the leading 2–8 bytes of a shortened SAS numeric; missing low bytes are zero)
 * of IBM hexadecimal floating point. Returns `null` for SAS missing values: first byte `.` (0x2E),
 * `_` (0x5F) or `A`–`Z` (special missing `.A`–`.Z`) followed by zero bytes.
 */
export function fromIbm(bytes: Uint8Array): number | null {
  if (bytes.length < 2 || bytes.length > 8) {
    throw new RangeError(`fromIbm: expected 2 to 8 bytes, got ${bytes.length}`);
  }
  const first = bytes[0] as number;
  let fraction = 0n;
  for (let index = 1; index < 8; index += 1) fraction = (fraction << 8n) | BigInt(bytes[index] ?? 0);
  if (fraction === 0n) {
    if (first === 0x2e || first === 0x5f || (first >= 0x41 && first <= 0x5a)) return null;
    return 0;
  }
  const magnitude = Number(fraction) * 2 ** (4 * ((first & 0x7f) - 64) - 56);
  return first & 0x80 ? -magnitude : magnitude;
}
