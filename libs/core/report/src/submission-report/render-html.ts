import { figureDataToCsv, figureDataToHtmlTable } from '../graphics/figure-data';
import { escapeXml, figureToSvg } from '../graphics/svg';
import type { ReportBlock, ReportDocument } from './report-blocks';

const STYLE = `
:root { color: #1a1a1a; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; line-height: 1.45; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #cccccc; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.subtitle { color: #444444; margin: 0.1rem 0; }
table { border-collapse: collapse; margin: 0.8rem 0; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #bfbfbf; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #eeeeee; }
td.numeric { text-align: right; font-variant-numeric: tabular-nums; }
table.key-value th { width: 30%; }
figure { margin: 1.2rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #333333; }
details { margin-top: 0.4rem; font-size: 0.9rem; }
summary { cursor: pointer; color: #0b5394; }
a { color: #0b5394; }
a:focus, summary:focus { outline: 2px solid #0b5394; outline-offset: 2px; }
nav ol { columns: 2; }
@media print { details { display: none; } h2 { break-before: page; } }
`;

/**
 * The report as one self-contained HTML5 file: inline CSS, every figure as inline SVG with its
 * title and description, and under each figure its numbers as a table and a CSV download (a data
 * URL), so nothing is fetched from anywhere.
 */
export function renderHtml(document: ReportDocument): string {
  const toc = document.blocks
    .filter((block): block is Extract<ReportBlock, { kind: 'heading' }> => block.kind === 'heading')
    .filter((block) => block.level === 1 && block.id)
    .map((block) => `<li><a href="#${escapeXml(block.id as string)}">${escapeXml(block.text)}</a></li>`)
    .join('');
  const body = document.blocks.map(renderBlock).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Prospect">
<title>${escapeXml(document.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeXml(document.title)}</h1>
${document.subtitle.map((line) => `<p class="subtitle">${escapeXml(line)}</p>`).join('\n')}
</header>
<nav aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading': {
      const level = block.level + 1;
      const id = block.id ? ` id="${escapeXml(block.id)}"` : '';
      return `<h${level}${id}>${escapeXml(block.text)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${escapeXml(block.text)}</p>`;
    case 'key-value':
      return `<table class="key-value"><tbody>${block.rows
        .map(([key, value]) => `<tr><th scope="row">${escapeXml(key)}</th><td>${escapeXml(value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'table': {
      const header = block.columns
        .map((column) => `<th scope="col">${escapeXml(column.header)}</th>`)
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row
              .map((cell, index) =>
                block.columns[index]?.numeric
                  ? `<td class="numeric">${escapeXml(cell)}</td>`
                  : `<td>${escapeXml(cell)}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('');
      return `<table><caption>${escapeXml(block.caption)}</caption><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'figure': {
      const csv = figureDataToCsv(block.figure);
      const download = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
      return `<figure id="figure-${escapeXml(block.figure.id)}" data-figure="${escapeXml(block.figure.id)}">
${figureToSvg(block.figure)}
<figcaption>${escapeXml(block.caption)}</figcaption>
<details><summary>The numbers behind “${escapeXml(block.figure.title)}”</summary>
${figureDataToHtmlTable(block.figure)}
<p><a href="${escapeXml(download)}" download="${escapeXml(block.figure.id)}.csv">Download as CSV</a></p>
</details>
</figure>`;
    }
    case 'page-break':
      return '';
  }
}
