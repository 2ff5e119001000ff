/**
 * Index of the bin holding `value` for interior cut points `edges` (strictly increasing): bins
 * are (−∞, e₁], (e₁, e₂], …, (e_{k−1}, ∞), so the index is the number of edges strictly below
 * the value (a value equal to an edge falls in the bin that edge closes). Binary search.
 */
export function binIndex(value: number, edges: readonly number[]): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Sample quantile of type 7 (R's default `quantile(x, p, type = 7)`, Hyndman & Fan 1996) of
 * sorted values: with the 1-based position i = 1 + (n − 1)·p and lo = ⌊i⌋, h = i − lo, the value
 * (1 − h)·x₍lo₎ + h·x₍lo+1₎. Computed in R's order of operations (1-based position included), so
 * the two agree to the last bit.
 */
export function quantileType7(sorted: Float64Array, p: number): number {
  const position = 1 + (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const atLow = sorted[lo - 1] as number;
  const atHigh = sorted[hi - 1] as number;
  if (!(position > lo) || atHigh === atLow) return atLow;
  const h = position - lo;
  return (1 - h) * atLow + h * atHigh;
}
