/** Fixed-decimal text of an estimate; missing or non-finite values read "NA". */
export function formatEstimate(value: number | null | undefined, digits = 2): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'NA';
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** "0.81 (0.75–0.86)": estimate with its confidence interval. */
export function formatWithCi(
  estimate: number | null | undefined,
  lower: number | null | undefined,
  upper: number | null | undefined,
  digits = 2,
): string {
  const interval =
    typeof lower === 'number' && typeof upper === 'number' && Number.isFinite(lower) && Number.isFinite(upper)
      ? ` (${formatEstimate(lower, digits)}–${formatEstimate(upper, digits)})`
      : '';
  return `${formatEstimate(estimate, digits)}${interval}`;
}

/** Finite number or null, for figure data tables. */
export function cell(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
