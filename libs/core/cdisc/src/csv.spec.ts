import { csv } from './csv';
import type { Dataset } from './model';

const data: Dataset = {
  name: 'T',
  label: '',
  variables: [
    { name: 'A', label: '', type: 'Char' },
    { name: 'B', label: '', type: 'Num' },
  ],
  rows: [
    ['plain', 1.5],
    ['a,b', -0],
    ['say "hi"', null],
    ['line\r\nbreak', 1e-7],
    [null, 0],
    ['lf\nonly', 2],
  ],
};

describe('csv (RFC 4180)', () => {
  it('quotes commas, quotes, CR and LF, ends every record with CRLF and leaves missing empty', () => {
    expect(csv(data)).toBe(
      'A,B\r\nplain,1.5\r\n"a,b",0\r\n"say ""hi""",\r\n"line\r\nbreak",1e-7\r\n,0\r\n"lf\nonly",2\r\n',
    );
  });

  it('writes the header alone for no rows and rejects ragged rows and non-finite numbers', () => {
    expect(csv({ ...data, rows: [] })).toBe('A,B\r\n');
    expect(() => csv({ ...data, rows: [['x']] })).toThrow(RangeError);
    expect(() => csv({ ...data, rows: [['x', NaN]] })).toThrow(/B row 0 is NaN/);
  });
});
