/** A linear map from data values to drawing coordinates. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Drawing coordinate back to a data value. */
  invert(coordinate: number): number;
}

/**
 * Linear scale from `domain` to `range`. A zero-width domain maps everything to the middle of the
 * range instead of dividing by zero, so degenerate data still draws.
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const degenerate = !(Math.abs(span) > 0) || !Number.isFinite(span);
  const scale = ((value: number) =>
    degenerate ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0)) as LinearScale;
  return Object.assign(scale, {
    domain: [d0, d1] as const,
    range: [r0, r1] as const,
    invert: (coordinate: number) =>
      degenerate || r1 === r0 ? d0 : d0 + ((coordinate - r0) / (r1 - r0)) * span,
  });
}

/** The 1-2-5 step closest above `rawStep`. */
export function niceStep(rawStep: number): number {
  if (!(rawStep > 0) || !Number.isFinite(rawStep)) return 1;
  const exponent = Math.floor(Math.log10(rawStep));
  const magnitude = Math.pow(10, exponent);
  const fraction = rawStep / magnitude;
  // Guard the boundary: log10 of e.g. 1000 may come out as 2.9999999999999996.
  const nice = fraction <= 1.000001 ? 1 : fraction <= 2.000001 ? 2 : fraction <= 5.000001 ? 5 : 10;
  return nice * magnitude;
}

/** Number of decimals that writes every multiple of `step` exactly (0.25 → 2, 5e-7 → 7). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  for (let decimals = 0; decimals <= 20; decimals += 1) {
    const scaled = step * Math.pow(10, decimals);
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return decimals;
  }
  return 20;
}

const MAX_TICKS = 200;

/**
 * Round tick values with a 1-2-5 step covering `[min, max]`: the first tick is at or below `min`
 * and the last at or above `max`, so `[first, last]` is a nice axis domain. Ticks are computed as
 * integer multiples of the step and rounded to the step's decimals, so there is no floating noise
 * (0.1 + 0.2 comes out as 0.3). A zero-width range is widened around its value; non-finite input
 * gives no ticks.
 */
export function niceTicks(min: number, max: number, approxCount = 5): readonly number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (low === high) {
    const half = low === 0 ? 1 : Math.abs(low) / 2;
    low -= half;
    high += half;
  }
  const count = Math.max(1, Math.round(approxCount));
  const step = niceStep((high - low) / count);
  const decimals = stepDecimals(step);
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first > MAX_TICKS) return [low, high];
  const ticks: number[] = [];
  for (let index = first; index <= last; index += 1) ticks.push(roundTo(index * step, decimals));
  return ticks;
}

/** Nice ticks inside a fixed `[min, max]` (an axis whose domain is given, e.g. 0–1). */
export function niceTicksWithin(min: number, max: number, approxCount = 5): readonly number[] {
  const low = Math.min(min, max);
  const high = Math.max(min, max);
  const tolerance = (high - low) * 1e-9;
  return niceTicks(low, high, approxCount).filter(
    (tick) => tick >= low - tolerance && tick <= high + tolerance,
  );
}

function roundTo(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(Math.min(decimals, 100)));
  return rounded === 0 ? 0 : rounded; // no "-0"
}

/**
 * Shortest decimal text of a number without binary floating noise: 0.30000000000000004 → "0.3",
 * -0 → "0". Non-finite values give an empty string (they are missing data, not numbers to show).
 */
export function formatNumber(value: number, significantDigits = 12): string {
  if (!Number.isFinite(value)) return '';
  const cleaned = Number(value.toPrecision(significantDigits));
  return cleaned === 0 ? '0' : String(cleaned);
}

/**
 * Tick label. With the axis `step`, every label gets the same number of decimals (0.0, 0.5, 1.0
 * reads better than 0, 0.5, 1); without it, the shortest clean text.
 */
export function formatTick(value: number, step?: number): string {
  if (!Number.isFinite(value)) return '';
  if (step === undefined || !(step > 0)) return formatNumber(value);
  const decimals = stepDecimals(step);
  if (decimals > 10 || Math.abs(value) >= 1e15) return formatNumber(value);
  const text = roundTo(value, decimals).toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

const COMPACT_UNITS: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Compact amount for axis labels of costs: 12 500 → "12.5k", 2 000 000 → "2M", with an optional
 * currency prefix ("€12.5k", "-£300"). Three significant digits at most.
 */
export function formatCompact(value: number, currencyPrefix = ''): string {
  if (!Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  for (const [unit, suffix] of COMPACT_UNITS) {
    // Round first so 999 950 shows as "1M", not "1000k".
    if (Number(magnitude.toPrecision(3)) >= unit) {
      return `${sign}${currencyPrefix}${formatNumber(Number((magnitude / unit).toPrecision(3)))}${suffix}`;
    }
  }
  const small = formatNumber(Number(magnitude.toPrecision(3)));
  return small === '0' ? `${currencyPrefix}0` : `${sign}${currencyPrefix}${small}`;
}
