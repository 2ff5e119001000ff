import { PdfDocument } from '../pdf-document';
import { readPdf } from './read-pdf';

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

function textOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
}

describe('readPdf (test reader)', () => {
  const document = new PdfDocument({ title: 'x', creationDate: new Date(0) });
  document.text('Hello (world)', 10, 10);
  const good = textOf(document.toBytes());

  it('reads what the writer writes', () => {
    expect(readPdf(bytesOf(good)).pages[0]?.texts).toEqual(['Hello (world)']);
  });

  it('rejects a wrong header, a shifted object and a wrong startxref', () => {
    expect(() => readPdf(bytesOf(good.replace('%PDF-1.4', '%XDF-1.4')))).toThrow(/header/);
    // One extra byte before the objects shifts every offset in the xref table.
    expect(() => readPdf(bytesOf(good.replace('%PDF-1.4\n', '%PDF-1.4\n\n')))).toThrow(
      /(does not point|startxref)/,
    );
    const start = Number(/startxref\n(\d+)/.exec(good)?.[1]);
    expect(() => readPdf(bytesOf(good.replace(/startxref\n\d+/, `startxref\n${start + 1}`)))).toThrow(
      /startxref/,
    );
  });

  it('rejects a stream whose /Length is wrong', () => {
    // Same byte count (zero-padded number), so only the length check can fail.
    const broken = good.replace(
      /\/Length (\d+)/,
      (_, length: string) => `/Length ${String(Number(length) - 3).padStart(length.length, '0')}`,
    );
    expect(broken.length).toBe(good.length);
    expect(() => readPdf(bytesOf(broken))).toThrow(/Length/);
  });
});
