/**
 * Cleveland's (1979) locally weighted linear regression, one pass without robustness iterations:
 * a line-by-line port of R's C `clowess` for `lowess(x, y, f, iter = 0, delta)`, so the values
 * agree with R to rounding. Fits a tricube-weighted line at each x in turn among the ⌊f·n⌋ nearest
 * points, skipping points closer than `delta` to the last fitted one and interpolating linearly
 * there.
 *
 * @param x abscissae sorted ascending (ties allowed; R sorts with a stable order)
 * @param y ordinates aligned with x
 * @param f smoother span: the fraction of points that influence each fitted value
 * @param delta skip distance; R's default is 0.01 · (max x − min x)
 * @returns the fitted value at each x
 */
export function lowess(x: readonly number[], y: readonly number[], f: number, delta: number): number[] {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`lowess: ${n} x values but ${y.length} y values`);
  if (n === 0) throw new RangeError('lowess: no points');
  if (!(f > 0) || !Number.isFinite(f)) throw new RangeError(`lowess: f must be finite and > 0, got ${f}`);
  if (!(delta >= 0) || !Number.isFinite(delta))
    throw new RangeError(`lowess: delta must be >= 0, got ${delta}`);
  for (let i = 1; i < n; i++) {
    if (!((x[i] as number) >= (x[i - 1] as number)))
      throw new RangeError('lowess: x must be sorted ascending');
  }
  if (n < 2) return [y[0] as number];

  // The C code is 1-based; X(i) etc. keep its indices so the port can be checked line by line.
  const X = (i: number): number => x[i - 1] as number;
  const Y = (i: number): number => y[i - 1] as number;
  const fitted = new Array<number>(n + 1).fill(0);
  const weights = new Array<number>(n + 1).fill(0);
  const range = X(n) - X(1);

  /** Fitted value at X(at) from points nleft..nright (and ties beyond); null if all weights are 0. */
  const fitAt = (at: number, nleft: number, nright: number): number | null => {
    const xs = X(at);
    const h = Math.max(xs - X(nleft), X(nright) - xs);
    const h9 = 0.999 * h;
    const h1 = 0.001 * h;
    let a = 0;
    let j = nleft;
    while (j <= n) {
      weights[j] = 0;
      const r = Math.abs(X(j) - xs);
      if (r <= h9) {
        if (r <= h1) weights[j] = 1;
        else {
          const u = r / h;
          const v = 1 - u * u * u;
          weights[j] = v * v * v;
        }
        a += weights[j] as number;
      } else if (X(j) > xs) break;
      j++;
    }
    // Rightmost point used (may be beyond nright because of ties).
    const nrt = j - 1;
    if (a <= 0) return null;
    for (j = nleft; j <= nrt; j++) weights[j] = (weights[j] as number) / a;
    if (h > 0) {
      a = 0;
      for (j = nleft; j <= nrt; j++) a += (weights[j] as number) * X(j);
      let b = xs - a;
      let c = 0;
      for (j = nleft; j <= nrt; j++) c += (weights[j] as number) * (X(j) - a) * (X(j) - a);
      if (Math.sqrt(c) > 0.001 * range) {
        // Points spread out enough to estimate a slope.
        b /= c;
        for (j = nleft; j <= nrt; j++) weights[j] = (weights[j] as number) * (b * (X(j) - a) + 1);
      }
    }
    let ys = 0;
    for (j = nleft; j <= nrt; j++) ys += (weights[j] as number) * Y(j);
    return ys;
  };

  // At least two, at most n points in each neighbourhood; (int) truncation as in C.
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)));
  let nleft = 1;
  let nright = ns;
  let last = 0;
  let i = 1;
  for (;;) {
    if (nright < n) {
      // Move the window right while that does not increase its radius.
      const d1 = X(i) - X(nleft);
      const d2 = X(nright + 1) - X(i);
      if (d1 > d2) {
        nleft++;
        nright++;
        continue;
      }
    }
    fitted[i] = fitAt(i, nleft, nright) ?? Y(i);
    if (last < i - 1) {
      // Skipped points: interpolate between the last two fitted ones.
      const denominator = X(i) - X(last);
      for (let j = last + 1; j < i; j++) {
        const alpha = (X(j) - X(last)) / denominator;
        fitted[j] = alpha * (fitted[i] as number) + (1 - alpha) * (fitted[last] as number);
      }
    }
    last = i;
    const cut = X(last) + delta;
    for (i = last + 1; i <= n; i++) {
      if (X(i) > cut) break;
      if (X(i) === X(last)) {
        fitted[i] = fitted[last] as number;
        last = i;
      }
    }
    i = Math.max(last + 1, i - 1);
    if (last >= n) break;
  }
  return fitted.slice(1);
}
