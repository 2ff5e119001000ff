import { fontWidths, measureText, wrapText } from './font-metrics';
import { fromWinAnsi, toWinAnsi } from './win-ansi';

describe('WinAnsi mapping', () => {
  it('keeps ASCII and Latin-1, maps typographic characters into 0x80–0x9F', () => {
    expect(toWinAnsi('Hello, é ± × £')).toBe('Hello, \u00e9 \u00b1 \u00d7 \u00a3');
    expect(toWinAnsi('– — ’ “ ” • €')).toBe('\x96 \x97 \x92 \x93 \x94 \x95 \x80');
    expect(fromWinAnsi(toWinAnsi('– — ’ “ ” • €'))).toBe('– — ’ “ ” • €');
  });

  it('spells out what WinAnsi lacks and replaces the rest with "?"', () => {
    expect(toWinAnsi('p ≤ 0.05, q ≥ 1, α = β')).toBe('p <= 0.05, q >= 1, alpha = beta');
    expect(toWinAnsi('漢字 😀')).toBe('?? ?');
    expect(toWinAnsi('a\nb\tc')).toBe('a b c');
  });
});

describe('Helvetica metrics', () => {
  it('has a width for every printable WinAnsi code', () => {
    for (const font of ['Helvetica', 'Helvetica-Bold'] as const) {
      const widths = fontWidths(font);
      expect(widths).toHaveLength(224);
      const undefinedCodes = widths
        .map((width, index) => (width === 0 ? index + 0x20 : -1))
        .filter((code) => code >= 0);
      expect(undefinedCodes).toEqual([0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    }
  });

  it('measures strings from the AFM advance widths', () => {
    expect(measureText('Hello', 'Helvetica', 10)).toBeCloseTo(((722 + 556 + 222 + 222 + 556) * 10) / 1000);
    expect(measureText('Hello', 'Helvetica-Bold', 10)).toBeCloseTo(
      ((722 + 556 + 278 + 278 + 611) * 10) / 1000,
    );
    expect(measureText('≤', 'Helvetica', 1000)).toBe(584 + 584);
  });
});

describe('wrapText', () => {
  it('breaks greedily on spaces without exceeding the width', () => {
    const text = 'The quick brown fox jumps over the lazy dog '.repeat(5);
    const lines = wrapText(text, 'Helvetica', 10, 120);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(measureText(line, 'Helvetica', 10)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe(text.trim());
  });

  it('keeps explicit newlines and splits words longer than a line', () => {
    expect(wrapText('one\ntwo', 'Helvetica', 10, 500)).toEqual(['one', 'two']);
    const long = wrapText('x'.repeat(100), 'Helvetica', 10, 50);
    expect(long.length).toBeGreaterThan(1);
    expect(long.join('')).toBe('x'.repeat(100));
    expect(wrapText('', 'Helvetica', 10, 50)).toEqual(['']);
  });
});
