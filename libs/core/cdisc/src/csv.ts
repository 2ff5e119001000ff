import type { Dataset, DatasetValue } from './model';

const NEEDS_QUOTES = /[",\r\n]/;

function field(value: DatasetValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Object.is(value, -0) ? '0' : String(value)) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a dataset as CSV per RFC 4180: a header row of variable names, one record per row,
 * CRLF after every record (the last included), fields holding a comma, double quote, CR or LF
 * enclosed in double quotes with quotes doubled; a missing value is an empty field. Numbers are
 * the shortest text that reads back as the same double (JavaScript `String`, so `1e-7` style for
 * very small or large magnitudes; −0 as `0`). Non-finite numbers throw a RangeError, as do rows
 * whose length differs from the variable list.
 */
export function csv(dataset: Dataset): string {
  const width = dataset.variables.length;
  const lines = [dataset.variables.map((variable) => field(variable.name)).join(',')];
  dataset.rows.forEach((row, index) => {
    if (row.length !== width)
      throw new RangeError(`csv: row ${index} has ${row.length} values, expected ${width}`);
    for (const [column, value] of row.entries()) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new RangeError(
          `csv: ${dataset.variables[column]?.name} row ${index} is ${value} (use null for missing)`,
        );
      }
    }
    lines.push(row.map(field).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
