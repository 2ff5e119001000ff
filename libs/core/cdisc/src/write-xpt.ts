import { writeIbmInto } from './ibm-float';
import type { Dataset, DatasetValue } from './model';
import { preflightXpt, xptCharLength, type XptProblem } from './preflight-xpt';
import { parseSasFormat } from './sas-format';
import { sasHeaderDatetime } from './sas-header-datetime';

/** Thrown by {@link writeXpt} when a dataset breaks XPORT v5 limits; lists every problem. */
export class XptError extends Error {
  constructor(
    /** Problems per dataset name. */
    readonly problems: readonly (XptProblem & { dataset: string })[],
  ) {
    super(
      `Cannot write SAS V5 transport file (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `- ${problem.dataset}: ${problem.message}`).join('\n'),
    );
    this.name = 'XptError';
  }
}

/** Options of {@link writeXpt}. */
export interface WriteXptOptions {
  /**
   * Creation timestamp written to the library and member headers. Defaults to the SAS epoch
   * 1960-01-01T00:00:00Z so that output is deterministic; pass the real time when exporting.
   */
  created?: Date;
  /** Last-modified timestamp; defaults to `created`. */
  modified?: Date;
  /** SAS release written in the headers (at most 8 characters); default `9.4`. */
  sasVersion?: string;
  /** Operating system name written in the headers (at most 8 characters); default blank. */
  osName?: string;
}

const RECORD = 80;
const NAMESTR_LENGTH = 140;
const SAS_EPOCH = new Date(Date.UTC(1960, 0, 1));
const BLANK = 0x20;

function headerRecord(kind: string, numbers = '000000000000000000000000000000'): string {
  return `HEADER RECORD*******${kind.padEnd(8)}HEADER RECORD!!!!!!!${numbers}  `;
}

/** Byte writer over one buffer allocated at its final size (see {@link xptSize}). */
class ByteWriter {
  readonly buffer: Uint8Array;
  length = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  /** ASCII text blank-padded (or cut) to `width` bytes; callers pass preflighted ASCII only. */
  text(value: string, width: number): void {
    const buffer = this.buffer;
    const start = this.length;
    const count = value.length < width ? value.length : width;
    for (let index = 0; index < count; index += 1) buffer[start + index] = value.charCodeAt(index);
    buffer.fill(BLANK, start + count, start + width);
    this.length += width;
  }

  short(value: number): void {
    this.buffer[this.length] = (value >> 8) & 0xff;
    this.buffer[this.length + 1] = value & 0xff;
    this.length += 2;
  }

  long(value: number): void {
    this.short(Math.floor(value / 65536) & 0xffff);
    this.short(value & 0xffff);
  }

  zeros(count: number): void {
    this.buffer.fill(0, this.length, this.length + count);
    this.length += count;
  }

  /** Blank-pads to the next multiple of 80 bytes. */
  endRecord(): void {
    const rest = (RECORD - (this.length % RECORD)) % RECORD;
    this.text('', rest);
  }
}

/** Bytes up to the next multiple of 80. */
const records = (bytes: number): number => Math.ceil(bytes / RECORD) * RECORD;

/** Per-member layout: variable lengths (bytes) and observation length. */
interface MemberLayout {
  lengths: number[];
  rowLength: number;
}

function memberLayout(dataset: Dataset): MemberLayout {
  const lengths = dataset.variables.map((variable, column) =>
    variable.type === 'Num' ? 8 : xptCharLength(dataset, column),
  );
  let rowLength = 0;
  for (const length of lengths) rowLength += length;
  return { lengths, rowLength };
}

/** Size of one member: 5 header records, the namestrs, the OBS header and the observations. */
function memberSize(dataset: Dataset, layout: MemberLayout): number {
  return (
    5 * RECORD +
    records(NAMESTR_LENGTH * dataset.variables.length) +
    RECORD +
    records(layout.rowLength * dataset.rows.length)
  );
}

/** Observations written straight into the buffer: IBM numbers in place, Char blank-padded. */
function writeObservations(out: ByteWriter, dataset: Dataset, layout: MemberLayout): void {
  const buffer = out.buffer;
  const { lengths, rowLength } = layout;
  const columns = dataset.variables.length;
  const numeric = dataset.variables.map((variable) => variable.type === 'Num');
  const rows = dataset.rows;
  const start = out.length;
  const end = start + rowLength * rows.length;
  // Blank-fill the whole section once: Char padding and missing Char values then need no writes.
  buffer.fill(BLANK, start, end);
  let offset = start;
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex += 1) {
    const row = rows[rowIndex] as DatasetValue[];
    for (let column = 0; column < columns; column += 1) {
      const value = row[column];
      const length = lengths[column] as number;
      if (numeric[column]) {
        if (value === null || value === undefined) {
          buffer[offset] = 0x2e; // missing: `.` then seven zero bytes
          buffer.fill(0, offset + 1, offset + 8);
        } else {
          writeIbmInto(buffer, offset, value as number);
        }
      } else if (value !== null && value !== undefined) {
        const text = value as string;
        const count = text.length < length ? text.length : length;
        for (let index = 0; index < count; index += 1) buffer[offset + index] = text.charCodeAt(index);
      }
      offset += length;
    }
  }
  out.length = end;
  out.endRecord();
}

function writeMember(
  out: ByteWriter,
  dataset: Dataset,
  layout: MemberLayout,
  created: string,
  modified: string,
  version: string,
  os: string,
): void {
  const lengths = layout.lengths;
  out.text(
    headerRecord('MEMBER', `00000000000000000160000000${String(NAMESTR_LENGTH).padStart(4, '0')}`),
    RECORD,
  );
  out.text(headerRecord('DSCRPTR'), RECORD);
  out.text(
    `SAS     ${dataset.name.padEnd(8)}SASDATA ${version.padEnd(8)}${os.padEnd(8)}${''.padEnd(24)}${created}`,
    RECORD,
  );
  out.text(`${modified}${''.padEnd(16)}${dataset.label.padEnd(40)}${''.padEnd(8)}`, RECORD);
  out.text(
    headerRecord('NAMESTR', `000000${String(dataset.variables.length).padStart(4, '0')}00000000000000000000`),
    RECORD,
  );
  let position = 0;
  dataset.variables.forEach((variable, index) => {
    const format = variable.format === undefined ? undefined : parseSasFormat(variable.format);
    out.short(variable.type === 'Num' ? 1 : 2); // ntype
    out.short(0); // nhfun
    out.short(lengths[index] as number); // nlng
    out.short(index + 1); // nvar0
    out.text(variable.name, 8); // nname
    out.text(variable.label, 40); // nlabel
    out.text(format?.name ?? '', 8); // nform
    out.short(format?.width ?? 0); // nfl
    out.short(format?.decimals ?? 0); // nfd
    out.short(variable.type === 'Num' ? 1 : 0); // nfj: numbers right-justified, text left (as SAS and haven)
    out.zeros(2); // nfill
    out.text('', 8); // niform
    out.short(0); // nifl
    out.short(0); // nifd
    out.long(position); // npos
    out.zeros(52); // rest
    position += lengths[index] as number;
  });
  out.endRecord();
  out.text(headerRecord('OBS'), RECORD);
  writeObservations(out, dataset, layout);
}

/**
 * Writes one dataset, or several as members of one library, as a SAS Version 5 transport (XPORT)
 * file following SAS technical note TS-140 ("The Record Layout of a Data Set in SAS Transport
 * (XPORT) Format"): library header records, then per member the member and descriptor headers,
 * one 140-byte namestr per variable, the observation header and the observations; every record is
 * 80 bytes, blank-padded. Numbers are 8-byte IBM hexadecimal floating point (`toIbm`: exact
 * for every value that passes preflight); missing numbers are `.` (0x2E then seven zero bytes);
 * Char values are blank-padded to the variable length and a missing Char value is all blanks.
 * Header timestamps are `ddMMMyy:hh:mm:ss` in UTC from `options.created` (default 1960-01-01).
 *
 * Runs {@link preflightXpt} on every dataset first and throws an {@link XptError} listing all
 * problems (variable, row and value) if there are any, or if member names repeat.
 *
 * Note (inherent to XPORT): an observation whose variables are all Char and all blank that is the
 * last one and fits in the final record's padding cannot be told apart from padding by readers.
 */
export function writeXpt(datasets: Dataset | readonly Dataset[], options: WriteXptOptions = {}): Uint8Array {
  const members = Array.isArray(datasets) ? (datasets as readonly Dataset[]) : [datasets as Dataset];
  const problems: (XptProblem & { dataset: string })[] = [];
  if (members.length === 0) problems.push({ dataset: '(none)', message: 'no datasets to write' });
  const names = new Set<string>();
  for (const dataset of members) {
    if (names.has(dataset.name))
      problems.push({ dataset: dataset.name, message: `member name ${dataset.name} is used more than once` });
    names.add(dataset.name);
    for (const problem of preflightXpt(dataset)) problems.push({ dataset: dataset.name, ...problem });
  }
  const version = options.sasVersion ?? '9.4';
  const os = options.osName ?? '';
  if (version.length > 8 || os.length > 8 || /[^\x20-\x7e]/.test(version + os)) {
    problems.push({
      dataset: '(library)',
      message: 'sasVersion and osName must be at most 8 printable ASCII characters',
    });
  }
  if (problems.length > 0) throw new XptError(problems);
  const createdDate = options.created ?? SAS_EPOCH;
  const created = sasHeaderDatetime(createdDate);
  const modified = sasHeaderDatetime(options.modified ?? createdDate);

  const layouts = members.map(memberLayout);
  let size = 3 * RECORD;
  members.forEach((dataset, index) => (size += memberSize(dataset, layouts[index] as MemberLayout)));
  const out = new ByteWriter(size);
  out.text(headerRecord('LIBRARY'), RECORD);
  out.text(`SAS     SAS     SASLIB  ${version.padEnd(8)}${os.padEnd(8)}${''.padEnd(24)}${created}`, RECORD);
  out.text(modified, RECORD);
  members.forEach((dataset, index) =>
    writeMember(out, dataset, layouts[index] as MemberLayout, created, modified, version, os),
  );
  if (out.length !== size) throw new Error(`writeXpt: wrote ${out.length} bytes, expected ${size}`);
  return out.buffer;
}
