const DATA_TYPES = new Set([
  'string',
  'integer',
  'decimal',
  'float',
  'double',
  'date',
  'time',
  'datetime',
  'URI',
  'boolean',
]);
/**
 * The datetime pattern of the official schema (`datasetJSONCreationDateTime`,
 * `dbLastModifiedDateTime`): `YYYY-MM-DDThh:mm:ss(.n+)?(((+|-)hh:mm)|Z)?`, seconds required.
 */
export const DATASET_JSON_DATETIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(([+-]([01]\d|2[0-3]):[0-5]\d)|Z)?$/;
/** `datasetJSONVersion` of the official schema: 1.1, 1.1.0, 1.1.1, … (no leading zeros). */
const VERSION_1_1 = /^1\.1(\.(0|[1-9]\d*))?$/;
const COLUMN_KEYS = new Set([
  'itemOID',
  'name',
  'label',
  'dataType',
  'targetDataType',
  'length',
  'displayFormat',
  'keySequence',
]);
const REQUIRED_STRINGS = [
  'datasetJSONCreationDateTime',
  'datasetJSONVersion',
  'itemGroupOID',
  'name',
  'label',
] as const;
const OPTIONAL_STRINGS = [
  'fileOID',
  'dbLastModifiedDateTime',
  'originator',
  'studyOID',
  'metaDataVersionOID',
  'metaDataRef',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCell(value: unknown, dataType: string, targetDataType: unknown): boolean {
  if (value === null) return true;
  if (targetDataType === 'integer') return Number.isInteger(value);
  if (targetDataType === 'decimal') return typeof value === 'number' || typeof value === 'string';
  switch (dataType) {
    case 'integer':
      return Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return typeof value === 'string';
  }
}

function checkColumns(columns: unknown, problems: string[]): Record<string, unknown>[] {
  if (!Array.isArray(columns) || columns.length === 0) {
    problems.push('columns must be a non-empty array');
    return [];
  }
  const names = new Set<string>();
  const oids = new Set<string>();
  columns.forEach((column: unknown, index) => {
    if (!isRecord(column)) return void problems.push(`columns[${index}] must be an object`);
    for (const key of Object.keys(column)) {
      if (!COLUMN_KEYS.has(key)) problems.push(`columns[${index}] has unknown attribute ${key}`);
    }
    for (const key of ['itemOID', 'name', 'label', 'dataType']) {
      if (typeof column[key] !== 'string') problems.push(`columns[${index}].${key} must be a string`);
    }
    if (typeof column['dataType'] === 'string' && !DATA_TYPES.has(column['dataType'])) {
      problems.push(
        `columns[${index}].dataType ${JSON.stringify(column['dataType'])} is not a Dataset-JSON 1.1 data type`,
      );
    }
    const target = column['targetDataType'];
    if (target !== undefined && target !== 'integer' && target !== 'decimal') {
      problems.push(`columns[${index}].targetDataType must be 'integer' or 'decimal'`);
    }
    for (const key of ['length', 'keySequence']) {
      const value = column[key];
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) {
        problems.push(`columns[${index}].${key} must be a positive integer`);
      }
    }
    if (column['displayFormat'] !== undefined && typeof column['displayFormat'] !== 'string') {
      problems.push(`columns[${index}].displayFormat must be a string`);
    }
    const name = column['name'];
    const oid = column['itemOID'];
    if (typeof name === 'string') {
      if (names.has(name)) problems.push(`columns[${index}].name ${name} is not unique`);
      names.add(name);
    }
    if (typeof oid === 'string') {
      if (oids.has(oid)) problems.push(`columns[${index}].itemOID ${oid} is not unique`);
      oids.add(oid);
    }
  });
  return columns.filter(isRecord);
}

/**
 * Structural check of a CDISC Dataset-JSON v1.1 dataset (CDISC Dataset-JSON Specification v1.1):
 * required `datasetJSONCreationDateTime` (ISO 8601 datetime with seconds, the schema's pattern),
 * `datasetJSONVersion` (1.1 or 1.1.x), `itemGroupOID`, `records`, `name`, `label`, `columns` (each
 * with `itemOID`, `name`, `label` and a v1.1 `dataType`; optional `targetDataType`, `length`,
 * `displayFormat`, `keySequence`, nothing else; unique names and OIDs); optional `rows`, string
 * attributes (`fileOID`, `originator`, `studyOID`, …), `dbLastModifiedDateTime` (same pattern as
 * the creation datetime) and `sourceSystem {name, version}`. Beyond the official JSON schema it
 * requires at least one column, `records` equal to the number of rows when rows are present, one
 * value per column in every row and every value matching its column's type (numbers for
 * integer/float/double, booleans for boolean, strings otherwise, `null` for missing).
 *
 * The official schema itself (tests/fixtures/cdisc/dataset-json-schema/) is applied with ajv in
 * `dataset-json-schema.spec.ts`, which also checks that both reject the same broken documents; this
 * function keeps the library free of dependencies. Returns a list of problems (empty = valid).
 */
export function validateDatasetJson(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return ['a Dataset-JSON dataset must be a JSON object'];
  for (const key of REQUIRED_STRINGS) {
    if (typeof value[key] !== 'string') problems.push(`${key} is required and must be a string`);
  }
  for (const key of OPTIONAL_STRINGS) {
    if (value[key] !== undefined && typeof value[key] !== 'string') problems.push(`${key} must be a string`);
  }
  for (const key of ['datasetJSONCreationDateTime', 'dbLastModifiedDateTime']) {
    const datetime = value[key];
    if (typeof datetime === 'string' && !DATASET_JSON_DATETIME.test(datetime)) {
      problems.push(`${key} must be an ISO 8601 datetime`);
    }
  }
  const version = value['datasetJSONVersion'];
  if (typeof version === 'string' && !VERSION_1_1.test(version)) {
    problems.push(`datasetJSONVersion ${version} is not 1.1.x`);
  }
  const sourceSystem = value['sourceSystem'];
  if (
    sourceSystem !== undefined &&
    !(
      isRecord(sourceSystem) &&
      typeof sourceSystem['name'] === 'string' &&
      typeof sourceSystem['version'] === 'string' &&
      Object.keys(sourceSystem).length === 2
    )
  ) {
    problems.push('sourceSystem must be an object with string name and version');
  }
  const columns = checkColumns(value['columns'], problems);
  const rows = value['rows'];
  if (rows === undefined) {
    // Optional: a metadata-only dataset (Dataset-JSON 1.1: "records=0 allows for the transfer of
    // metadata without sending data").
  } else if (!Array.isArray(rows)) {
    problems.push('rows must be an array');
  } else {
    if (value['records'] !== rows.length)
      problems.push(`records (${String(value['records'])}) must equal the number of rows (${rows.length})`);
    rows.forEach((row: unknown, index) => {
      if (!Array.isArray(row) || row.length !== columns.length) {
        return void problems.push(`rows[${index}] must be an array of ${columns.length} values`);
      }
      row.forEach((cell: unknown, column) => {
        const definition = columns[column] as Record<string, unknown>;
        if (!checkCell(cell, String(definition['dataType']), definition['targetDataType'])) {
          problems.push(
            `rows[${index}][${column}] (${String(definition['name'])}) ${JSON.stringify(cell)} does not match dataType ${String(definition['dataType'])}`,
          );
        }
      });
    });
  }
  if (!Number.isInteger(value['records']) || (value['records'] as number) < 0) {
    problems.push('records is required and must be a non-negative integer');
  }
  return problems;
}
