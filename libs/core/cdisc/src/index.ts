/**
 * Regulatory submission datasets (CDISC SDTM/ADaM) written without dependencies: SAS Version 5
 * transport files (XPORT, SAS TS-140) with IBM hexadecimal floating point, CDISC Dataset-JSON
 * v1.1 and RFC 4180 CSV. Transport files are checked against R (haven, foreign) through fixtures
 * under tests/fixtures/cdisc.
 */
export type { Dataset, DatasetValue, DatasetVariable, VariableType } from './model';
export { IBM_MAX, IBM_MIN_NORMAL, fromIbm, toIbm } from './ibm-float';
export { parseSasFormat, type ParsedSasFormat } from './sas-format';
export { sasHeaderDatetime } from './sas-header-datetime';
export { preflightXpt, xptCharLength, type XptProblem } from './preflight-xpt';
export { XptError, writeXpt, type WriteXptOptions } from './write-xpt';
export { readXpt, type XptLibrary, type XptMember } from './read-xpt';
export { csv } from './csv';
export {
  datasetJson,
  type DatasetJson,
  type DatasetJsonColumn,
  type DatasetJsonDataType,
  type DatasetJsonMeta,
} from './dataset-json';
export { validateDatasetJson } from './validate-dataset-json';
export * from './define';
export * from './tabulation';
