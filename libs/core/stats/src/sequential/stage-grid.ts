/** Integration nodes and composite Simpson weights for one look's continuation region. */
export interface StageGrid {
  readonly points: readonly number[];
  readonly weights: readonly number[];
}

/**
 * Jennison & Turnbull (2000, §19.2) grid for a z statistic with mean `mean` and unit variance,
 * restricted to the continuation region (lower, upper). The 6r − 1 base points are evenly spaced
 * (3/(2r) apart) within ±3 of the mean, where the density matters most, and spread
 * logarithmically out to ±(3 + 4 ln r), beyond which the normal tail is negligible; points
 * outside the region collapse onto its end so the boundary itself is a node. Midpoints are then
 * inserted so that Simpson's rule applies on every pair of panels.
 */
export function stageGrid(mean: number, lower: number, upper: number, r: number): StageGrid {
  const count = 6 * r - 1;
  const lowest = mean - 3 - 4 * Math.log(r);
  const highest = mean + 3 + 4 * Math.log(r);
  const kept: number[] = [];
  if (lower > lowest) kept.push(lower);
  for (let i = 1; i <= count; i++) {
    let offset: number;
    if (i < r) offset = -3 - 4 * Math.log(r / i);
    else if (i <= 5 * r) offset = -3 + (3 * (i - r)) / (2 * r);
    else offset = 3 + 4 * Math.log(r / (6 * r - i));
    const x = mean + offset;
    if (x > lower && x < upper) kept.push(x);
  }
  if (upper < highest) kept.push(upper);
  if (kept.length < 2) {
    // The region lies between two base points (or beyond all of them): integrate over it alone.
    kept.length = 0;
    kept.push(Math.max(lower, lowest), Math.min(upper, highest));
  }

  const panels = kept.length - 1;
  const points: number[] = new Array<number>(2 * panels + 1).fill(0);
  const weights: number[] = new Array<number>(2 * panels + 1).fill(0);
  let left = kept[0] as number;
  points[0] = left;
  for (let j = 0; j < panels; j++) {
    const right = kept[j + 1] as number;
    const width = right - left;
    points[2 * j + 1] = 0.5 * (left + right);
    points[2 * j + 2] = right;
    // Simpson on each panel [left, right]: width/6 · (1, 4, 1).
    weights[2 * j] = (weights[2 * j] as number) + width / 6;
    weights[2 * j + 1] = (4 * width) / 6;
    weights[2 * j + 2] = width / 6;
    left = right;
  }
  return { points, weights };
}
