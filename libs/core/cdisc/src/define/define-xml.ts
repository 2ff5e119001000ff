import type { DatasetVariable } from '../model';
import { xptCharLength } from '../preflight-xpt';
import type {
  DefineCodeList,
  DefineDataType,
  DefineDataset,
  DefineInput,
  DefineStandard,
  DefineVariable,
} from './define-input';
import { escapeXml } from './escape-xml';

/** Thrown by {@link defineXml} when the input is inconsistent; lists every problem found. */
export class DefineXmlError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Cannot write Define-XML (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `- ${problem}`).join('\n'),
    );
    this.name = 'DefineXmlError';
  }
}

const ODM_NS = 'http://www.cdisc.org/ns/odm/v1.3';
const DEF_NS = 'http://www.cdisc.org/ns/def/v2.1';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const OID_PART = /^[A-Za-z0-9_.-]+$/;
const ORIGIN_TYPES = new Set(['Collected', 'Derived', 'Assigned', 'Protocol', 'Predecessor']);
const ORIGIN_SOURCES = new Set(['Subject', 'Investigator', 'Vendor', 'Sponsor']);
const DATA_TYPES = new Set(['text', 'integer', 'float', 'datetime', 'date', 'time']);
const CHAR_TYPES = new Set(['text', 'datetime', 'date', 'time']);

type Attribute = readonly [name: string, value: string | number | undefined];

/** Digits before and after the decimal point of a finite number's shortest decimal form. */
function decimalDigits(value: number): { whole: number; fraction: number } {
  const [mantissa = '', exponentText] = String(Math.abs(value)).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const digits = whole.length + fraction.length;
  const point = whole.length + exponent; // position of the decimal point in `whole + fraction`
  return { whole: Math.max(1, point), fraction: Math.max(0, digits - point) };
}

/** The resolved ItemDef/ItemRef content of one variable. */
interface ResolvedVariable {
  variable: DatasetVariable;
  meta: DefineVariable;
  dataType: DefineDataType;
  length: number | undefined;
  significantDigits: number | undefined;
  keySequence: number | undefined;
}

function resolveVariable(
  entry: DefineDataset,
  column: number,
  keySequence: number | undefined,
  problems: string[],
): ResolvedVariable {
  const { dataset } = entry;
  const variable = dataset.variables[column] as DatasetVariable;
  const meta = entry.variables?.[variable.name] ?? {};
  const where = `${dataset.name}.${variable.name}`;
  let numbers = true;
  let wholeDigits = 1;
  let fractionDigits = 0;
  if (variable.type === 'Num') {
    for (const row of dataset.rows) {
      const value = row[column];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const digits = decimalDigits(value);
      wholeDigits = Math.max(wholeDigits, digits.whole);
      fractionDigits = Math.max(fractionDigits, digits.fraction);
      if (!Number.isInteger(value)) numbers = false;
    }
  }
  const dataType: DefineDataType =
    meta.dataType ?? (variable.type === 'Char' ? 'text' : numbers ? 'integer' : 'float');
  if (!DATA_TYPES.has(dataType)) {
    problems.push(
      `${where}: DataType ${JSON.stringify(dataType)} is not one of ${[...DATA_TYPES].join(', ')}`,
    );
  } else if (CHAR_TYPES.has(dataType) !== (variable.type === 'Char')) {
    problems.push(
      `${where}: DataType ${dataType} does not fit a ${variable.type} variable ` +
        '(text, date, datetime and time are Char; integer and float are Num)',
    );
  } else if (dataType === 'integer' && !numbers) {
    problems.push(`${where}: DataType integer but the data hold non-integer values`);
  }
  let length: number | undefined;
  if (dataType === 'text') length = meta.length ?? xptCharLength(dataset, column);
  else if (dataType === 'integer') length = meta.length ?? wholeDigits;
  else if (dataType === 'float') length = meta.length ?? wholeDigits + fractionDigits;
  else if (meta.length !== undefined)
    problems.push(`${where}: Length is only written for text, integer and float (not ${dataType})`);
  if (length !== undefined && !(Number.isInteger(length) && length >= 1))
    problems.push(`${where}: Length ${length} is not a positive integer`);
  let significantDigits: number | undefined;
  if (dataType === 'float') significantDigits = meta.significantDigits ?? fractionDigits;
  else if (meta.significantDigits !== undefined)
    problems.push(`${where}: SignificantDigits is only written for float (not ${dataType})`);
  if (significantDigits !== undefined && !(Number.isInteger(significantDigits) && significantDigits >= 0))
    problems.push(`${where}: SignificantDigits ${significantDigits} is not a non-negative integer`);
  const { origin } = meta;
  if (origin) {
    if (!ORIGIN_TYPES.has(origin.type))
      problems.push(
        `${where}: def:Origin Type ${JSON.stringify(origin.type)} is not one of ${[...ORIGIN_TYPES].join(', ')}`,
      );
    if (origin.source !== undefined && !ORIGIN_SOURCES.has(origin.source))
      problems.push(
        `${where}: def:Origin Source ${JSON.stringify(origin.source)} is not one of ${[...ORIGIN_SOURCES].join(', ')}`,
      );
    if (origin.type === 'Predecessor' && !origin.description)
      problems.push(`${where}: a Predecessor origin needs a description naming the predecessor variable`);
  }
  return { variable, meta, dataType, length, significantDigits, keySequence };
}

