import type { Dataset } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { isoDtc } from './iso-dtc';
import { studyDay } from './study-day';
import { tabulatedSubjects } from './subjects';
import { suppDataset, type SuppRecord } from './suppqual';
import type { ExportEndpointType, ExportOutcome, ExportProtocol, TrialExport } from './trial-export';

/** Domain and test of the primary outcome for each endpoint type. */
export const OUTCOME_TEST: Record<ExportEndpointType, { domain: string; testcd: string; test: string }> = {
  mrd: { domain: 'LB', testcd: 'MRD', test: 'Minimal Residual Disease' },
  pcr: { domain: 'MI', testcd: 'PCR', test: 'Pathologic Complete Response' },
  other: { domain: 'ZO', testcd: 'OUTCOME', test: 'Primary Endpoint Outcome' },
};

/**
 * Original result of an outcome value: MRD `POSITIVE`/`NEGATIVE` (value 1 is `NEGATIVE` when the
 * positive class names MRD negativity, e.g. `MRD-negative`), pCR `Y`/`N` (value 1 is `N` when the
 * positive class names residual disease or no pCR) and other endpoints `POSITIVE` (value 1, the
 * protocol's positive class) / `NEGATIVE`. `null` when the value is missing.
 */
export function outcomeResult(endpoint: ExportProtocol['endpoint'], value: 0 | 1 | null): string | null {
  if (value === null) return null;
  switch (endpoint.type) {
    case 'mrd': {
      const oneIsNegative = /neg/i.test(endpoint.positiveClass);
      return (value === 1) === oneIsNegative ? 'NEGATIVE' : 'POSITIVE';
    }
    case 'pcr': {
      const oneIsResidual = /\b(no|non|not|residual)\b/i.test(endpoint.positiveClass);
      return (value === 1) === oneIsResidual ? 'N' : 'Y';
    }
    case 'other':
      return value === 1 ? 'POSITIVE' : 'NEGATIVE';
  }
}

const EVALUATOR: Record<ExportOutcome['source'], string | null> = {
  fhir: null,
  assessor: 'INDEPENDENT ASSESSOR',
  adjudication: 'ADJUDICATION COMMITTEE',
};

/**
 * SDTM findings dataset of the primary outcome, one record per subject with an outcome record:
 * `LB` for MRD, `MI` (Microscopic Findings) for pathologic complete response, sponsor domain `ZO`
 * for other endpoints (see {@link OUTCOME_TEST}, {@link outcomeResult}). --SEQ is 1, VISIT
 * `OUTCOME ASSESSMENT` (VISITNUM 1), --DTC the assessment, --DY relative to RFSTDTC, --EVAL the
 * assessor or adjudication committee (null for routine FHIR results). An outcome not obtained has
 * --STAT `NOT DONE` and --REASND its status.
 */
export function sdtmOutcome(trial: TrialExport): Dataset {
  const endpoint = trial.protocol.endpoint;
  const { domain, testcd, test } = OUTCOME_TEST[endpoint.type];
  const specs: readonly VariableSpec[] = [
    ['STUDYID', 'Study Identifier', 'Char'],
    ['DOMAIN', 'Domain Abbreviation', 'Char'],
    ['USUBJID', 'Unique Subject Identifier', 'Char'],
    [`${domain}SEQ`, 'Sequence Number', 'Num'],
    [`${domain}TESTCD`, 'Test or Examination Short Name', 'Char'],
    [`${domain}TEST`, 'Test or Examination Name', 'Char'],
    [`${domain}ORRES`, 'Result or Finding in Original Units', 'Char'],
    [`${domain}STRESC`, 'Character Result/Finding in Std Format', 'Char'],
    [`${domain}STAT`, 'Completion Status', 'Char'],
    [`${domain}REASND`, 'Reason Not Done', 'Char'],
    [`${domain}EVAL`, 'Evaluator', 'Char'],
    ['VISITNUM', 'Visit Number', 'Num'],
    ['VISIT', 'Visit Name', 'Char'],
    [`${domain}DTC`, 'Date/Time of Collection', 'Char'],
    [`${domain}DY`, 'Study Day of Collection', 'Num'],
  ];
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid, rfstdtc }) => {
    const outcome = subject.outcome;
    if (outcome === null) return [];
    const result = outcomeResult(endpoint, outcome.value);
    const dtc = isoDtc(outcome.assessedAt);
    return [
      {
        STUDYID: studyId,
        DOMAIN: domain,
        USUBJID: usubjid,
        [`${domain}SEQ`]: 1,
        [`${domain}TESTCD`]: testcd,
        [`${domain}TEST`]: test,
        [`${domain}ORRES`]: result,
        [`${domain}STRESC`]: result,
        [`${domain}STAT`]: result === null ? 'NOT DONE' : null,
        [`${domain}REASND`]:
          result === null ? (asciiText(outcome.status.toUpperCase()) ?? 'NOT OBTAINED') : null,
        [`${domain}EVAL`]: EVALUATOR[outcome.source],
        VISITNUM: 1,
        VISIT: 'OUTCOME ASSESSMENT',
        [`${domain}DTC`]: dtc,
        [`${domain}DY`]: studyDay(dtc, rfstdtc),
      },
    ];
  });
  return buildDataset(domain, `${test} Findings`.slice(0, 40), specs, records);
}

/**
 * SUPP-- of the outcome domain, per outcome record (IDVAR --SEQ = 1): `OUTSRC` the source
 * (FHIR, ASSESSOR, ADJUDICATION), `INWINDOW` Y/N whether the assessment fell in the protocol
 * window (omitted when unknown) and `OUTDET` the free-text detail (ASCII, at most 200 characters).
 */
export function sdtmOutcomeSupp(trial: TrialExport): Dataset {
  const { domain } = OUTCOME_TEST[trial.protocol.endpoint.type];
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid }): SuppRecord[] => {
    const outcome = subject.outcome;
    if (outcome === null) return [];
    const base = { studyId, usubjid, idvar: `${domain}SEQ`, idvarval: '1' };
    const supp: SuppRecord[] = [
      {
        ...base,
        qnam: 'OUTSRC',
        qlabel: 'Outcome Source',
        qval: outcome.source.toUpperCase(),
        qorig: 'Assigned',
      },
    ];
    if (outcome.inWindow !== null) {
      supp.push({
        ...base,
        qnam: 'INWINDOW',
        qlabel: 'Assessed Within Protocol Window',
        qval: outcome.inWindow ? 'Y' : 'N',
        qorig: 'Derived',
      });
    }
    const detail = asciiText(outcome.detail);
    if (detail !== null) {
      supp.push({ ...base, qnam: 'OUTDET', qlabel: 'Outcome Detail', qval: detail, qorig: 'Collected' });
    }
    return supp;
  });
  return suppDataset(domain, records);
}
