/**
 * The standard normal distribution: CDF Φ and quantile Φ⁻¹, to about machine precision.
 *
 * Both are the algorithms R uses (nmath `pnorm_both` and `qnorm`), so values agree with R's
 * `pnorm` / `qnorm` to the last bit or two, which is what the reference fixtures compare to:
 * - Φ: W. J. Cody (1969, 1993) rational Chebyshev approximations of erf/erfc, relative error
 *   below 1e-14 over the whole range, including far tails (no `1 - x` cancellation for x < 0).
 * - Φ⁻¹: M. J. Wichura (1988), Algorithm AS 241 (PPND16), relative error about 1e-16.
 *
 * The published coefficients carry 20 digits; they are written here as the shortest decimal of the
 * same double (what the 20-digit literals parse to), which lint requires.
 */

// Cody's coefficients for |x| ≤ 0.67448975 (erf on the centre).
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
// 0.674… < |x| ≤ √32.
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
// |x| > √32: asymptotic expansion in 1/x².
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];

const SQRT_32 = 5.656854249492381;
const ONE_OVER_SQRT_2PI = 0.3989422804014327;
const HALF_EPSILON = Number.EPSILON * 0.5;

function at(coefficients: readonly number[], index: number): number {
  return coefficients[index] as number;
}

/**
 * exp(-x²/2) · factor, with x² split into a part exact in floating point (x truncated to 1/16)
 * and a small remainder: computing exp(-x²/2) directly loses about |x|² ulps in the tails.
 */
function gaussianTimes(x: number, factor: number): number {
  const truncated = Math.trunc(x * 16) / 16;
  const remainder = (x - truncated) * (x + truncated);
  return Math.exp(-truncated * truncated * 0.5) * Math.exp(-remainder * 0.5) * factor;
}

/**
 * Standard normal CDF Φ(x) = P(Z ≤ x).
 *
 * For an upper tail P(Z > x) use `normalCdf(-x)`, which stays accurate where `1 - normalCdf(x)`
 * would round to 0. Returns 0 below about -37.5 (the true value underflows) and 1 above 8.29
 * (the true value rounds to 1). NaN gives NaN.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let numerator = 0;
    let denominator = 0;
    if (y > HALF_EPSILON) {
      const xsq = x * x;
      numerator = at(A, 4) * xsq;
      denominator = xsq;
      for (let i = 0; i < 3; i++) {
        numerator = (numerator + at(A, i)) * xsq;
        denominator = (denominator + at(B, i)) * xsq;
      }
    }
    return 0.5 + (x * (numerator + at(A, 3))) / (denominator + at(B, 3));
  }
  let lowerTailOfAbs: number; // Φ(-|x|)
  if (y <= SQRT_32) {
    let numerator = at(C, 8) * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + at(C, i)) * y;
      denominator = (denominator + at(D, i)) * y;
    }
    lowerTailOfAbs = gaussianTimes(y, (numerator + at(C, 7)) / (denominator + at(D, 7)));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let numerator = at(P, 5) * xsq;
    let denominator = xsq;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + at(P, i)) * xsq;
      denominator = (denominator + at(Q, i)) * xsq;
    }
    const factor = (ONE_OVER_SQRT_2PI - (xsq * (numerator + at(P, 4))) / (denominator + at(Q, 4))) / y;
    lowerTailOfAbs = gaussianTimes(y, factor);
  } else {
    lowerTailOfAbs = 0;
  }
  return x > 0 ? 1 - lowerTailOfAbs : lowerTailOfAbs;
}

/**
 * Standard normal quantile Φ⁻¹(p), Wichura's AS 241 (relative error about 1e-16).
 *
 * normalQuantile(0) = -Infinity, normalQuantile(1) = Infinity.
 * @throws {RangeError} unless 0 ≤ p ≤ 1.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  // Tails: work with the smaller of p and 1 - p.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}
