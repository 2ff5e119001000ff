import type { Figure } from '../graphics/figure';
import { PdfDocument, pdfLiteral } from './pdf-document';
import { readPdf } from './testing/read-pdf';

const created = new Date(Date.UTC(2026, 10, 28, 9, 30, 5));

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

describe('PdfDocument', () => {
  it('writes a structurally valid PDF 1.4 with /Info', () => {
    const document = new PdfDocument({ title: 'Validation report', creationDate: created });
    document.addPage();
    document.text('Hello', 56, 780);
    const parsed = readPdf(document.toBytes());
    expect(parsed.version).toBe('1.4');
    expect(parsed.pages).toHaveLength(1);
    expect(parsed.pages[0]?.texts).toEqual(['Hello']);
    expect(parsed.pages[0]?.dictionary).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(parsed.info).toEqual({
      Title: 'Validation report',
      Producer: 'Prospect',
      CreationDate: 'D:20261128093005Z',
    });
    expect(parsed.trailer).toMatch(/\/Size \d+ \/Root 1 0 R \/Info 3 0 R/);
  });

  it('escapes backslashes and parentheses and encodes WinAnsi text', () => {
    expect(pdfLiteral('a(b)c\\d')).toBe('(a\\(b\\)c\\\\d)');
    expect(pdfLiteral('\x96')).toBe('(\\226)');
    const document = new PdfDocument({ title: 'Ünïcode – title', creationDate: created });
    document.text('f(x) = \\frac – “AUC” ≥ 0.8, α 漢', 10, 10);
    const bytes = document.toBytes();
    const parsed = readPdf(bytes);
    expect(parsed.pages[0]?.texts).toEqual(['f(x) = \\frac – “AUC” >= 0.8, alpha ?']);
    expect(parsed.info['Title']).toBe('Ünïcode – title');
    // Everything after the binary marker comment is 7-bit.
    expect(/[\x80-\xff]/.test(latin1(bytes).slice(15))).toBe(false);
  });

  it('counts pages through the page tree and adds a blank page to an empty document', () => {
    const document = new PdfDocument({ title: 't', creationDate: created });
    for (let index = 0; index < 3; index += 1) {
      document.addPage();
      document.text(`page ${index + 1}`, 10, 10);
    }
    document.goToPage(0);
    document.text('back on one', 10, 30);
    const parsed = readPdf(document.toBytes());
    expect(parsed.pages.map((page) => page.texts)).toEqual([
      ['page 1', 'back on one'],
      ['page 2'],
      ['page 3'],
    ]);
    expect(readPdf(new PdfDocument({ title: 'empty', creationDate: created }).toBytes()).pages).toHaveLength(
      1,
    );
    expect(() => document.goToPage(3)).toThrow(RangeError);
  });

  it('is byte-for-byte deterministic and rejects invalid dates', () => {
    const build = (): Uint8Array => {
      const document = new PdfDocument({ title: 't', creationDate: created });
      document.paragraph('Some text that wraps '.repeat(20), 56, 780, 300);
      document.rect(10, 10, 100, 50, { fill: '#0072b2', opacity: 0.3 });
      return document.toBytes();
    };
    expect(build()).toEqual(build());
    expect(() => new PdfDocument({ title: 't', creationDate: new Date(Number.NaN) })).toThrow(RangeError);
  });

  it('returns the y below a paragraph', () => {
    const document = new PdfDocument({ title: 't', creationDate: created });
    const next = document.paragraph('one two three four five six seven eight nine ten', 56, 700, 60, {
      size: 10,
      leading: 12,
    });
    const lines = readPdf(document.toBytes()).pages[0]?.texts.length ?? 0;
    expect(lines).toBeGreaterThan(1);
    expect(next).toBe(700 - lines * 12);
  });

  it('draws figures flipped into PDF space with colours, dashes, opacity and rotated text', () => {
    const figure: Figure = {
      id: 'f',
      title: 'f',
      description: 'f',
      width: 100,
      height: 50,
      elements: [
        {
          kind: 'line',
          x1: 0,
          y1: 0,
          x2: 100,
          y2: 50,
          style: { stroke: '#ff0000', strokeWidth: 2, dash: [4, 2] },
        },
        {
          kind: 'polygon',
          points: [
            [0, 0],
            [10, 0],
            [10, 10],
          ],
          style: { fill: '#0000ff', opacity: 0.25 },
        },
        { kind: 'circle', cx: 50, cy: 25, r: 5, style: { fill: '#000000' } },
        { kind: 'circle', cx: Number.NaN, cy: 25, r: 5, style: { fill: '#000000' } },
        {
          kind: 'text',
          x: 10,
          y: 25,
          text: 'Sensitivity',
          anchor: 'start',
          size: 10,
          weight: 'bold',
          rotation: -90,
          style: {},
        },
      ],
      data: { columns: [], rows: [] },
    };
    const document = new PdfDocument({ title: 't', creationDate: created });
    document.drawFigure(figure, 100, 700, 2);
    const parsed = readPdf(document.toBytes());
    const content = parsed.pages[0]?.content ?? '';
    expect(content).toContain('100 600 200 100 re W n'); // clip to the figure box (flipped)
    expect(content).toContain('1 0 0 RG 4 w [8 4] 0 d');
    expect(content).toContain('100 700 m 300 600 l S');
    expect(content).toContain('/GS1 gs');
    expect(parsed.pages[0]?.dictionary).toContain('/GS1 << /Type /ExtGState /CA 0.25 /ca 0.25 >>');
    expect(content).toContain('/F2 20 Tf 0 0 0 rg 0 1 -1 0 120 650 Tm');
    expect(content.match(/ c /g)).toHaveLength(4); // one circle of four Bézier arcs; the NaN one skipped
    expect(content).not.toMatch(/NaN|Infinity/);
    expect(parsed.pages[0]?.texts).toEqual(['Sensitivity']);
  });
});
