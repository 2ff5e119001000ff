/**
 * A deliberately small, independent PDF reader for tests: it checks the file structure the
 * writer must get right (header, xref offsets, startxref, stream lengths, page tree) and pulls
 * out the text shown per page. It does not share code with the writer so that a writer bug
 * cannot hide itself. Supports only what a classic uncompressed PDF with an xref table uses.
 */

export interface ReadPdfPage {
  /** Each string shown by Tj or TJ, in content order, decoded from WinAnsi. */
  readonly texts: readonly string[];
  /** The raw content stream. */
  readonly content: string;
  readonly dictionary: string;
}

export interface ReadPdf {
  readonly version: string;
  readonly objectCount: number;
  readonly pages: readonly ReadPdfPage[];
  /** /Info entries as text (literal strings unescaped, UTF-16 hex decoded). */
  readonly info: Readonly<Record<string, string>>;
  readonly trailer: string;
}

const WIN_ANSI_80_9F: Readonly<Record<number, number>> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

function fail(message: string): never {
  throw new Error(`Invalid PDF: ${message}`);
}

/** Parses `bytes`, throwing on any structural error. */
export function readPdf(bytes: Uint8Array): ReadPdf {
  let file = '';
  for (const byte of bytes) file += String.fromCharCode(byte);

  const header = /^%PDF-(\d\.\d)\r?\n/.exec(file) ?? fail('missing %PDF-x.y header');
  if (!/%%EOF\s*$/.test(file)) fail('missing %%EOF at the end');
  const startxrefMatch = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(file) ?? fail('missing startxref');
  const xrefOffset = Number(startxrefMatch[1]);
  if (file.slice(xrefOffset, xrefOffset + 4) !== 'xref')
    fail(`startxref ${xrefOffset} does not point at "xref"`);

  // Cross-reference table: subsections of "first count" followed by 20-byte entries.
  const offsets = new Map<number, number>();
  let position = xrefOffset + 4;
  const skipEol = (): void => {
    while (file[position] === '\r' || file[position] === '\n' || file[position] === ' ') position += 1;
  };
  skipEol();
  for (;;) {
    const section = /^(\d+) (\d+)\r?\n/.exec(file.slice(position, position + 40));
    if (section === null) break;
    position += section[0].length;
    const first = Number(section[1]);
    const count = Number(section[2]);
    for (let index = 0; index < count; index += 1) {
      const entry = file.slice(position, position + 20);
      const parsed =
        /^(\d{10}) (\d{5}) ([nf])( \r| \n|\r\n)$/.exec(entry) ??
        fail(`bad xref entry ${JSON.stringify(entry)}`);
      if (parsed[3] === 'n') offsets.set(first + index, Number(parsed[1]));
      position += 20;
    }
  }
  skipEol();
  if (!file.startsWith('trailer', position)) fail('no trailer after the xref table');
  const trailer = dictionaryAt(file, file.indexOf('<<', position));
  const size = Number((/\/Size (\d+)/.exec(trailer) ?? fail('trailer without /Size'))[1]);
  if (size !== offsets.size + 1) fail(`/Size ${size} but ${offsets.size} objects in use`);

  const objects = new Map<number, string>();
  for (const [number, offset] of offsets) {
    const head = new RegExp(`^${number} 0 obj\\s`).exec(file.slice(offset, offset + 30));
    if (head === null) fail(`xref offset ${offset} of object ${number} does not point at "${number} 0 obj"`);
    const end = file.indexOf('endobj', offset);
    if (end < 0) fail(`object ${number} has no endobj`);
    objects.set(number, file.slice(offset + head[0].length, end));
  }
  const object = (reference: string | undefined): string => {
    const number = Number((/^(\d+) 0 R$/.exec(reference ?? '') ?? fail(`bad reference ${reference}`))[1]);
    return objects.get(number) ?? fail(`missing object ${number}`);
  };

  const catalog = object(/\/Root (\d+ 0 R)/.exec(trailer)?.[1]);
  if (!/\/Type\s*\/Catalog/.test(catalog)) fail('/Root is not a catalog');
  const pageTree = object(/\/Pages (\d+ 0 R)/.exec(catalog)?.[1]);
  const kids = (/\/Kids\s*\[([^\]]*)\]/.exec(pageTree) ?? fail('page tree without /Kids'))[1] ?? '';
  const kidReferences = kids.match(/\d+ 0 R/g) ?? [];
  const count = Number((/\/Count (\d+)/.exec(pageTree) ?? fail('page tree without /Count'))[1]);
  if (count !== kidReferences.length) fail(`/Count ${count} but ${kidReferences.length} kids`);

  const pages = kidReferences.map((reference) => {
    const dictionary = object(reference);
    if (!/\/Type\s*\/Page\b/.test(dictionary)) fail(`${reference} is not a page`);
    const content = stream(object(/\/Contents (\d+ 0 R)/.exec(dictionary)?.[1]));
    return { dictionary, content, texts: shownTexts(content) };
  });

  const info: Record<string, string> = {};
  const infoReference = /\/Info (\d+ 0 R)/.exec(trailer)?.[1];
  if (infoReference !== undefined) {
    const body = object(infoReference);
    for (const match of body.matchAll(/\/(\w+)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)/g)) {
      const [, key, value] = match;
      if (key === undefined || value === undefined) continue;
      info[key] = value.startsWith('<') ? decodeUtf16Hex(value) : unescapeLiteral(value.slice(1, -1));
    }
  }
  return { version: header[1] ?? '', objectCount: offsets.size, pages, info, trailer };
}

