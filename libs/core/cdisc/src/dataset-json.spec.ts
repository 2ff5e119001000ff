import { datasetJson, type DatasetJsonMeta } from './dataset-json';
import type { Dataset } from './model';
import { validateDatasetJson } from './validate-dataset-json';

const adsl: Dataset = {
  name: 'ADSL',
  label: 'Subject-Level Analysis Dataset',
  variables: [
    { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'Char' },
    { name: 'AGE', label: 'Age', type: 'Num' },
    { name: 'TRTSDT', label: 'Date of First Exposure', type: 'Num', format: 'DATE9.' },
    { name: 'TRTSDTM', label: 'Datetime of First Exposure', type: 'Num' },
    { name: 'TRTSTM', label: 'Time of First Exposure', type: 'Num' },
    { name: 'WEIGHT', label: 'Weight (kg)', type: 'Num' },
    { name: 'SAFFL', label: 'Safety Flag', type: 'Num' },
    { name: 'BMI', label: 'BMI', type: 'Num' },
  ],
  rows: [
    ['S-001', 63, 23000, 1987200000, 34200, 70.25, 1, 24.1],
    ['S-002', null, null, null, null, null, 0, null],
  ],
};

const meta: DatasetJsonMeta = {
  creationDateTime: '2025-03-01T10:00:00',
  originator: 'Prospect',
  sourceSystem: { name: 'prospect', version: '1.0' },
  studyOID: 'STUDY.PROSPECT-01',
  metaDataVersionOID: 'MDV.1',
  columns: {
    USUBJID: { keySequence: 1 },
    AGE: { dataType: 'integer' },
    TRTSDT: { dataType: 'date' },
    TRTSDTM: { dataType: 'datetime' },
    TRTSTM: { dataType: 'time' },
    WEIGHT: { dataType: 'decimal' },
    SAFFL: { dataType: 'boolean' },
  },
};

describe('datasetJson (CDISC Dataset-JSON v1.1)', () => {
  it('builds the top level, columns and converted rows', () => {
    const json = datasetJson(adsl, meta);
    expect(Object.keys(json)).toEqual([
      'datasetJSONCreationDateTime',
      'datasetJSONVersion',
      'originator',
      'sourceSystem',
      'studyOID',
      'metaDataVersionOID',
      'itemGroupOID',
      'records',
      'name',
      'label',
      'columns',
      'rows',
    ]);
    expect(json.datasetJSONVersion).toBe('1.1.0');
    expect(json.itemGroupOID).toBe('IG.ADSL');
    expect(json.records).toBe(2);
    expect(json.columns[0]).toEqual({
      itemOID: 'IT.ADSL.USUBJID',
      name: 'USUBJID',
      label: 'Unique Subject Identifier',
      dataType: 'string',
      length: 5,
      keySequence: 1,
    });
    expect(json.columns[2]).toMatchObject({ dataType: 'date', displayFormat: 'DATE9.' });
    expect(json.columns[7]).toMatchObject({ dataType: 'double' });
    expect(json.rows).toEqual([
      ['S-001', 63, '2022-12-21', '2022-12-21T00:00:00', '09:30:00', '70.25', true, 24.1],
      ['S-002', null, null, null, null, null, false, null],
    ]);
    expect(validateDatasetJson(json)).toEqual([]);
    expect(validateDatasetJson(JSON.parse(JSON.stringify(json)))).toEqual([]);
  });

  it('keeps SAS numbers with targetDataType integer and rejects values that do not fit', () => {
    const kept = datasetJson(adsl, {
      ...meta,
      columns: { TRTSDT: { dataType: 'date', targetDataType: 'integer' } },
    });
    expect(kept.rows[0]?.[2]).toBe(23000);
    expect(validateDatasetJson(kept)).toEqual([]);
    expect(() => datasetJson(adsl, { ...meta, columns: { BMI: { dataType: 'integer' } } })).toThrow(
      /BMI row 0 value 24.1 is not an integer/,
    );
    expect(() => datasetJson(adsl, { ...meta, columns: { AGE: { dataType: 'string' } } })).toThrow(
      RangeError,
    );
    expect(() => datasetJson(adsl, { ...meta, columns: { NOPE: {} } })).toThrow(/unknown variable NOPE/);
    expect(() =>
      datasetJson(adsl, {
        ...meta,
        columns: {
          TRTSTM: { dataType: 'time' },
          SAFFL: { dataType: 'boolean' },
          USUBJID: { dataType: 'integer' },
        },
      }),
    ).toThrow(RangeError);
  });
});

describe('validateDatasetJson (structural, Dataset-JSON v1.1)', () => {
  const valid = datasetJson(adsl, meta);

  it('reports missing required attributes, bad types, record count and cell types', () => {
    expect(validateDatasetJson(null)).toEqual(['a Dataset-JSON dataset must be a JSON object']);
    const { name: _name, ...noName } = valid;
    expect(validateDatasetJson(noName)).toContain('name is required and must be a string');
    expect(validateDatasetJson({ ...valid, datasetJSONVersion: '1.0.0' })).toContain(
      'datasetJSONVersion 1.0.0 is not 1.1.x',
    );
    expect(validateDatasetJson({ ...valid, datasetJSONCreationDateTime: 'yesterday' })).toContain(
      'datasetJSONCreationDateTime must be an ISO 8601 datetime',
    );
    expect(validateDatasetJson({ ...valid, records: 3 })).toContain(
      'records (3) must equal the number of rows (2)',
    );
    expect(validateDatasetJson({ ...valid, sourceSystem: { name: 'x' } })).toContain(
      'sourceSystem must be an object with string name and version',
    );
    expect(validateDatasetJson({ ...valid, rows: [['S-1']] }).join('\n')).toMatch(
      /rows\[0\] must be an array of 8 values/,
    );
    const badCell = {
      ...valid,
      rows: [(valid.rows[0] as unknown[]).map((cell, index) => (index === 1 ? '63' : cell)), valid.rows[1]],
    };
    expect(validateDatasetJson(badCell).join('\n')).toMatch(
      /rows\[0\]\[1\] \(AGE\) "63" does not match dataType integer/,
    );
    const badColumns = {
      ...valid,
      columns: [{ ...valid.columns[0], dataType: 'text' }, valid.columns[0], ...valid.columns.slice(2)],
    };
    const messages = validateDatasetJson(badColumns).join('\n');
    expect(messages).toMatch(/columns\[0\]\.dataType "text" is not a Dataset-JSON 1.1 data type/);
    expect(messages).toMatch(/columns\[1\]\.name USUBJID is not unique/);
    expect(validateDatasetJson({ ...valid, columns: [] })).toContain('columns must be a non-empty array');
  });
});
