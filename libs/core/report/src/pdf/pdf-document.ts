import { isDrawable, type Figure, type FigureElement, type Point, type Style } from '../graphics/figure';
import { measureWinAnsi, wrapText, type PdfFont } from './font-metrics';
import { toWinAnsi } from './win-ansi';

/** A4 portrait in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Options of {@link PdfDocument}. */
export interface PdfDocumentOptions {
  /** Document title for the /Info dictionary (what viewers show in the title bar). */
  readonly title: string;
  /**
   * Creation time written to /Info. A parameter rather than the clock so the same input always
   * gives byte-identical files (reproducible submission packages).
   */
  readonly creationDate: Date;
  readonly author?: string;
  readonly subject?: string;
}

export type TextAlign = 'left' | 'center' | 'right';

/** Options of {@link PdfDocument.text}. */
export interface PdfTextOptions {
  readonly font?: PdfFont;
  readonly size?: number;
  /** `#rrggbb`, default black. */
  readonly colour?: string;
  /** Which point of the text sits at x: its left end (default), middle or right end. */
  readonly align?: TextAlign;
  /** 90 turns the text counter-clockwise to read bottom-to-top. */
  readonly rotation?: 0 | 90;
}

/** Options of {@link PdfDocument.paragraph}. */
export interface PdfParagraphOptions {
  readonly font?: PdfFont;
  readonly size?: number;
  /** Baseline-to-baseline distance; default 1.3 × size. */
  readonly leading?: number;
  readonly colour?: string;
}

const FONT_RESOURCE: Readonly<Record<PdfFont, string>> = { Helvetica: 'F1', 'Helvetica-Bold': 'F2' };
const KAPPA = 0.5522847498; // Bézier control distance that best approximates a quarter circle

/** Number in content streams: at most 3 decimals, no exponent, no "-0". */
export function pdfNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 1000) / 1000;
  if (rounded === 0) return '0';
  if (Math.abs(rounded) >= 1e15) return rounded.toFixed(0);
  return String(rounded);
}

/**
 * PDF literal string from bytes given as char codes 0–255: backslash and parentheses escaped,
 * everything outside printable ASCII written as octal so the file stays 7-bit text.
 */
export function pdfLiteral(bytes: string): string {
  let out = '(';
  for (let index = 0; index < bytes.length; index += 1) {
    const code = bytes.charCodeAt(index);
    if (code === 0x5c || code === 0x28 || code === 0x29) out += `\\${bytes[index]}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += bytes[index];
  }
  return `${out})`;
}

/** Text string for /Info: literal when plain ASCII, otherwise UTF-16BE with a byte-order mark. */
function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return pdfLiteral(text);
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index += 1) {
    hex += text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  }
  return `<${hex}>`;
}

function pdfDate(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('PDF creation date is not a valid date');
  const two = (value: number): string => String(value).padStart(2, '0');
  return (
    `D:${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
    `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`
  );
}

