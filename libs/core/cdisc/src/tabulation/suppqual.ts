import type { Dataset } from '../model';
import { buildDataset, type VariableSpec } from './build-dataset';

/** One supplemental qualifier of a parent record. */
export interface SuppRecord {
  studyId: string;
  usubjid: string;
  /** Variable identifying the parent record(s), e.g. `ZPSEQ` or `ZPGRPID`; `null` = the subject. */
  idvar: string | null;
  idvarval: string | null;
  qnam: string;
  qlabel: string;
  qval: string;
  /** Define-XML origin: `Collected`, `Derived`, `Assigned`. */
  qorig: 'Collected' | 'Derived' | 'Assigned';
}

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['RDOMAIN', 'Related Domain Abbreviation', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['IDVAR', 'Identifying Variable', 'Char'],
  ['IDVARVAL', 'Identifying Variable Value', 'Char'],
  ['QNAM', 'Qualifier Variable Name', 'Char'],
  ['QLABEL', 'Qualifier Variable Label', 'Char'],
  ['QVAL', 'Data Value', 'Char'],
  ['QORIG', 'Origin', 'Char'],
  ['QEVAL', 'Evaluator', 'Char'],
];

/** SDTM SUPP-- dataset (`SUPP` + parent domain) holding the given qualifiers in the given order. */
export function suppDataset(rdomain: string, records: readonly SuppRecord[]): Dataset {
  return buildDataset(
    `SUPP${rdomain}`,
    `Supplemental Qualifiers for ${rdomain}`,
    SPECS,
    records.map((record) => ({
      STUDYID: record.studyId,
      RDOMAIN: rdomain,
      USUBJID: record.usubjid,
      IDVAR: record.idvar,
      IDVARVAL: record.idvarval,
      QNAM: record.qnam,
      QLABEL: record.qlabel,
      QVAL: record.qval,
      QORIG: record.qorig,
      QEVAL: null,
    })),
  );
}
