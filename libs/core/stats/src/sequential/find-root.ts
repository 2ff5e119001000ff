/**
 * Brent's method (Brent 1973, zeroin): a root of a continuous f in [lower, upper], where f(lower)
 * and f(upper) differ in sign, to an absolute tolerance in x. Combines bisection's guarantee
 * with secant/inverse quadratic steps, so smooth boundary equations converge in ~10 calls.
 */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tolerance = 1e-12,
  maxIterations = 200,
): number {
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new RangeError(`root not bracketed in [${lower}, ${upper}]: f = ${fa}, ${fb}`);
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const halfTolerance = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const midpointStep = 0.5 * (c - b);
    if (Math.abs(midpointStep) <= halfTolerance || fb === 0) return b;
    if (Math.abs(e) >= halfTolerance && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when only two distinct points, inverse quadratic otherwise.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * midpointStep * s;
        q = 1 - s;
      } else {
        const r = fb / fc;
        const t = fa / fc;
        p = s * (2 * midpointStep * t * (t - r) - (b - a) * (r - 1));
        q = (t - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * midpointStep * q - Math.abs(halfTolerance * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = midpointStep;
        e = d;
      }
    } else {
      d = midpointStep;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > halfTolerance ? d : midpointStep > 0 ? halfTolerance : -halfTolerance;
    fb = f(b);
  }
  throw new RangeError(`no convergence in ${maxIterations} iterations`);
}
