import { IBM_MAX, IBM_MIN_NORMAL } from './ibm-float';
import type { Dataset, DatasetVariable } from './model';
import { parseSasFormat } from './sas-format';

/** One reason a dataset cannot be written as a SAS Version 5 transport file. */
export interface XptProblem {
  /** The variable concerned, if any. */
  variable?: string;
  /** Zero-based row index, if the problem is a value. */
  row?: number;
  message: string;
}

/** SAS V5 name: 1–8 characters, A–Z, 0–9, `_`, not starting with a digit. */
const SAS_V5_NAME = /^[A-Z_][A-Z0-9_]{0,7}$/;
const MAX_LABEL = 40;
const MAX_CHAR_LENGTH = 200;
const MAX_FORMAT_NAME = 8;

/** Bytes a string takes in XPORT: one per character once it passed the ASCII check. */
function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${code >= 0x20 && code !== 0x7f ? ` '${character}'` : ''}`;
}

/** First character outside printable ASCII (0x20–0x7E), if any. */
function firstNonAscii(text: string): { index: number; character: string } | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) {
      const character = String.fromCodePoint(text.codePointAt(index) ?? code);
      return { index, character };
    }
  }
  return undefined;
}

/** The Char length `writeXpt` uses: the declared one, else the longest value (at least 1). */
export function xptCharLength(dataset: Dataset, column: number): number {
  const variable = dataset.variables[column] as DatasetVariable;
  if (variable.length !== undefined) return variable.length;
  let longest = 1;
  for (const row of dataset.rows) {
    const value = row[column];
    if (typeof value === 'string' && value.length > longest) longest = value.length;
  }
  return longest;
}

function checkName(kind: string, name: string, problems: XptProblem[], variable?: string): void {
  if (!SAS_V5_NAME.test(name)) {
    problems.push({
      ...(variable === undefined ? {} : { variable }),
      message:
        `${kind} name ${JSON.stringify(name)} is not a SAS V5 name ` +
        '(1–8 characters, upper-case A–Z, 0–9 or _, starting with a letter or _)',
    });
  }
}

function checkLabel(kind: string, label: string, problems: XptProblem[], variable?: string): void {
  const where = variable === undefined ? {} : { variable };
  if (label.length > MAX_LABEL) {
    problems.push({ ...where, message: `${kind} label is ${label.length} characters (XPORT v5 allows 40)` });
  }
  const bad = firstNonAscii(label);
  if (bad) {
    problems.push({
      ...where,
      message: `${kind} label has non-ASCII character ${describeCharacter(bad.character)} at position ${bad.index + 1}`,
    });
  }
}

function checkVariable(variable: DatasetVariable, problems: XptProblem[]): void {
  const name = variable.name;
  checkName('Variable', name, problems, name);
  checkLabel('Variable', variable.label, problems, name);
  if (variable.type !== 'Char' && variable.type !== 'Num') {
    problems.push({
      variable: name,
      message: `type ${JSON.stringify(variable.type)} is neither 'Char' nor 'Num'`,
    });
  } else if (variable.length !== undefined) {
    const ok =
      variable.type === 'Num'
        ? variable.length === 8
        : Number.isInteger(variable.length) && variable.length >= 1 && variable.length <= MAX_CHAR_LENGTH;
    if (!ok) {
      problems.push({
        variable: name,
        message:
          variable.type === 'Num'
            ? `Num length ${variable.length} is not supported (numeric variables are written with length 8)`
            : `Char length ${variable.length} is outside 1–200 bytes (XPORT v5)`,
      });
    }
  }
  if (variable.format !== undefined) {
    const parsed = parseSasFormat(variable.format);
    if (!parsed) {
      problems.push({
        variable: name,
        message: `format ${JSON.stringify(variable.format)} is not a SAS format (e.g. DATE9.)`,
      });
    } else if (parsed.name.length > MAX_FORMAT_NAME) {
      problems.push({
        variable: name,
        message: `format name ${parsed.name} is longer than 8 characters (XPORT v5)`,
      });
    } else if (parsed.width > 32767 || parsed.decimals > 32767) {
      problems.push({ variable: name, message: `format ${variable.format} width or decimals too large` });
    }
  }
}

function checkValues(dataset: Dataset, problems: XptProblem[]): void {
  const columns = dataset.variables.length;
  dataset.rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row) || row.length !== columns) {
      problems.push({
        row: rowIndex,
        message: `row ${rowIndex} has ${Array.isArray(row) ? row.length : 'no'} values, expected ${columns}`,
      });
      return;
    }
    dataset.variables.forEach((variable, column) => {
      const value = row[column];
      const name = variable.name;
      if (value === null) return;
      if (variable.type === 'Num') {
        if (typeof value !== 'number') {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Num variable ${name} row ${rowIndex} holds ${typeof value} ${JSON.stringify(value)} (expected a number or null)`,
          });
        } else if (!Number.isFinite(value)) {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Num variable ${name} row ${rowIndex} is ${value} (use null for missing)`,
          });
        } else if (Math.abs(value) > IBM_MAX) {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Num variable ${name} row ${rowIndex} value ${value} exceeds the IBM float range (±7.2e75)`,
          });
        } else if (value !== 0 && Math.abs(value) < IBM_MIN_NORMAL) {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Num variable ${name} row ${rowIndex} value ${value} underflows the IBM float range (|x| ≥ 5.4e-79)`,
          });
        }
      } else if (variable.type === 'Char') {
        if (typeof value !== 'string') {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Char variable ${name} row ${rowIndex} holds ${typeof value} ${JSON.stringify(value)} (expected a string or null)`,
          });
          return;
        }
        const bad = firstNonAscii(value);
        if (bad) {
          problems.push({
            variable: name,
            row: rowIndex,
            message:
              `Char variable ${name} row ${rowIndex} value ${JSON.stringify(value)} has non-ASCII character ` +
              `${describeCharacter(bad.character)} at position ${bad.index + 1} (XPORT values are printable ASCII)`,
          });
        }
        if (variable.length !== undefined && value.length > variable.length) {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Char variable ${name} row ${rowIndex} value ${JSON.stringify(value)} is ${value.length} bytes, longer than its length ${variable.length}`,
          });
        } else if (variable.length === undefined && value.length > MAX_CHAR_LENGTH) {
          problems.push({
            variable: name,
            row: rowIndex,
            message: `Char variable ${name} row ${rowIndex} value is ${value.length} bytes (XPORT v5 allows 200)`,
          });
        }
      }
    });
  });
}

/**
 * Checks a dataset against the limits of SAS Version 5 transport files (SAS TS-140; the FDA's
 * Study Data Technical Conformance Guide requires XPORT v5 for SDTM/ADaM/SEND): dataset and
 * variable names 1–8 characters of upper-case A–Z, 0–9 and `_` not starting with a digit, unique
 * variable names, labels at most 40 characters, Char lengths 1–200 bytes, values printable ASCII
 * (0x20–0x7E) no longer than the declared length, Num values finite numbers inside the IBM
 * floating-point range (or `null`), each value of its variable's type, every row as long as the
 * variable list, format names at most 8 characters. Returns every problem found (empty = ok);
 * never throws.
 */
export function preflightXpt(dataset: Dataset): XptProblem[] {
  const problems: XptProblem[] = [];
  checkName('Dataset', dataset.name, problems);
  checkLabel('Dataset', dataset.label, problems);
  if (dataset.variables.length === 0) problems.push({ message: `dataset ${dataset.name} has no variables` });
  if (dataset.variables.length > 9999)
    problems.push({ message: `dataset ${dataset.name} has more than 9999 variables` });
  const seen = new Set<string>();
  for (const variable of dataset.variables) {
    if (seen.has(variable.name)) {
      problems.push({
        variable: variable.name,
        message: `variable name ${variable.name} is used more than once`,
      });
    }
    seen.add(variable.name);
    checkVariable(variable, problems);
  }
  checkValues(dataset, problems);
  return problems;
}
