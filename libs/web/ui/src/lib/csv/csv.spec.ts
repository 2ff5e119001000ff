import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends, empty cells for missing values', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, null],
          [undefined, 'x'],
        ],
      ),
    ).toBe('a,b\r\n1,\r\n,x\r\n');
  });

  it('quotes fields holding commas, quotes and line breaks (RFC 4180)', () => {
    expect(toCsv(['text'], [['a,b'], ['say "hi"'], ['two\nlines']])).toBe(
      'text\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n',
    );
  });

  it('keeps spreadsheets from running formulas but keeps signed numbers', () => {
    expect(toCsv(['x'], [['=SUM(A1)'], ['@cmd'], ['-0.5'], ['+3'], [-2]])).toBe(
      "x\r\n'=SUM(A1)\r\n'@cmd\r\n-0.5\r\n+3\r\n-2\r\n",
    );
  });

  it('writes non-finite numbers as empty cells and booleans as words', () => {
    expect(toCsv(['v'], [[Number.NaN], [Number.POSITIVE_INFINITY], [true]])).toBe('v\r\n\r\n\r\ntrue\r\n');
  });
});
