import { toWinAnsi } from './win-ansi';

/** The two standard Type 1 fonts the writer uses (not embedded: every PDF viewer has them). */
export type PdfFont = 'Helvetica' | 'Helvetica-Bold';

// Advance widths (1/1000 em) for WinAnsiEncoding codes 0x20…0xFF, from the Adobe Core 14 AFM
// metrics. `0` marks the codes WinAnsi leaves undefined (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D);
// toWinAnsi never produces them.
// prettier-ignore
const HELVETICA_WIDTHS: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
  556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
  0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
  400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
  667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
  556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
  556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];

// prettier-ignore
const HELVETICA_BOLD_WIDTHS: readonly number[] = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
  556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
  0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
  400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
  722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
  556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
  611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

const FIRST_CODE = 0x20;

/** Advance width table of `font` for codes 0x20…0xFF (index = code − 0x20), in 1/1000 em. */
export function fontWidths(font: PdfFont): readonly number[] {
  return font === 'Helvetica-Bold' ? HELVETICA_BOLD_WIDTHS : HELVETICA_WIDTHS;
}

/** Width in points of WinAnsi-encoded bytes (as a string of char codes 0–255). */
export function measureWinAnsi(encoded: string, font: PdfFont, size: number): number {
  const widths = fontWidths(font);
  let total = 0;
  for (let index = 0; index < encoded.length; index += 1) {
    total += widths[encoded.charCodeAt(index) - FIRST_CODE] ?? 0;
  }
  return (total * size) / 1000;
}

/** Width in points of `text` set in `font` at `size`, after the same WinAnsi mapping the PDF uses. */
export function measureText(text: string, font: PdfFont, size: number): number {
  return measureWinAnsi(toWinAnsi(text), font, size);
}

/**
 * Breaks `text` into lines no wider than `maxWidth` points: greedy on spaces, explicit newlines
 * kept, and a word longer than a whole line split between characters so nothing overflows.
 */
export function wrapText(text: string, font: PdfFont, size: number, maxWidth: number): readonly string[] {
  const lines: string[] = [];
  const spaceWidth = measureText(' ', font, size);
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    const words = paragraph.split(/[ \t]+/).filter((word) => word.length > 0);
    let current = '';
    let currentWidth = 0;
    for (const word of words) {
      const wordWidth = measureText(word, font, size);
      if (current !== '' && currentWidth + spaceWidth + wordWidth <= maxWidth) {
        current += ` ${word}`;
        currentWidth += spaceWidth + wordWidth;
        continue;
      }
      if (current !== '') lines.push(current);
      if (wordWidth <= maxWidth) {
        current = word;
        currentWidth = wordWidth;
        continue;
      }
      const pieces = splitLongWord(word, font, size, maxWidth);
      lines.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1] ?? '';
      currentWidth = measureText(current, font, size);
    }
    lines.push(current);
  }
  return lines;
}

function splitLongWord(word: string, font: PdfFont, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of word) {
    if (piece !== '' && measureText(piece + character, font, size) > maxWidth) {
      pieces.push(piece);
      piece = '';
    }
    piece += character;
  }
  pieces.push(piece);
  return pieces;
}
