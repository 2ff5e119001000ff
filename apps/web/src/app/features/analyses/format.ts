/** A number with `digits` decimals; an em dash for null or non-finite values. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** A fraction as a percentage. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${(value * 100).toFixed(digits)}%`;
}

/** An interval as "(low to high)". */
export function formatInterval(
  interval: readonly [number, number] | null | undefined,
  format: (value: number) => string = (value) => formatNumber(value),
): string {
  return interval ? `${format(interval[0])} to ${format(interval[1])}` : '—';
}

/** An estimate with its interval: "0.671 (95% CI 0.417 to 0.926)". */
export function formatEstimate(
  estimate: number | null | undefined,
  interval: readonly [number, number] | null | undefined,
  format: (value: number) => string = (value) => formatNumber(value),
  level = '95% CI',
): string {
  if (estimate === null || estimate === undefined) return '—';
  return interval ? `${format(estimate)} (${level} ${formatInterval(interval, format)})` : format(estimate);
}

/** A money amount in the plan's currency. */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      value,
    );
  } catch {
    return `${value.toFixed(0)} ${currency}`;
  }
}
