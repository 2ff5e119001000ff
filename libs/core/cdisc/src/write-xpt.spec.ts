import type { Dataset } from './model';
import { preflightXpt } from './preflight-xpt';
import { readXpt } from './read-xpt';
import { XptError, writeXpt } from './write-xpt';

const dm: Dataset = {
  name: 'DM',
  label: 'Demographics',
  variables: [
    { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'Char' },
    { name: 'AGE', label: 'Age', type: 'Num', format: '8.' },
  ],
  rows: [
    ['S-1', 63],
    ['S-22', null],
    [null, -0.5],
  ],
};

describe('preflightXpt (XPORT v5 limits)', () => {
  it('accepts a valid dataset', () => {
    expect(preflightXpt(dm)).toEqual([]);
  });

  it('reports names, labels, lengths, types, ASCII and ragged rows with variable and row', () => {
    const problems = preflightXpt({
      name: 'dm',
      label: 'x'.repeat(41),
      variables: [
        { name: 'TOOLONGNAME', label: 'ok', type: 'Char' },
        { name: '1ABC', label: 'ok', type: 'Num', length: 4 },
        { name: 'A', label: 'Ünïcode', type: 'Char', length: 3 },
        { name: 'A', label: 'dup', type: 'Char', length: 201 },
        { name: 'F', label: 'format', type: 'Num', format: 'VERYLONGFMT9.' },
      ],
      rows: [['ok', 'text', 'é', 'abc', 1], [1, Infinity, 'toolong', null, 1e80], ['x']],
    });
    const messages = problems.map((problem) => problem.message).join('\n');
    expect(messages).toMatch(/Dataset name "dm" is not a SAS V5 name/);
    expect(messages).toMatch(/Dataset label is 41 characters/);
    expect(messages).toMatch(/Variable name "TOOLONGNAME"/);
    expect(messages).toMatch(/Variable name "1ABC"/);
    expect(messages).toMatch(/Num length 4/);
    expect(messages).toMatch(/Variable label has non-ASCII character U\+00DC 'Ü' at position 1/);
    expect(messages).toMatch(/variable name A is used more than once/);
    expect(messages).toMatch(/Char length 201 is outside 1–200/);
    expect(messages).toMatch(/format name VERYLONGFMT is longer than 8/);
    expect(problems).toContainEqual(
      expect.objectContaining({
        variable: '1ABC',
        row: 0,
        message: expect.stringMatching(/holds string "text"/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        variable: 'A',
        row: 0,
        message: expect.stringMatching(/"é" has non-ASCII character U\+00E9 'é' at position 1/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        variable: 'TOOLONGNAME',
        row: 1,
        message: expect.stringMatching(/holds number 1/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ variable: '1ABC', row: 1, message: expect.stringMatching(/is Infinity/) }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        variable: 'A',
        row: 1,
        message: expect.stringMatching(/"toolong" is 7 bytes, longer than its length 3/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        variable: 'F',
        row: 1,
        message: expect.stringMatching(/exceeds the IBM float range/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ row: 2, message: 'row 2 has 1 values, expected 5' }),
    );
  });

  it('flags control characters, IBM underflow, undeclared >200-byte values and an empty variable list', () => {
    const messages = preflightXpt({
      name: 'X',
      label: '',
      variables: [
        { name: 'T', label: '', type: 'Char' },
        { name: 'N', label: '', type: 'Num' },
      ],
      rows: [
        ['tab\there', 1e-80],
        ['y'.repeat(201), 0],
      ],
    }).map((problem) => problem.message);
    expect(messages.join('\n')).toMatch(/U\+0009 at position 4/);
    expect(messages.join('\n')).toMatch(/underflows/);
    expect(messages.join('\n')).toMatch(/201 bytes \(XPORT v5 allows 200\)/);
    expect(preflightXpt({ name: 'E', label: '', variables: [], rows: [] })).toEqual([
      { message: 'dataset E has no variables' },
    ]);
  });
});

describe('writeXpt', () => {
  it('throws an XptError naming variable, row and value for every problem', () => {
    const bad: Dataset = { ...dm, rows: [['S-1', 'sixty']] };
    expect(() => writeXpt(bad)).toThrow(XptError);
    try {
      writeXpt([bad, dm]);
    } catch (error) {
      expect((error as XptError).problems.map((problem) => problem.dataset)).toEqual(['DM', 'DM']);
      expect((error as Error).message).toMatch(/Num variable AGE row 0 holds string "sixty"/);
      expect((error as Error).message).toMatch(/member name DM is used more than once/);
    }
    expect(() => writeXpt([])).toThrow(/no datasets/);
    expect(() => writeXpt(dm, { osName: 'A VERY LONG OS' })).toThrow(XptError);
  });

  it('writes 80-byte records with the TS-140 headers and a deterministic default timestamp', () => {
    const bytes = writeXpt(dm);
    expect(bytes.length % 80).toBe(0);
    const text = String.fromCharCode(...bytes.subarray(0, 80 * 8));
    expect(text.slice(0, 80)).toBe(`HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!${'0'.repeat(30)}  `);
    expect(text.slice(80, 160)).toBe(`SAS     SAS     SASLIB  9.4     ${' '.repeat(32)}01JAN60:00:00:00`);
    expect(text.slice(240, 320)).toBe(
      `HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  `,
    );
    expect(text.slice(400, 480)).toBe(`SAS     DM      SASDATA 9.4     ${' '.repeat(32)}01JAN60:00:00:00`);
    expect(text.slice(480, 560)).toBe(
      `01JAN60:00:00:00${' '.repeat(16)}${'Demographics'.padEnd(40)}        `,
    );
    expect(text.slice(560, 640)).toBe(
      `HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000000200000000000000000000  `,
    );
    const created = new Date(Date.UTC(2025, 11, 31, 23, 59, 58));
    expect(String.fromCharCode(...writeXpt(dm, { created }).subarray(144, 160))).toBe('31DEC25:23:59:58');
  });

  it('writes missing numbers as "." and 0, missing text as blanks, and round-trips through readXpt', () => {
    const bytes = writeXpt(dm);
    const observations = bytes.length - 80; // last record holds 3 × (4 + 8) bytes
    expect(Array.from(bytes.subarray(observations + 16, observations + 24))).toEqual([
      0x2e, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(String.fromCharCode(...bytes.subarray(observations + 24, observations + 28))).toBe('    ');
    const library = readXpt(bytes);
    expect(library.created).toBe('01JAN60:00:00:00');
    expect(library.members).toEqual([
      {
        name: 'DM',
        label: 'Demographics',
        variables: [
          { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'Char', length: 4 },
          { name: 'AGE', label: 'Age', type: 'Num', length: 8, format: '8.' },
        ],
        rows: dm.rows,
      },
    ]);
  });

  it('writes several members and one with no rows', () => {
    const ae: Dataset = {
      name: 'AE',
      label: '',
      variables: [{ name: 'X', label: '', type: 'Num' }],
      rows: [],
    };
    const library = readXpt(writeXpt([dm, ae, { ...dm, name: 'DM2', rows: [['A', 1]] }]));
    expect(library.members.map((member) => [member.name, member.rows.length])).toEqual([
      ['DM', 3],
      ['AE', 0],
      ['DM2', 1],
    ]);
  });

  it('readXpt rejects files that are not XPORT', () => {
    expect(() => readXpt(new Uint8Array(100))).toThrow(RangeError);
    expect(() => readXpt(new Uint8Array(240))).toThrow(/LIBRARY header/);
  });
});
