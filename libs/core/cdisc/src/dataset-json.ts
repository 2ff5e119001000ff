import type { Dataset, DatasetValue } from './model';
import { xptCharLength } from './preflight-xpt';
import { DATASET_JSON_DATETIME } from './validate-dataset-json';

/** Column data types of CDISC Dataset-JSON v1.1. */
export type DatasetJsonDataType =
  'string' | 'integer' | 'decimal' | 'float' | 'double' | 'date' | 'time' | 'datetime' | 'URI' | 'boolean';

/** One entry of `columns` (Dataset-JSON v1.1). */
export interface DatasetJsonColumn {
  itemOID: string;
  name: string;
  label: string;
  dataType: DatasetJsonDataType;
  targetDataType?: 'integer' | 'decimal';
  length?: number;
  displayFormat?: string;
  keySequence?: number;
}

/** A Dataset-JSON v1.1 dataset (the JSON form; serialize with `JSON.stringify`). */
export interface DatasetJson {
  datasetJSONCreationDateTime: string;
  datasetJSONVersion: '1.1.0';
  fileOID?: string;
  dbLastModifiedDateTime?: string;
  originator?: string;
  sourceSystem?: { name: string; version: string };
  studyOID: string;
  metaDataVersionOID: string;
  metaDataRef?: string;
  itemGroupOID: string;
  records: number;
  name: string;
  label: string;
  columns: DatasetJsonColumn[];
  rows: (string | number | boolean | null)[][];
}

/** Study-level metadata for {@link datasetJson}; nothing here is read from a clock. */
export interface DatasetJsonMeta {
  /**
   * ISO 8601 datetime the file is created, with seconds, e.g. `2025-03-01T10:00:00` (written as
   * `datasetJSONCreationDateTime`; the schema's pattern is enforced).
   */
  creationDateTime: string;
  fileOID?: string;
  /** ISO 8601 datetime with seconds the source database was last modified. */
  dbLastModifiedDateTime?: string;
  originator?: string;
  sourceSystem?: { name: string; version: string };
  studyOID: string;
  metaDataVersionOID: string;
  /** URL of the Define-XML document. */
  metaDataRef?: string;
  /** Default `IG.<dataset name>`. */
  itemGroupOID?: string;
  /** Per-variable overrides (by variable name). */
  columns?: Record<
    string,
    {
      itemOID?: string;
      dataType?: DatasetJsonDataType;
      targetDataType?: 'integer' | 'decimal';
      keySequence?: number;
      displayFormat?: string;
    }
  >;
}

const DAY_MS = 86_400_000;
const SAS_EPOCH_MS = Date.UTC(1960, 0, 1);

function iso(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

function convert(
  value: DatasetValue,
  dataType: DatasetJsonDataType,
  targetDataType: string | undefined,
  where: string,
): string | number | boolean | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    if (['integer', 'float', 'double', 'boolean'].includes(dataType)) {
      throw new RangeError(`datasetJson: ${where} is a string but the column is ${dataType}`);
    }
    return value;
  }
  if (!Number.isFinite(value))
    throw new RangeError(`datasetJson: ${where} is ${value} (use null for missing)`);
  switch (dataType) {
    case 'integer':
      if (!Number.isInteger(value))
        throw new RangeError(`datasetJson: ${where} value ${value} is not an integer`);
      return value;
    case 'float':
    case 'double':
      return value;
    case 'decimal':
      return String(value); // Dataset-JSON 1.1 carries decimals as strings (no binary rounding).
    case 'boolean':
      if (value !== 0 && value !== 1) throw new RangeError(`datasetJson: ${where} value ${value} is not 0/1`);
      return value === 1;
    case 'date':
    case 'datetime':
    case 'time':
      if (targetDataType === 'integer') return value; // kept as the SAS number
      if (dataType === 'date') {
        if (!Number.isInteger(value))
          throw new RangeError(`datasetJson: ${where} SAS date ${value} is not whole days`);
        return iso(SAS_EPOCH_MS + value * DAY_MS).slice(0, 10);
      }
      if (dataType === 'datetime')
        return iso(SAS_EPOCH_MS + Math.round(value * 1000)).replace(/(\.000)?Z$/, '');
      if (value < 0 || value >= 86_400)
        throw new RangeError(`datasetJson: ${where} SAS time ${value} is outside one day`);
      return iso(SAS_EPOCH_MS + Math.round(value * 1000))
        .slice(11)
        .replace(/(\.000)?Z$/, '');
    default:
      throw new RangeError(`datasetJson: ${where} is a number but the column is ${dataType}`);
  }
}

