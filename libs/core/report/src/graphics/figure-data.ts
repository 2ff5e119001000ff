import type { Figure, FigureCell } from './figure';
import { formatNumber } from './scale';
import { escapeXml } from './svg';

function cellText(cell: FigureCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? formatNumber(cell) : cell;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The figure's numbers as CSV (RFC 4180): header row, CRLF line ends, fields with commas, quotes
 * or line breaks quoted. Missing and non-finite values are empty fields.
 */
export function figureDataToCsv(figure: Figure): string {
  const { columns, rows } = figure.data;
  const records = [columns, ...rows].map((row) =>
    columns.map((_, index) => csvField(cellText(row[index]))).join(','),
  );
  return records.map((record) => `${record}\r\n`).join('');
}

/**
 * The figure's numbers as an accessible HTML table (caption = figure title, column headers with
 * `scope="col"`), every text escaped. Numbers are right-aligned through the `num` class.
 */
export function figureDataToHtmlTable(figure: Figure): string {
  const { columns, rows } = figure.data;
  const header = columns.map((column) => `<th scope="col">${escapeXml(column)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((_, index) => {
        const cell = row[index];
        const numeric = typeof cell === 'number' ? ' class="num"' : '';
        return `<td${numeric}>${escapeXml(cellText(cell))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return [
    `<table class="figure-data" id="${escapeXml(figure.id)}-data">`,
    `<caption>${escapeXml(figure.title)}</caption>`,
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>${body === '' ? '' : `\n${body}\n`}</tbody>`,
    '</table>',
  ].join('\n');
}
