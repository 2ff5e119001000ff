export { measureText, measureWinAnsi, wrapText, fontWidths, type PdfFont } from './font-metrics';
export { toWinAnsi, fromWinAnsi } from './win-ansi';
export {
  A4,
  PdfDocument,
  pdfLiteral,
  pdfNumber,
  type PdfDocumentOptions,
  type PdfParagraphOptions,
  type PdfTextOptions,
  type TextAlign,
} from './pdf-document';
export { PdfReportLayout, type PdfLayoutOptions, type PdfTableColumn } from './pdf-layout';