/** Collects the names of `items`, reporting duplicates and names unfit for an OID. */
function registry<T>(
  kind: string,
  items: readonly T[],
  key: (item: T) => string,
  problems: string[],
): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of items) {
    const name = key(item);
    if (!OID_PART.test(name))
      problems.push(
        `${kind} ${JSON.stringify(name)}: the name is used in an OID and may only hold A–Z, a–z, 0–9, ".", "_", "-"`,
      );
    if (byName.has(name)) problems.push(`${kind} ${JSON.stringify(name)} is defined twice`);
    else byName.set(name, item);
  }
  return byName;
}

/**
 * Writes a CDISC Define-XML 2.1 document (CDISC Define-XML Specification v2.1, 2019-05-15; on
 * CDISC ODM 1.3.2) describing SDTM/ADaM datasets: `ODM` with the `def` (v2.1) and `xlink`
 * namespaces and `def:Context="Submission"`, `Study/GlobalVariables`, one `MetaDataVersion` with
 * `def:Standards` (§5.3.2), an `ItemGroupDef` per dataset (`IG.<name>`, §5.3.8: purpose, structure,
 * `def:Class`/`def:SubClass`, `ItemRef`s with order, mandatory flag, key sequence, method and role,
 * and the `def:leaf` of its transport file), an `ItemDef` per variable (`IT.<dataset>.<variable>`,
 * §5.3.11: data type, length, significant digits, display format, codelist reference, `def:Origin`),
 * then `CodeList` (`CL.<name>`, §5.3.12, with NCI C-code aliases), `MethodDef` (`MT.<name>`,
 * §5.3.13) and `def:CommentDef` (`COM.<name>`, §5.3.14).
 *
 * Names, labels, types and lengths come from each {@link DefineDataset.dataset}; lengths and
 * significant digits are derived from the data unless given. The output is deterministic: elements
 * follow the input order (datasets, variables, codelists, methods, comments), and no clock is read
 * (`creationDateTime` is written only when passed). Value-level metadata (`def:ValueListDef`,
 * `def:WhereClauseDef`), the annotated CRF and supplemental documents are not written.
 *
 * @throws DefineXmlError listing every inconsistency: a codelist, method, comment or standard that
 *   is referenced but not defined, keys or metadata naming variables the dataset lacks, duplicate
 *   names, data types that do not fit the variable or its codelist, a malformed `def:DefineVersion`.
 * @throws RangeError when a text holds a character XML 1.0 cannot carry (control characters).
 */
