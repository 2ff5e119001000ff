import type { Figure } from '../graphics/figure';
import { measureText, wrapText, type PdfFont } from './font-metrics';
import type { PdfDocument } from './pdf-document';

/** Options of {@link PdfReportLayout}. */
export interface PdfLayoutOptions {
  /** Page margin on every side, points (default 56 ≈ 2 cm). */
  readonly margin?: number;
  /** Body text size (default 10). */
  readonly bodySize?: number;
  /** Text at the left of every footer (e.g. the study and report name). */
  readonly footerText?: string;
}

/** A column of {@link PdfReportLayout.table}. */
export interface PdfTableColumn {
  readonly header: string;
  /** Relative width (default 1); widths are scaled to fill the text width. */
  readonly width?: number;
  readonly align?: 'left' | 'right';
}

const CELL_PADDING = 3;
const TABLE_SIZE = 9;
const TABLE_LEADING = 11;
const RULE_COLOUR = '#bfbfbf';
const HEADER_FILL = '#eeeeee';

/**
 * Flows report content down A4 pages of a {@link PdfDocument}: headings kept with what follows,
 * wrapped paragraphs, key–value and multi-column tables (header row repeated after a page
 * break) and figures, with "Page i of n" footers added by {@link finish}.
 */
export class PdfReportLayout {
  private readonly margin: number;
  private readonly bodySize: number;
  private cursor = 0;

  constructor(
    readonly document: PdfDocument,
    private readonly options: PdfLayoutOptions = {},
  ) {
    this.margin = options.margin ?? 56;
    this.bodySize = options.bodySize ?? 10;
    this.newPage();
  }

  /** Width available to text between the side margins. */
  get textWidth(): number {
    return this.document.pageWidth - 2 * this.margin;
  }

  /** The y (PDF coordinates, up) where the next block starts. */
  get y(): number {
    return this.cursor;
  }

  private get bottom(): number {
    // Footer lives in the lower margin; content stops above it.
    return this.margin;
  }

  private get left(): number {
    return this.margin;
  }

  /** Starts a new page and moves the cursor to its top margin. */
  newPage(): void {
    this.document.addPage();
    this.cursor = this.document.pageHeight - this.margin;
  }

  /** Breaks the page unless `height` points still fit above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.cursor - height < this.bottom && this.cursor < this.document.pageHeight - this.margin)
      this.newPage();
  }

  /** Vertical gap. */
  space(height: number): void {
    this.cursor -= height;
  }

  /** Section heading; level 1 is largest. Kept on a page with at least three lines after it. */
  heading(text: string, level: 1 | 2 | 3 = 1): void {
    const size = level === 1 ? 16 : level === 2 ? 13 : 11;
    const lines = wrapText(text, 'Helvetica-Bold', size, this.textWidth);
    const leading = size * 1.25;
    this.ensureSpace(lines.length * leading + size * 0.6 + 3 * this.bodySize * 1.35);
    this.cursor -= level === 1 ? size * 0.4 : size * 0.3;
    for (const line of lines) {
      this.cursor -= size;
      this.document.text(line, this.left, this.cursor, { font: 'Helvetica-Bold', size });
      this.cursor -= leading - size;
    }
    this.cursor -= size * 0.5;
  }

  /** Wrapped paragraph, continued on the next page when it runs past the bottom margin. */
  paragraph(text: string, options: { readonly font?: PdfFont; readonly size?: number } = {}): void {
    const font = options.font ?? 'Helvetica';
    const size = options.size ?? this.bodySize;
    const leading = size * 1.35;
    for (const line of wrapText(text, font, size, this.textWidth)) {
      this.ensureSpace(leading);
      this.cursor -= leading;
      this.document.text(line, this.left, this.cursor + (leading - size), { font, size });
    }
    this.cursor -= size * 0.6;
  }

  /** Two-column table of labels (bold) and values. */
  keyValueTable(rows: readonly (readonly [string, string])[]): void {
    const widest = Math.max(0, ...rows.map(([key]) => measureText(key, 'Helvetica-Bold', TABLE_SIZE)));
    const keyShare = Math.min(0.45, (widest + 2 * CELL_PADDING + 6) / this.textWidth);
    this.drawTable(
      [
        { header: '', width: keyShare },
        { header: '', width: 1 - keyShare },
      ],
      rows,
      { header: false, boldFirstColumn: true },
    );
  }

  /** Multi-column table with a header row, repeated at the top of each continuation page. */
  table(columns: readonly PdfTableColumn[], rows: readonly (readonly string[])[]): void {
    this.drawTable(columns, rows, { header: true, boldFirstColumn: false });
  }

