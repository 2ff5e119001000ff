import { readFileSync } from 'node:fs';
import { CliError } from './cli-error';

/** A CSV file's header and rows of cells (quotes around a cell removed; no embedded commas). */
export interface Table {
  header: string[];
  rows: string[][];
}

/** Reads a CSV file, or a CLI error naming the file and the line that is wrong. */
export function readTable(path: string, shown: string): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`--input ${shown}: cannot read the file.`);
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1');
  const header = (lines[0] ?? '').split(',').map(unquote);
  if (lines.length < 2) throw new CliError(`--input ${shown}: expected a header and at least one data row.`);
  const rows = lines.slice(1).map((line, index) => {
    const cells = line.split(',').map(unquote);
    if (cells.length !== header.length) {
      throw new CliError(
        `--input ${shown}: line ${index + 2} has ${cells.length} cells; the header has ${header.length}.`,
      );
    }
    return cells;
  });
  return { header, rows };
}

/** A numeric column by name, or a CLI error naming the line and the cell. */
export function column(table: Table, name: string, shown: string): number[] {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new CliError(`--input ${shown}: no column "${name}" (the columns are ${table.header.join(', ')}).`);
  }
  return table.rows.map((cells, row) => {
    const cell = cells[index] ?? '';
    const value = cell === '' ? Number.NaN : Number(cell);
    if (!Number.isFinite(value)) {
      throw new CliError(`--input ${shown}: line ${row + 2}, column ${name}: "${cell}" is not a number.`);
    }
    return value;
  });
}