/** The `<< … >>` dictionary starting at `start`, nested dictionaries included. */
function dictionaryAt(file: string, start: number): string {
  if (start < 0) fail('expected a dictionary');
  let depth = 0;
  for (let index = start; index < file.length - 1; index += 1) {
    const pair = file.slice(index, index + 2);
    if (pair === '<<') {
      depth += 1;
      index += 1;
    } else if (pair === '>>') {
      depth -= 1;
      index += 1;
      if (depth === 0) return file.slice(start, index + 1);
    }
  }
  return fail('unterminated dictionary');
}

/** Stream data of an object body, checked against its /Length. */
function stream(body: string): string {
  const dictionary = dictionaryAt(body, body.indexOf('<<'));
  const length = Number((/\/Length (\d+)/.exec(dictionary) ?? fail('stream without a direct /Length'))[1]);
  const keyword = body.indexOf('stream', dictionary.length);
  if (keyword < 0) fail('no stream keyword');
  let start = keyword + 'stream'.length;
  if (body.startsWith('\r\n', start)) start += 2;
  else if (body[start] === '\n') start += 1;
  else fail('stream keyword not followed by an end of line');
  const data = body.slice(start, start + length);
  if (!/^\r?\n?endstream/.test(body.slice(start + length)))
    fail(`/Length ${length} does not end at endstream`);
  return data;
}

function unescapeLiteral(escaped: string): string {
  let out = '';
  for (let index = 0; index < escaped.length; index += 1) {
    const character = escaped[index];
    if (character !== '\\') {
      out += character;
      continue;
    }
    index += 1;
    const next = escaped[index] ?? '';
    const octal = /^[0-7]{1,3}/.exec(escaped.slice(index, index + 3));
    if (octal !== null) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      index += octal[0].length - 1;
    } else {
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      out += simple[next] ?? (next === '\n' ? '' : next);
    }
  }
  return out;
}

function decodeWinAnsi(bytes: string): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 1) {
    const code = bytes.charCodeAt(index);
    text += String.fromCodePoint(WIN_ANSI_80_9F[code] ?? code);
  }
  return text;
}

function decodeUtf16Hex(hex: string): string {
  const digits = hex.slice(1, -1);
  let text = '';
  for (let index = digits.startsWith('FEFF') ? 4 : 0; index + 4 <= digits.length; index += 4) {
    text += String.fromCharCode(parseInt(digits.slice(index, index + 4), 16));
  }
  return text;
}

/** Strings passed to Tj and TJ, by a small tokenizer aware of string syntax. */
function shownTexts(content: string): string[] {
  const texts: string[] = [];
  const operands: string[] = [];
  let array: string[] | undefined;
  let index = 0;
  while (index < content.length) {
    const character = content[index] ?? '';
    if (/\s/.test(character)) {
      index += 1;
    } else if (character === '(') {
      let depth = 1;
      let end = index + 1;
      while (end < content.length && depth > 0) {
        const next = content[end];
        if (next === '\\') end += 1;
        else if (next === '(') depth += 1;
        else if (next === ')') depth -= 1;
        end += 1;
      }
      if (depth !== 0) fail('unterminated string in content stream');
      const text = decodeWinAnsi(unescapeLiteral(content.slice(index + 1, end - 1)));
      (array ?? operands).push(text);
      index = end;
    } else if (character === '[') {
      array = [];
      index += 1;
    } else if (character === ']') {
      operands.push((array ?? []).join(''));
      array = undefined;
      index += 1;
    } else if (character === '%') {
      while (index < content.length && content[index] !== '\n') index += 1;
    } else {
      const token =
        /^[^\s()[\]<>/%]+|^\/[^\s()[\]<>/%]*|^<<|^>>|^<[^>]*>/.exec(content.slice(index))?.[0] ?? character;
      index += token.length;
      if (token === 'Tj' || token === 'TJ' || token === "'" || token === '"') {
        const shown = operands[operands.length - 1];
        if (shown !== undefined) texts.push(shown);
      }
      if (/^[A-Za-z'"*]+$/.test(token)) operands.length = 0;
    }
  }
  return texts;
}
