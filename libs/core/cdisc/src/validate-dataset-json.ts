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
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
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
 * required `datasetJSONCreationDateTime` (ISO 8601 datetime), `datasetJSONVersion` (1.1.x),
 * `itemGroupOID`, `records`, `name`, `label`, `columns` (each with `itemOID`, `name`, `label` and a
 * v1.1 `dataType`; optional `targetDataType`, `length`, `displayFormat`, `keySequence`; unique
 * names and OIDs) and `rows`; optional string attributes (`fileOID`, `originator`, `studyOID`, …)
 * and `sourceSystem {name, version}`; `records` equals the number of rows, every row has one
 * value per column and every value matches its column's type (numbers for integer/float/double,
 * booleans for boolean, strings otherwise, `null` for missing).
 *
 * This is not the official JSON Schema (published by CDISC, to be added as a fixture and used in
 * tests when available offline); it checks the structure this library produces. Returns a list of
 * problems (empty = valid).
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
  const created = value['datasetJSONCreationDateTime'];
  if (typeof created === 'string' && !ISO_DATETIME.test(created)) {
    problems.push('datasetJSONCreationDateTime must be an ISO 8601 datetime');
  }
  const version = value['datasetJSONVersion'];
  if (typeof version === 'string' && !/^1\.1(\.\d+)?$/.test(version)) {
    problems.push(`datasetJSONVersion ${version} is not 1.1.x`);
  }
  const sourceSystem = value['sourceSystem'];
  if (
    sourceSystem !== undefined &&
    !(
      isRecord(sourceSystem) &&
      typeof sourceSystem['name'] === 'string' &&
      typeof sourceSystem['version'] === 'string'
    )
  ) {
    problems.push('sourceSystem must be an object with string name and version');
  }
  const columns = checkColumns(value['columns'], problems);
  const rows = value['rows'];
  if (!Array.isArray(rows)) {
    problems.push('rows is required and must be an array');
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