export function defineXml(input: DefineInput): string {
  const problems: string[] = [];
  const defineVersion = input.metaDataVersion.defineVersion ?? '2.1.7';
  if (!/^2\.1\.\d+$/.test(defineVersion))
    problems.push(`def:DefineVersion ${JSON.stringify(defineVersion)} is not 2.1.x`);
  const standards = registry('Standard', input.standards, (s: DefineStandard) => s.id ?? s.name, problems);
  const codeLists = registry('CodeList', input.codeLists ?? [], (c) => c.name, problems);
  const methods = registry('MethodDef', input.methods ?? [], (m) => m.name, problems);
  const comments = registry('CommentDef', input.comments ?? [], (c) => c.name, problems);
  registry('Dataset', input.datasets, (d) => d.dataset.name, problems);
  const comment = (where: string, name: string | undefined) => {
    if (name !== undefined && !comments.has(name))
      problems.push(`${where}: comment ${JSON.stringify(name)} is not defined in comments`);
  };

  const resolved = input.datasets.map((entry) => {
    const { dataset } = entry;
    const names = new Set(dataset.variables.map((variable) => variable.name));
    if (!standards.has(entry.standard))
      problems.push(
        `${dataset.name}: standard ${JSON.stringify(entry.standard)} is not defined in standards`,
      );
    comment(dataset.name, entry.comment);
    const keys = entry.keys ?? [];
    keys.forEach((key, index) => {
      if (!names.has(key))
        problems.push(`${dataset.name}: key variable ${key} is not a variable of the dataset`);
      if (keys.indexOf(key) !== index) problems.push(`${dataset.name}: key variable ${key} is listed twice`);
    });
    for (const name of Object.keys(entry.variables ?? {}))
      if (!names.has(name))
        problems.push(`${dataset.name}: metadata given for ${name}, which is not a variable of the dataset`);
    const variables = dataset.variables.map((variable, column) => {
      if (!OID_PART.test(variable.name))
        problems.push(
          `${dataset.name}: variable name ${JSON.stringify(variable.name)} cannot be used in an OID`,
        );
      const index = keys.indexOf(variable.name);
      const item = resolveVariable(entry, column, index < 0 ? undefined : index + 1, problems);
      const where = `${dataset.name}.${variable.name}`;
      const { codeList, method } = item.meta;
      if (codeList !== undefined) {
        const list = codeLists.get(codeList);
        if (!list)
          problems.push(
            `${where}: CodeListRef to ${JSON.stringify(codeList)}, which is not defined in codeLists`,
          );
        else if (list.dataType !== item.dataType)
          problems.push(
            `${where}: DataType ${item.dataType} differs from codelist ${codeList}'s DataType ${list.dataType}`,
          );
      }
      if (method !== undefined && !methods.has(method))
        problems.push(
          `${where}: MethodOID refers to ${JSON.stringify(method)}, which is not defined in methods`,
        );
      comment(where, item.meta.comment);
      return item;
    });
    return { entry, variables };
  });
  for (const list of input.codeLists ?? []) {
    if (list.items.length === 0) problems.push(`CodeList ${list.name} has no items`);
    const decoded = list.items.filter((item) => item.decode !== undefined).length;
    if (decoded !== 0 && decoded !== list.items.length)
      problems.push(
        `CodeList ${list.name}: ${decoded} of ${list.items.length} items have a decode (give all or none)`,
      );
    if (list.standard !== undefined && !standards.has(list.standard))
      problems.push(
        `CodeList ${list.name}: standard ${JSON.stringify(list.standard)} is not defined in standards`,
      );
    for (const item of list.items) {
      if (list.dataType === 'integer' && !/^-?\d+$/.test(item.codedValue))
        problems.push(
          `CodeList ${list.name}: coded value ${JSON.stringify(item.codedValue)} is not an integer`,
        );
      if (list.dataType === 'float' && !Number.isFinite(Number(item.codedValue)))
        problems.push(
          `CodeList ${list.name}: coded value ${JSON.stringify(item.codedValue)} is not a number`,
        );
    }
    if (
      list.items.filter(
        (item, index) => list.items.findIndex((other) => other.codedValue === item.codedValue) !== index,
      ).length
    )
      problems.push(`CodeList ${list.name}: a coded value is listed twice`);
  }
  if (problems.length > 0) throw new DefineXmlError(problems);

  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const text = (value: string, where: string) => escapeXml(value, where);
  const attributes = (attrs: readonly Attribute[], where: string) =>
    attrs
      .filter((attr): attr is readonly [string, string | number] => attr[1] !== undefined)
      .map(([name, value]) => ` ${name}="${escapeXml(String(value), `${where} @${name}`, true)}"`)
      .join('');
  const open = (depth: number, name: string, attrs: readonly Attribute[], where: string) =>
    lines.push(`${'  '.repeat(depth)}<${name}${attributes(attrs, where)}>`);
  const empty = (depth: number, name: string, attrs: readonly Attribute[], where: string) =>
    lines.push(`${'  '.repeat(depth)}<${name}${attributes(attrs, where)}/>`);
  const close = (depth: number, name: string) => lines.push(`${'  '.repeat(depth)}</${name}>`);
  const leaf = (depth: number, name: string, value: string, where: string) =>
    lines.push(`${'  '.repeat(depth)}<${name}>${text(value, `${where} ${name}`)}</${name}>`);
  const description = (depth: number, value: string, where: string, element = 'Description') => {
    open(depth, element, [], where);
    lines.push(
      `${'  '.repeat(depth + 1)}<TranslatedText xml:lang="en">${text(value, `${where} ${element}`)}</TranslatedText>`,
    );
    close(depth, element);
  };
  const alias = (depth: number, code: string | undefined, where: string) => {
    if (code !== undefined)
      empty(
        depth,
        'Alias',
        [
          ['Context', 'nci:ExtCodeID'],
          ['Name', code],
        ],
        where,
      );
  };
  const standardOID = (id: string) => `STD.${id}`;
  const yesNo = (flag: boolean) => (flag ? 'Yes' : 'No');

  open(
    0,
    'ODM',
    [
      ['xmlns', ODM_NS],
      ['xmlns:xlink', XLINK_NS],
      ['xmlns:def', DEF_NS],
      ['ODMVersion', '1.3.2'],
      ['FileType', 'Snapshot'],
      ['FileOID', input.fileOID],
      ['CreationDateTime', input.creationDateTime],
      ['Originator', input.originator],
      ['SourceSystem', input.sourceSystem],
      ['SourceSystemVersion', input.sourceSystemVersion],
      ['def:Context', 'Submission'],
    ],
    'ODM',
  );
  open(1, 'Study', [['OID', input.study.oid]], 'Study');
  open(2, 'GlobalVariables', [], 'Study');
  leaf(3, 'StudyName', input.study.name, 'Study');
  leaf(3, 'StudyDescription', input.study.description, 'Study');
  leaf(3, 'ProtocolName', input.study.protocolName, 'Study');
  close(2, 'GlobalVariables');
  const mdv = input.metaDataVersion;
  open(
    2,
    'MetaDataVersion',
    [
      ['OID', mdv.oid],
      ['Name', mdv.name],
      ['Description', mdv.description],
      ['def:DefineVersion', defineVersion],
    ],
    'MetaDataVersion',
  );
  open(3, 'def:Standards', [], 'def:Standards');
  for (const standard of input.standards) {
    const id = standard.id ?? standard.name;
    empty(
      4,
      'def:Standard',
      [
        ['OID', standardOID(id)],
        ['Name', standard.name],
        ['Type', standard.type],
        ['PublishingSet', standard.publishingSet],
        ['Version', standard.version],
        ['Status', standard.status ?? 'Final'],
      ],
      `def:Standard ${id}`,
    );
  }
  close(3, 'def:Standards');

  for (const { entry, variables } of resolved) {
    const { dataset } = entry;
    const where = `ItemGroupDef IG.${dataset.name}`;
    const location = entry.location ?? `${dataset.name.toLowerCase()}.xpt`;
    open(
      3,
      'ItemGroupDef',
      [
        ['OID', `IG.${dataset.name}`],
        ['Domain', entry.domain ?? (entry.purpose === 'Tabulation' ? dataset.name : undefined)],
        ['Name', dataset.name],
        ['SASDatasetName', dataset.name],
        ['Repeating', yesNo(entry.repeating)],
        ['IsReferenceData', yesNo(entry.isReferenceData ?? false)],
        ['Purpose', entry.purpose],
        ['def:Structure', entry.structure],
        ['def:StandardOID', standardOID(entry.standard)],
        ['def:ArchiveLocationID', `LF.${dataset.name}`],
        ['def:CommentOID', entry.comment === undefined ? undefined : `COM.${entry.comment}`],
      ],
      where,
    );
    description(4, dataset.label, where);
    variables.forEach((item, index) =>
      empty(
        4,
        'ItemRef',
        [
          ['ItemOID', `IT.${dataset.name}.${item.variable.name}`],
          ['OrderNumber', index + 1],
          ['Mandatory', yesNo(item.meta.mandatory ?? item.keySequence !== undefined)],
          ['KeySequence', item.keySequence],
          ['MethodOID', item.meta.method === undefined ? undefined : `MT.${item.meta.method}`],
          ['Role', item.meta.role],
        ],
        `${where} ItemRef ${item.variable.name}`,
      ),
    );
    if (entry.subclass === undefined) empty(4, 'def:Class', [['Name', entry.class]], where);
    else {
      open(4, 'def:Class', [['Name', entry.class]], where);
      empty(5, 'def:SubClass', [['Name', entry.subclass]], where);
      close(4, 'def:Class');
    }
    open(
      4,
      'def:leaf',
      [
        ['ID', `LF.${dataset.name}`],
        ['xlink:href', location],
      ],
      where,
    );
    leaf(5, 'def:title', location, where);
    close(4, 'def:leaf');
    close(3, 'ItemGroupDef');
  }

  for (const { entry, variables } of resolved) {
    for (const item of variables) {
      const oid = `IT.${entry.dataset.name}.${item.variable.name}`;
      const where = `ItemDef ${oid}`;
      const { meta } = item;
      open(
        3,
        'ItemDef',
        [
          ['OID', oid],
          ['Name', item.variable.name],
          ['SASFieldName', item.variable.name],
          ['DataType', item.dataType],
          ['Length', item.length],
          ['SignificantDigits', item.significantDigits],
          ['def:DisplayFormat', meta.displayFormat ?? item.variable.format],
          ['def:CommentOID', meta.comment === undefined ? undefined : `COM.${meta.comment}`],
        ],
        where,
      );
      description(4, meta.description ?? item.variable.label, where);
      if (meta.codeList !== undefined)
        empty(4, 'CodeListRef', [['CodeListOID', `CL.${meta.codeList}`]], where);
      if (meta.origin) {
        const attrs: Attribute[] = [
          ['Type', meta.origin.type],
          ['Source', meta.origin.source],
        ];
        if (meta.origin.description === undefined) empty(4, 'def:Origin', attrs, where);
        else {
          open(4, 'def:Origin', attrs, where);
          description(5, meta.origin.description, `${where} def:Origin`);
          close(4, 'def:Origin');
        }
      }
      close(3, 'ItemDef');
    }
  }

  for (const list of input.codeLists ?? []) writeCodeList(list);
  function writeCodeList(list: DefineCodeList): void {
    const where = `CodeList CL.${list.name}`;
    open(
      3,
      'CodeList',
      [
        ['OID', `CL.${list.name}`],
        ['Name', list.label ?? list.name],
        ['DataType', list.dataType],
        ['def:StandardOID', list.standard === undefined ? undefined : standardOID(list.standard)],
      ],
      where,
    );
    const decoded = list.items.some((item) => item.decode !== undefined);
    for (const item of list.items) {
      const itemWhere = `${where} ${decoded ? 'CodeListItem' : 'EnumeratedItem'} ${JSON.stringify(item.codedValue)}`;
      const attrs: Attribute[] = [
        ['CodedValue', item.codedValue],
        ['OrderNumber', item.orderNumber],
        ['def:ExtendedValue', item.extended ? 'Yes' : undefined],
      ];
      const element = decoded ? 'CodeListItem' : 'EnumeratedItem';
      if (!decoded && item.nciCode === undefined) {
        empty(4, element, attrs, itemWhere);
        continue;
      }
      open(4, element, attrs, itemWhere);
      if (item.decode !== undefined) description(5, item.decode, itemWhere, 'Decode');
      alias(5, item.nciCode, itemWhere);
      close(4, element);
    }
    alias(4, list.nciCode, where);
    close(3, 'CodeList');
  }

  for (const method of input.methods ?? []) {
    const where = `MethodDef MT.${method.name}`;
    open(
      3,
      'MethodDef',
      [
        ['OID', `MT.${method.name}`],
        ['Name', method.label ?? method.name],
        ['Type', method.type],
      ],
      where,
    );
    description(4, method.description, where);
    close(3, 'MethodDef');
  }
  for (const note of input.comments ?? []) {
    const where = `def:CommentDef COM.${note.name}`;
    open(3, 'def:CommentDef', [['OID', `COM.${note.name}`]], where);
    description(4, note.description, where);
    close(3, 'def:CommentDef');
  }
  close(2, 'MetaDataVersion');
  close(1, 'Study');
  close(0, 'ODM');
  return `${lines.join('\n')}\n`;
}
