import { FIXTURE_CREATED, XPT_FIXTURES } from '@prospect/fixtures/cdisc/xpt-datasets';
import rRead from '@prospect/fixtures/cdisc/r-read.json';
import rWritten from '@prospect/fixtures/cdisc/r-written.json';
import type { Dataset, DatasetValue } from './model';
import { readXpt, type XptMember } from './read-xpt';
import { writeXpt } from './write-xpt';

/** R stores numbers as sprintf("%.17g") text (exact), NA as null. */
type RColumn = { name: string; label: string; type: 'Char' | 'Num'; values: (string | null)[] };

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

/** What R should have read for an input value: numbers exactly, null as NA, Char null as "". */
function expectedR(value: DatasetValue, type: 'Char' | 'Num'): string | number | null {
  if (type === 'Char') return value === null ? '' : (value as string).replace(/ +$/, '');
  return value;
}

function rValue(value: string | null, type: 'Char' | 'Num'): string | number | null {
  return type === 'Num' && value !== null ? Number(value) : value;
}

function expectColumns(dataset: Dataset, columns: RColumn[], renamed = (name: string) => name): void {
  expect(columns.map((column) => column.name)).toEqual(
    dataset.variables.map((variable) => renamed(variable.name)),
  );
  dataset.variables.forEach((variable, index) => {
    const column = columns[index] as RColumn;
    expect(column.type).toBe(variable.type);
    expect(column.label).toBe(variable.label);
    expect(column.values.map((value) => rValue(value, variable.type))).toEqual(
      dataset.rows.map((row) => expectedR(row[index] ?? null, variable.type)),
    );
  });
}

const files = new Map(rRead.files.map((file) => [file.file, file]));

describe(`writeXpt checked by R (${rRead.generated}; tests/fixtures/cdisc/r-read.json)`, () => {
  it('has R results for every fixture file', () => {
    expect([...files.keys()].sort()).toEqual(XPT_FIXTURES.map((fixture) => fixture.file).sort());
  });

  describe.each(XPT_FIXTURES.map((fixture) => [fixture.file, fixture] as const))('%s', (file, fixture) => {
    const read = files.get(file);
    if (!read) throw new Error(`no R results for ${file}`);

    it('rebuilds byte for byte the file R read', () => {
      expect(hex(writeXpt(fixture.datasets, { created: FIXTURE_CREATED }))).toBe(read.hex);
    });

    it('foreign::read.xport read every member, name, label and value (NA included) as written', () => {
      expect(read.foreign.map((member) => [member.name, member.rows])).toEqual(
        fixture.datasets.map((dataset) => [dataset.name, dataset.rows.length]),
      );
      fixture.datasets.forEach((dataset, index) => {
        const member = read.foreign[index] as { variables: RColumn[] };
        // read.xport applies make.names: a leading underscore becomes X_.
        expectColumns(dataset, member.variables, (name) => name.replace(/^_/, 'X_'));
      });
    });

    it('haven::read_xpt read the dataset label, labels, formats and values (single-member files)', () => {
      const dataset = fixture.datasets[0] as Dataset;
      if (fixture.datasets.length > 1) {
        expect(read.haven).toBeNull(); // haven reads one-member files only (see README)
        return;
      }
      const haven = read.haven as unknown as {
        label: string;
        rows: number;
        variables: (RColumn & { format: string | null })[];
      };
      expect(haven.label).toBe(dataset.label);
      expect(haven.rows).toBe(dataset.rows.length);
      expectColumns(dataset, haven.variables);
      expect(haven.variables.map((column) => column.format)).toEqual(
        dataset.variables.map((variable) => variable.format?.replace(/\.$/, '') ?? null),
      );
    });
  });

  it('covers negatives, fractions, ±7.2e75, 5.4e-79, missing values, SAS dates, 200-byte strings, 40-character labels and several members', () => {
    const all = XPT_FIXTURES.flatMap((fixture) => fixture.datasets);
    const numbers = all
      .flatMap((dataset) => dataset.rows.flat())
      .filter((value): value is number => typeof value === 'number');
    expect(Math.min(...numbers)).toBeLessThan(-7e75);
    expect(Math.max(...numbers)).toBeGreaterThan(7.2e75);
    expect(numbers.some((value) => value > 0 && value < 6e-79)).toBe(true);
    expect(all.some((dataset) => dataset.variables.some((variable) => variable.length === 200))).toBe(true);
    expect(all.some((dataset) => dataset.variables.some((variable) => variable.label.length === 40))).toBe(
      true,
    );
    expect(all.some((dataset) => dataset.variables.some((variable) => variable.format === 'DATE9.'))).toBe(
      true,
    );
    expect(XPT_FIXTURES.some((fixture) => fixture.datasets.length === 3)).toBe(true);
  });
});

describe('readXpt on a file written by haven::write_xpt(version = 5) (r-written.json)', () => {
  const bytes = fromHex(rWritten.hex);
  const library = readXpt(bytes);
  const columns = rWritten.variables as RColumn[];

  it('reads the member name, label, variables and every value R wrote', () => {
    expect(library.members).toHaveLength(1);
    const member = library.members[0] as XptMember;
    expect(member.name).toBe(rWritten.name);
    expect(member.label).toBe(rWritten.label);
    expect(member.variables.map((variable) => [variable.name, variable.label, variable.type])).toEqual(
      columns.map((column) => [column.name, column.label, column.type]),
    );
    expect(member.variables.find((variable) => variable.name === 'DT')?.format).toBe('DATE9.');
    columns.forEach((column, index) => {
      expect(member.rows.map((row) => row[index] ?? null)).toEqual(
        column.values.map((value) =>
          column.type === 'Char' && value === '' ? null : rValue(value, column.type),
        ),
      );
    });
  });

  it('writeXpt reproduces haven’s bytes from what readXpt read (same header fields; informats aside)', () => {
    const member = library.members[0] as XptMember;
    const created = library.created;
    const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
    const date = new Date(
      Date.UTC(
        2000 + Number(created.slice(5, 7)),
        months.indexOf(created.slice(2, 5)),
        Number(created.slice(0, 2)),
        Number(created.slice(8, 10)),
        Number(created.slice(11, 13)),
        Number(created.slice(14, 16)),
      ),
    );
    const rewritten = writeXpt(
      { name: member.name, label: member.label, variables: member.variables, rows: member.rows },
      { created: date, sasVersion: library.sasVersion, osName: library.osName },
    );
    // haven also writes an informat (niform, nifl, nifd), which the model has no field for: blank it.
    const expected = fromHex(rWritten.hex);
    member.variables.forEach((_variable, index) => {
      const at = 8 * 80 + 140 * index; // namestrs follow 8 header records
      expected.fill(0x20, at + 72, at + 80);
      expected.fill(0, at + 80, at + 84);
    });
    expect(hex(rewritten)).toBe(hex(expected));
  });
});
