import { fromIbm } from './ibm-float';
import type { DatasetValue, DatasetVariable, VariableType } from './model';

/** A member read back from a transport file. */
export interface XptMember {
  name: string;
  label: string;
  /** Variables with their stored `length` and, when set, `format` (e.g. `DATE9.`). */
  variables: (DatasetVariable & { length: number })[];
  rows: DatasetValue[][];
}

/** What {@link readXpt} returns. */
export interface XptLibrary {
  /** SAS release in the library header, e.g. `9.4`. */
  sasVersion: string;
  osName: string;
  /** Header timestamps as written (`ddMMMyy:hh:mm:ss`). */
  created: string;
  modified: string;
  members: XptMember[];
}

const RECORD = 80;
const MEMBER_PREFIX = 'HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let index = start; index < start + length && index < bytes.length; index += 1) {
    text += String.fromCharCode(bytes[index] as number);
  }
  return text;
}

function trimEnd(text: string): string {
  return text.replace(/[ \0]+$/, '');
}

function short(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function long(bytes: Uint8Array, at: number): number {
  return short(bytes, at) * 65536 + short(bytes, at + 2);
}

function expectHeader(bytes: Uint8Array, at: number, kind: string): void {
  const text = ascii(bytes, at, 48);
  if (text !== `HEADER RECORD*******${kind.padEnd(8)}HEADER RECORD!!!!!!!`) {
    throw new RangeError(
      `readXpt: expected ${kind} header record at byte ${at}, found ${JSON.stringify(text)}`,
    );
  }
}

function formatText(name: string, width: number, decimals: number): string | undefined {
  if (name === '' && width === 0 && decimals === 0) return undefined;
  return `${name}${width > 0 ? width : ''}.${decimals > 0 ? decimals : ''}`;
}

function readMember(bytes: Uint8Array, start: number): { member: XptMember; next: number } {
  expectHeader(bytes, start, 'MEMBER');
  const namestrLength = Number(ascii(bytes, start + 74, 4));
  if (namestrLength !== 140 && namestrLength !== 136) {
    throw new RangeError(`readXpt: unsupported namestr length ${namestrLength}`);
  }
  expectHeader(bytes, start + RECORD, 'DSCRPTR');
  const name = trimEnd(ascii(bytes, start + 2 * RECORD + 8, 8));
  const label = trimEnd(ascii(bytes, start + 3 * RECORD + 32, 40));
  expectHeader(bytes, start + 4 * RECORD, 'NAMESTR');
  const count = Number(ascii(bytes, start + 4 * RECORD + 54, 4));
  let at = start + 5 * RECORD;
  const variables: XptMember['variables'] = [];
  const positions: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const type: VariableType = short(bytes, at) === 1 ? 'Num' : 'Char';
    const variable: XptMember['variables'][number] = {
      name: trimEnd(ascii(bytes, at + 8, 8)),
      label: trimEnd(ascii(bytes, at + 16, 40)),
      type,
      length: short(bytes, at + 4),
    };
    const format = formatText(
      trimEnd(ascii(bytes, at + 56, 8)),
      short(bytes, at + 64),
      short(bytes, at + 66),
    );
    if (format !== undefined) variable.format = format;
    variables.push(variable);
    positions.push(long(bytes, at + 84));
    at += namestrLength;
  }
  at = Math.ceil(at / RECORD) * RECORD;
  expectHeader(bytes, at, 'OBS');
  const dataStart = at + RECORD;
  // Observations run to the next member header (on a record boundary) or the end of the file.
  let dataEnd = bytes.length;
  for (let record = dataStart; record + RECORD <= bytes.length; record += RECORD) {
    if (ascii(bytes, record, 48) === MEMBER_PREFIX) {
      dataEnd = record;
      break;
    }
  }
  const rowLength = variables.reduce((sum, variable) => sum + variable.length, 0);
  let rowCount = rowLength === 0 ? 0 : Math.floor((dataEnd - dataStart) / rowLength);
  // Blank padding of the last record may look like all-blank rows: drop those.
  while (rowCount > 0 && dataStart + (rowCount - 1) * rowLength >= dataEnd - RECORD) {
    const rowStart = dataStart + (rowCount - 1) * rowLength;
    if (!bytes.subarray(rowStart, rowStart + rowLength).every((byte) => byte === 0x20)) break;
    rowCount -= 1;
  }
  const rows: DatasetValue[][] = [];
  for (let row = 0; row < rowCount; row += 1) {
    const rowStart = dataStart + row * rowLength;
    rows.push(
      variables.map((variable, index) => {
        const offset = rowStart + (positions[index] as number);
        if (variable.type === 'Num') return fromIbm(bytes.subarray(offset, offset + variable.length));
        const text = ascii(bytes, offset, variable.length).replace(/ +$/, '');
        return text === '' ? null : text;
      }),
    );
  }
  return { member: { name, label, variables, rows }, next: dataEnd };
}

/**
 * Reads a SAS Version 5 transport (XPORT) file (SAS TS-140): library header, then each member's
 * name, label, variables (name, label, type, length, format) and observations. Numbers are decoded
 * from IBM hexadecimal floating point with {@link fromIbm} (SAS missing values, including `.A`–`.Z`
 * and `._`, become `null`); Char values lose trailing blanks and an all-blank value is `null`.
 * Meant for round-trip tests of `writeXpt` and for reading reference files; throws a RangeError on
 * a malformed file.
 */
export function readXpt(bytes: Uint8Array): XptLibrary {
  if (bytes.length < 3 * RECORD || bytes.length % RECORD !== 0) {
    throw new RangeError(`readXpt: ${bytes.length} bytes is not a whole number of 80-byte records`);
  }
  expectHeader(bytes, 0, 'LIBRARY');
  const library: XptLibrary = {
    sasVersion: trimEnd(ascii(bytes, RECORD + 24, 8)),
    osName: trimEnd(ascii(bytes, RECORD + 32, 8)),
    created: ascii(bytes, RECORD + 64, 16),
    modified: ascii(bytes, 2 * RECORD, 16),
    members: [],
  };
  let at = 3 * RECORD;
  while (at < bytes.length) {
    const { member, next } = readMember(bytes, at);
    library.members.push(member);
    at = next;
  }
  return library;
}
