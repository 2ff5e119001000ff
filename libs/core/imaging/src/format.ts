// Formatting shared by the error messages: numbers and file lists a coordinator can read.

/** How many file names a message lists before summarising the rest as "and N more". */
const LISTED_FILES = 5;

/** `a.dcm, b.dcm and 3 more`, each name quoted. */
export function listFiles(names: readonly string[], limit = LISTED_FILES): string {
  const quoted = names.slice(0, limit).map((name) => `'${name}'`);
  const rest = names.length - quoted.length;
  if (rest > 0) return `${quoted.join(', ')} and ${rest} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`;
}

/** A length in mm, at most 4 decimals, without trailing zeros: `2.5`, `0.0125`, `-3`. */
export function formatMm(value: number): string {
  return formatNumber(value, 4);
}

/** A number rounded to `decimals` decimals, without trailing zeros or negative zero. */
export function formatNumber(value: number, decimals = 6): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toFixed(decimals));
  return String(rounded === 0 ? 0 : rounded);
}

/** `(1, 2.5, -3)`. */
export function formatVector(values: readonly number[], decimals = 4): string {
  return `(${values.map((value) => formatNumber(value, decimals)).join(', ')})`;
}

/** `48×48×24`. */
export function formatDims(dims: readonly number[]): string {
  return dims.join('×');
}

/** `1 slice` / `2 slices`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