/**
 * Builds a CDISC Dataset-JSON v1.1 dataset (CDISC Dataset-JSON Specification v1.1, 2024): the
 * top-level attributes in specification order, one column per variable and the rows. Char
 * variables default to `string` with `length` (the XPT length); Num variables default to `double`.
 * Override `dataType` per variable in `meta.columns` (`integer`, `decimal`, `date`, `datetime`,
 * `time`, `boolean`, …): Num values of a `date`/`datetime`/`time` column are SAS dates (days since
 * 1960-01-01) / datetimes / times (seconds) and become ISO 8601 text, unless `targetDataType` is
 * `integer`, which keeps the number; `decimal` values become strings as the specification
 * requires. Throws a RangeError for a value that does not fit its column, a ragged row, a
 * creation/last-modified datetime the official v1.1 JSON schema would reject (seconds are required)
 * or a keySequence below 1. The output validates against that schema
 * (`dataset-json-schema.spec.ts`).
 */
export function datasetJson(dataset: Dataset, meta: DatasetJsonMeta): DatasetJson {
  for (const [key, datetime] of [
    ['creationDateTime', meta.creationDateTime],
    ['dbLastModifiedDateTime', meta.dbLastModifiedDateTime],
  ] as const) {
    if (datetime !== undefined && !DATASET_JSON_DATETIME.test(datetime)) {
      throw new RangeError(
        `datasetJson: meta.${key} ${JSON.stringify(datetime)} is not YYYY-MM-DDThh:mm:ss(.n)?(±hh:mm|Z)?`,
      );
    }
  }
  const overrides = meta.columns ?? {};
  for (const [name, override] of Object.entries(overrides)) {
    if (!dataset.variables.some((variable) => variable.name === name)) {
      throw new RangeError(`datasetJson: meta.columns names unknown variable ${name}`);
    }
    const keySequence = override.keySequence;
    if (keySequence !== undefined && !(Number.isInteger(keySequence) && keySequence >= 1)) {
      throw new RangeError(`datasetJson: keySequence of ${name} must be a positive integer`);
    }
  }
  const columns = dataset.variables.map((variable, index): DatasetJsonColumn => {
    const override = overrides[variable.name] ?? {};
    const column: DatasetJsonColumn = {
      itemOID: override.itemOID ?? `IT.${dataset.name}.${variable.name}`,
      name: variable.name,
      label: variable.label,
      dataType: override.dataType ?? (variable.type === 'Char' ? 'string' : 'double'),
    };
    if (override.targetDataType !== undefined) column.targetDataType = override.targetDataType;
    if (variable.type === 'Char') column.length = xptCharLength(dataset, index);
    const displayFormat = override.displayFormat ?? variable.format;
    if (displayFormat !== undefined) column.displayFormat = displayFormat;
    if (override.keySequence !== undefined) column.keySequence = override.keySequence;
    return column;
  });
  const rows = dataset.rows.map((row, rowIndex) => {
    if (row.length !== columns.length) {
      throw new RangeError(
        `datasetJson: row ${rowIndex} has ${row.length} values, expected ${columns.length}`,
      );
    }
    return row.map((value, index) => {
      const column = columns[index] as DatasetJsonColumn;
      return convert(value, column.dataType, column.targetDataType, `${column.name} row ${rowIndex}`);
    });
  });
  return {
    datasetJSONCreationDateTime: meta.creationDateTime,
    datasetJSONVersion: '1.1.0',
    ...(meta.fileOID === undefined ? {} : { fileOID: meta.fileOID }),
    ...(meta.dbLastModifiedDateTime === undefined
      ? {}
      : { dbLastModifiedDateTime: meta.dbLastModifiedDateTime }),
    ...(meta.originator === undefined ? {} : { originator: meta.originator }),
    ...(meta.sourceSystem === undefined ? {} : { sourceSystem: { ...meta.sourceSystem } }),
    studyOID: meta.studyOID,
    metaDataVersionOID: meta.metaDataVersionOID,
    ...(meta.metaDataRef === undefined ? {} : { metaDataRef: meta.metaDataRef }),
    itemGroupOID: meta.itemGroupOID ?? `IG.${dataset.name}`,
    records: rows.length,
    name: dataset.name,
    label: dataset.label,
    columns,
    rows,
  };
}
