import { PdfDocument } from '../pdf/pdf-document';
import { PdfReportLayout } from '../pdf/pdf-layout';
import type { ReportDocument } from './report-blocks';

/**
 * The report as an A4 PDF: the same blocks as the HTML, figures drawn as vectors, tables
 * continued across pages with their header, "Page i of n" in every footer. Byte-identical for
 * the same document (the creation date is the document's, not the clock's).
 */
export function renderPdf(document: ReportDocument): Uint8Array {
  const pdf = new PdfDocument({
    title: document.title,
    creationDate: document.createdAt,
    author: 'Prospect',
    subject: document.subtitle.join(' · '),
  });
  const layout = new PdfReportLayout(pdf, { footerText: document.footer });
  layout.heading(document.title, 1);
  for (const line of document.subtitle) layout.paragraph(line);
  // Sections start on a new page, except the first, which follows the title.
  let sections = 0;
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'heading':
        if (block.level === 1 && sections++ > 0) layout.newPage();
        layout.heading(block.text, block.level);
        break;
      case 'paragraph':
        layout.paragraph(block.text);
        break;
      case 'key-value':
        layout.keyValueTable(block.rows);
        break;
      case 'table':
        layout.paragraph(block.caption, { font: 'Helvetica-Bold', size: 9 });
        layout.table(
          block.columns.map((column) => ({
            header: column.header,
            ...(column.width === undefined ? {} : { width: column.width }),
            align: column.numeric ? ('right' as const) : ('left' as const),
          })),
          block.rows,
        );
        break;
      case 'figure':
        layout.figure(block.figure, block.caption);
        break;
      case 'page-break':
        layout.newPage();
        break;
    }
  }
  layout.finish();
  return pdf.toBytes();
}