  private drawTable(
    columns: readonly PdfTableColumn[],
    rows: readonly (readonly string[])[],
    mode: { readonly header: boolean; readonly boldFirstColumn: boolean },
  ): void {
    if (columns.length === 0) return;
    const total = columns.reduce((sum, column) => sum + Math.max(0, column.width ?? 1), 0) || 1;
    const widths = columns.map((column) => (Math.max(0, column.width ?? 1) / total) * this.textWidth);
    const lefts = widths.map(
      (_, index) => this.left + widths.slice(0, index).reduce((sum, width) => sum + width, 0),
    );
    const layoutRow = (cells: readonly string[], bold: (index: number) => boolean) =>
      columns.map((_, index) =>
        wrapText(
          cells[index] ?? '',
          bold(index) ? 'Helvetica-Bold' : 'Helvetica',
          TABLE_SIZE,
          (widths[index] ?? 0) - 2 * CELL_PADDING,
        ),
      );
    const rowHeight = (lines: readonly (readonly string[])[]): number =>
      Math.max(1, ...lines.map((cell) => cell.length)) * TABLE_LEADING + 2 * CELL_PADDING;

    const drawRow = (
      lines: readonly (readonly string[])[],
      bold: (index: number) => boolean,
      fill?: string,
    ): void => {
      const height = rowHeight(lines);
      const top = this.cursor;
      if (fill !== undefined) this.document.rect(this.left, top - height, this.textWidth, height, { fill });
      lines.forEach((cellLines, index) => {
        const column = columns[index];
        const font: PdfFont = bold(index) ? 'Helvetica-Bold' : 'Helvetica';
        cellLines.forEach((line, lineIndex) => {
          const baseline = top - CELL_PADDING - TABLE_SIZE - lineIndex * TABLE_LEADING + 1;
          const right = column?.align === 'right';
          const cellLeft = lefts[index] ?? this.left;
          const x = right ? cellLeft + (widths[index] ?? 0) - CELL_PADDING : cellLeft + CELL_PADDING;
          this.document.text(line, x, baseline, { font, size: TABLE_SIZE, align: right ? 'right' : 'left' });
        });
      });
      this.document.line(this.left, top - height, this.left + this.textWidth, top - height, {
        stroke: RULE_COLOUR,
        strokeWidth: 0.5,
      });
      this.cursor -= height;
    };

    const headerLines = layoutRow(
      columns.map((column) => column.header),
      () => true,
    );
    const drawHeader = (): void => {
      if (mode.header) drawRow(headerLines, () => true, HEADER_FILL);
    };
    const headerHeight = mode.header ? rowHeight(headerLines) : 0;
    const bodyBold = (index: number): boolean => mode.boldFirstColumn && index === 0;

    const firstRow = rows[0];
    this.ensureSpace(headerHeight + (firstRow ? rowHeight(layoutRow(firstRow, bodyBold)) : 0));
    drawHeader();
    for (const row of rows) {
      const lines = layoutRow(row, bodyBold);
      const height = rowHeight(lines);
      if (this.cursor - height < this.bottom) {
        this.newPage();
        drawHeader();
      }
      drawRow(lines, bodyBold);
    }
    this.cursor -= this.bodySize * 0.8;
  }

  /**
   * A figure scaled to the text width (never enlarged) and to the page height, moved to a new page
   * when it does not fit, with an optional caption below.
   */
  figure(figure: Figure, caption?: string): void {
    const captionLines = caption === undefined ? [] : wrapText(caption, 'Helvetica', 9, this.textWidth);
    const captionHeight = captionLines.length * 11 + (captionLines.length > 0 ? 4 : 0);
    const pageRoom = this.document.pageHeight - 2 * this.margin - captionHeight;
    const scale = Math.max(0.1, Math.min(1, this.textWidth / figure.width, pageRoom / figure.height));
    const height = figure.height * scale;
    this.ensureSpace(height + captionHeight);
    const x = this.left + (this.textWidth - figure.width * scale) / 2;
    this.document.drawFigure(figure, x, this.cursor, scale);
    this.cursor -= height + 4;
    for (const line of captionLines) {
      this.cursor -= 11;
      this.document.text(line, this.left, this.cursor + 2, { size: 9, colour: '#333333' });
    }
    this.cursor -= this.bodySize;
  }

  /** Writes "Page i of n" (and the footer text) on every page; call once, after all content. */
  finish(): void {
    const count = this.document.pageCount;
    const baseline = this.margin / 2;
    for (let index = 0; index < count; index += 1) {
      this.document.goToPage(index);
      if (this.options.footerText) {
        this.document.text(this.options.footerText, this.left, baseline, { size: 8, colour: '#555555' });
      }
      this.document.text(`Page ${index + 1} of ${count}`, this.document.pageWidth - this.margin, baseline, {
        size: 8,
        align: 'right',
        colour: '#555555',
      });
    }
    this.document.goToPage(count - 1);
  }
}