/** `#rrggbb` as three PDF colour components, or undefined when it is not a colour. */
function rgb(colour: string | undefined): string | undefined {
  if (colour === undefined || !/^#[0-9a-fA-F]{6}$/.test(colour)) return undefined;
  const channel = (offset: number): string =>
    pdfNumber(Math.round((parseInt(colour.slice(offset, offset + 2), 16) / 255) * 1000) / 1000);
  return `${channel(1)} ${channel(3)} ${channel(5)}`;
}

/**
 * A minimal PDF 1.4 writer: A4 pages, the standard Helvetica fonts (WinAnsiEncoding, not
 * embedded), vector shapes, text and {@link Figure}s. Coordinates are PDF user space: points
 * from the bottom-left corner, y up. Content streams are uncompressed (no zlib in a pure library),
 * and the output depends only on the calls made, so it is byte-for-byte reproducible.
 */
export class PdfDocument {
  readonly pageWidth = A4.width;
  readonly pageHeight = A4.height;
  private readonly pages: string[][] = [];
  private current = -1;
  /** Opacity → ExtGState resource name; shared by all pages. */
  private readonly opacityStates = new Map<string, string>();

  constructor(private readonly options: PdfDocumentOptions) {
    pdfDate(options.creationDate); // fail early on an invalid date
  }

  /** Number of pages so far. */
  get pageCount(): number {
    return this.pages.length;
  }

  /** Index (0-based) of the page drawing goes to. */
  get currentPage(): number {
    return this.current;
  }

  /** Starts a new A4 page and makes it current; returns its 0-based index. */
  addPage(): number {
    this.pages.push([]);
    this.current = this.pages.length - 1;
    return this.current;
  }

  /** Makes an existing page current again (e.g. to add "Page i of n" once n is known). */
  goToPage(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pages.length) {
      throw new RangeError(`No page ${index} (document has ${this.pages.length})`);
    }
    this.current = index;
  }

  private emit(operations: string): void {
    if (this.current < 0) this.addPage();
    this.pages[this.current]?.push(operations);
  }

  /** One line of text with its baseline at y. Newlines become spaces; see {@link paragraph}. */
  text(text: string, x: number, y: number, options: PdfTextOptions = {}): void {
    const font = options.font ?? 'Helvetica';
    const size = options.size ?? 10;
    const encoded = toWinAnsi(text);
    if (encoded === '' || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const width = measureWinAnsi(encoded, font, size);
    const shift = options.align === 'center' ? -width / 2 : options.align === 'right' ? -width : 0;
    const rotated = options.rotation === 90;
    const matrix = rotated
      ? `0 1 -1 0 ${pdfNumber(x)} ${pdfNumber(y + shift)}`
      : `1 0 0 1 ${pdfNumber(x + shift)} ${pdfNumber(y)}`;
    const colour = rgb(options.colour) ?? '0 0 0';
    this.emit(
      `BT /${FONT_RESOURCE[font]} ${pdfNumber(size)} Tf ${colour} rg ${matrix} Tm ${pdfLiteral(encoded)} Tj ET`,
    );
  }

  /**
   * Wrapped text starting with its first baseline at y; returns the y where the next line would
   * go (y minus the lines × leading). Pagination is the caller's job (see PdfReportLayout).
   */
  paragraph(text: string, x: number, y: number, maxWidth: number, options: PdfParagraphOptions = {}): number {
    const font = options.font ?? 'Helvetica';
    const size = options.size ?? 10;
    const leading = options.leading ?? size * 1.3;
    let baseline = y;
    for (const line of wrapText(text, font, size, maxWidth)) {
      this.text(line, x, baseline, {
        font,
        size,
        ...(options.colour === undefined ? {} : { colour: options.colour }),
      });
      baseline -= leading;
    }
    return baseline;
  }

  /** Straight line. */
  line(x1: number, y1: number, x2: number, y2: number, style: Style = { stroke: '#000000' }): void {
    this.path(`${pdfNumber(x1)} ${pdfNumber(y1)} m ${pdfNumber(x2)} ${pdfNumber(y2)} l`, {
      ...style,
      fill: undefined,
    });
  }

  /** Rectangle with its bottom-left corner at (x, y). */
  rect(x: number, y: number, width: number, height: number, style: Style = { stroke: '#000000' }): void {
    this.path(`${pdfNumber(x)} ${pdfNumber(y)} ${pdfNumber(width)} ${pdfNumber(height)} re`, style);
  }

  /** Closed polygon. */
  polygon(points: readonly Point[], style: Style): void {
    if (points.length < 2) return;
    this.path(`${polylinePath(points)} h`, style);
  }

  /** Open polyline (never filled). */
  polyline(points: readonly Point[], style: Style): void {
    if (points.length < 2) return;
    this.path(polylinePath(points), { ...style, fill: undefined });
  }

  /** Circle approximated by four Bézier curves. */
  circle(cx: number, cy: number, r: number, style: Style): void {
    this.path(circlePath(cx, cy, Math.abs(r)), style);
  }

  /** Paints a path with the style, isolated in q/Q so no state leaks to the next drawing. */
  private path(construction: string, style: Style, scale = 1): void {
    const stroke = rgb(style.stroke);
    const fill = rgb(style.fill);
    if (stroke === undefined && fill === undefined) return;
    const operations: string[] = ['q'];
    const state = this.opacityState(style.opacity);
    if (state !== undefined) operations.push(`/${state} gs`);
    if (stroke !== undefined) {
      operations.push(`${stroke} RG ${pdfNumber((style.strokeWidth ?? 1) * scale)} w`);
      const dash = (style.dash ?? []).filter((value) => Number.isFinite(value) && value >= 0);
      if (dash.length > 0 && dash.some((value) => value > 0)) {
        operations.push(`[${dash.map((value) => pdfNumber(value * scale)).join(' ')}] 0 d`);
      }
    }
    if (fill !== undefined) operations.push(`${fill} rg`);
    operations.push(
      construction,
      stroke !== undefined && fill !== undefined ? 'B' : fill !== undefined ? 'f' : 'S',
      'Q',
    );
    this.emit(operations.join(' '));
  }

  private opacityState(opacity: number | undefined): string | undefined {
    if (opacity === undefined || !Number.isFinite(opacity) || opacity >= 1) return undefined;
    const key = pdfNumber(Math.max(0, opacity));
    let name = this.opacityStates.get(key);
    if (name === undefined) {
      name = `GS${this.opacityStates.size + 1}`;
      this.opacityStates.set(key, name);
    }
    return name;
  }

  /**
   * Draws a figure with its top-left corner at (x, yTop), `scale` points per figure unit. The
   * figure's y-down coordinates are flipped here, and drawing is clipped to the figure's box.
   */
  drawFigure(figure: Figure, x: number, yTop: number, scale = 1): void {
    const mapX = (value: number): number => x + value * scale;
    const mapY = (value: number): number => yTop - value * scale;
    const map = (point: Point): Point => [mapX(point[0]), mapY(point[1])];
    const width = figure.width * scale;
    const height = figure.height * scale;
    this.emit(
      `q ${pdfNumber(x)} ${pdfNumber(yTop - height)} ${pdfNumber(width)} ${pdfNumber(height)} re W n`,
    );
    for (const element of figure.elements) {
      if (isDrawable(element)) this.drawElement(element, map, scale);
    }
    this.emit('Q');
  }

  private drawElement(element: FigureElement, map: (point: Point) => Point, scale: number): void {
    switch (element.kind) {
      case 'line': {
        const [x1, y1] = map([element.x1, element.y1]);
        const [x2, y2] = map([element.x2, element.y2]);
        this.path(
          `${pdfNumber(x1)} ${pdfNumber(y1)} m ${pdfNumber(x2)} ${pdfNumber(y2)} l`,
          { ...element.style, fill: undefined },
          scale,
        );
        return;
      }
      case 'polyline':
        if (element.points.length >= 2)
          this.path(polylinePath(element.points.map(map)), { ...element.style, fill: undefined }, scale);
        return;
      case 'polygon':
        if (element.points.length >= 2)
          this.path(`${polylinePath(element.points.map(map))} h`, element.style, scale);
        return;
      case 'rect': {
        const [left, top] = map([element.x, element.y]);
        const width = element.width * scale;
        const height = element.height * scale;
        this.path(
          `${pdfNumber(left)} ${pdfNumber(top - height)} ${pdfNumber(width)} ${pdfNumber(height)} re`,
          element.style,
          scale,
        );
        return;
      }
      case 'circle': {
        const [cx, cy] = map([element.cx, element.cy]);
        this.path(circlePath(cx, cy, Math.abs(element.r) * scale), element.style, scale);
        return;
      }
      case 'text': {
        const [px, py] = map([element.x, element.y]);
        const align: TextAlign =
          element.anchor === 'middle' ? 'center' : element.anchor === 'end' ? 'right' : 'left';
        const state = this.opacityState(element.style.opacity);
        if (state !== undefined) this.emit(`q /${state} gs`);
        this.text(element.text, px, py, {
          font: element.weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica',
          size: element.size * scale,
          colour: element.style.fill ?? '#000000',
          align,
          rotation: element.rotation === -90 ? 90 : 0,
        });
        if (state !== undefined) this.emit('Q');
        return;
      }
    }
  }

  /**
   * The finished file: header, objects, a cross-reference table with exact byte offsets and the
   * trailer. A document without pages gets one blank page, since viewers reject empty page trees.
   */
  toBytes(): Uint8Array {
    if (this.pages.length === 0) this.addPage();
    const objects: string[] = []; // objects[i] is object number i + 1
    const catalogId = 1;
    const pagesId = 2;
    const infoId = 3;
    const fontIds: Readonly<Record<PdfFont, number>> = { Helvetica: 4, 'Helvetica-Bold': 5 };
    const firstPageId = 6;
    const pageIds = this.pages.map((_, index) => firstPageId + index * 2);

    objects[catalogId - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
    objects[pagesId - 1] =
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
    const info = [
      `/Title ${pdfTextString(this.options.title)}`,
      ...(this.options.author === undefined ? [] : [`/Author ${pdfTextString(this.options.author)}`]),
      ...(this.options.subject === undefined ? [] : [`/Subject ${pdfTextString(this.options.subject)}`]),
      `/Producer (Prospect)`,
      `/CreationDate (${pdfDate(this.options.creationDate)})`,
    ];
    objects[infoId - 1] = `<< ${info.join(' ')} >>`;
    for (const font of ['Helvetica', 'Helvetica-Bold'] as const) {
      objects[fontIds[font] - 1] =
        `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`;
    }
    const states = [...this.opacityStates.entries()]
      .map(([opacity, name]) => `/${name} << /Type /ExtGState /CA ${opacity} /ca ${opacity} >>`)
      .join(' ');
    const resources =
      `<< /ProcSet [/PDF /Text] /Font << /F1 ${fontIds.Helvetica} 0 R /F2 ${fontIds['Helvetica-Bold']} 0 R >>` +
      (states === '' ? '' : ` /ExtGState << ${states} >>`) +
      ' >>';
    this.pages.forEach((operations, index) => {
      const pageId = firstPageId + index * 2;
      const contentId = pageId + 1;
      const content = operations.join('\n');
      objects[pageId - 1] =
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${pdfNumber(this.pageWidth)} ${pdfNumber(this.pageHeight)}] ` +
        `/Resources ${resources} /Contents ${contentId} 0 R >>`;
      // The content is 7-bit ASCII (text bytes are octal-escaped), so length in chars = bytes.
      objects[contentId - 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
    });

    // The comment with high bytes tells transfer tools the file is binary.
    let file = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
    const offsets: number[] = [];
    objects.forEach((body, index) => {
      offsets.push(file.length);
      file += `${index + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xrefOffset = file.length;
    file += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const offset of offsets) file += `${String(offset).padStart(10, '0')} 00000 n \n`;
    file += `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /Info ${infoId} 0 R >>\n`;
    file += `startxref\n${xrefOffset}\n%%EOF\n`;

    const bytes = new Uint8Array(file.length);
    for (let index = 0; index < file.length; index += 1) bytes[index] = file.charCodeAt(index) & 0xff;
    return bytes;
  }
}

function polylinePath(points: readonly Point[]): string {
  return points
    .map(([x, y], index) => `${pdfNumber(x)} ${pdfNumber(y)} ${index === 0 ? 'm' : 'l'}`)
    .join(' ');
}

function circlePath(cx: number, cy: number, r: number): string {
  const k = KAPPA * r;
  const n = pdfNumber;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c h`,
  ].join(' ');
}
