import type { Dataset, DatasetValue } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { sasDate } from './sas-date';
import { sasDatetime } from './sas-datetime';
import { ARM, participationEnd, sdtmSex } from './sdtm-dm';
import { dispositionDecod } from './sdtm-ds';
import { tabulatedSubjects } from './subjects';
import type { TrialExport } from './trial-export';

const DATE = 'DATE9.';
const DATETIME = 'E8601DT19.';

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['SUBJID', 'Subject Identifier for the Study', 'Char'],
  ['SITEID', 'Study Site Identifier', 'Char'],
  ['AGE', 'Age', 'Num'],
  ['AGEU', 'Age Units', 'Char'],
  ['SEX', 'Sex', 'Char'],
  ['ARM', 'Description of Planned Arm', 'Char'],
  ['TRT01P', 'Planned Treatment for Period 01', 'Char'],
  ['TRT01A', 'Actual Treatment for Period 01', 'Char'],
  ['ENRLDT', 'Date of Enrollment', 'Num', DATE],
  ['TRTSDT', 'Date of First Exposure to Treatment', 'Num', DATE],
  ['TRTSDTM', 'Datetime of First Exposure to Treatment', 'Num', DATETIME],
  ['LOCKDTM', 'Datetime of Prediction Lock', 'Num', DATETIME],
  ['ITTFL', 'Intent-To-Treat Population Flag', 'Char'],
  ['PPROTFL', 'Per-Protocol Population Flag', 'Char'],
  ['BLINDFL', 'Prediction Blinded at Export Flag', 'Char'],
  ['EOSSTT', 'End of Study Status', 'Char'],
  ['EOSDT', 'End of Study Date', 'Num', DATE],
  ['DCSREAS', 'Reason for Discontinuation from Study', 'Char'],
  ['DCSREASP', 'Reason Spec for Discont from Study', 'Char'],
  ['DVFL', 'Protocol Deviation Flag', 'Char'],
  ['DVKIND', 'Protocol Deviation Kind', 'Char'],
  ['IMGOWFL', 'Imaging Outside Window Flag', 'Char'],
];

/**
 * ADSL variable name of a covariate key: upper case, characters other than A–Z, 0–9 and `_`
 * replaced by `_`, a leading digit prefixed by `_`, cut to 8 characters (`ecog_ps` → `ECOG_PS`,
 * `ldh.ratio` → `LDH_RATI`).
 */
export function covariateName(key: string): string {
  const name = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return (/^[0-9]/.test(name) ? `_${name}` : name).slice(0, 8);
}

/**
 * ADaM ADSL (Subject-Level Analysis Dataset), one row per enrolled subject sorted by USUBJID.
 * Dates are SAS dates (days since 1960-01-01, DATE9.), datetimes SAS datetimes (seconds since
 * 1960-01-01T00:00:00 UTC, E8601DT19.). ITTFL is Y when a prediction was locked (the intent-to-
 * treat population of a prospective validation: every subject with a locked prediction), PPROTFL
 * the export's per-protocol flag, BLINDFL whether the locked probability is blinded (null without
 * lock). EOSSTT is COMPLETED (outcome obtained), DISCONTINUED (withdrawn) or ONGOING; DCSREAS the
 * CT term and DCSREASP the reported reason. DVFL/DVKIND and IMGOWFL summarise DV. Covariates follow
 * as extra variables named by {@link covariateName} (Num when every value is a number, else Char).
 *
 * @throws {RangeError} if two covariate keys, or a key and a standard variable, map to one name.
 */
export function adamAdsl(trial: TrialExport): Dataset {
  const subjects = tabulatedSubjects(trial);
  const keys = [...new Set(subjects.flatMap(({ subject }) => Object.keys(subject.covariates)))].sort();
  const taken = new Map(SPECS.map(([name]) => [name, `standard variable ${name}`]));
  const covariates = keys.map((key) => {
    const name = covariateName(key);
    const clash = taken.get(name);
    if (clash !== undefined || name === '' || name === '_') {
      throw new RangeError(`adamAdsl: covariate ${JSON.stringify(key)} maps to ${name}, as does ${clash}`);
    }
    taken.set(name, `covariate ${JSON.stringify(key)}`);
    const numeric = subjects.every(({ subject }) => {
      const value = subject.covariates[key];
      return value === undefined || value === null || typeof value === 'number';
    });
    const spec: VariableSpec = [name, asciiText(key, 40) ?? name, numeric ? 'Num' : 'Char'];
    return { key, name, numeric, spec };
  });
  const records = subjects.map(({ subject, studyId, usubjid, subjid, siteId }) => {
    const outcome = subject.outcome;
    const completed = outcome !== null && outcome.value !== null;
    const withdrawn = subject.withdrawal !== null;
    const lock = subject.lock;
    const record: Record<string, DatasetValue> = {
      STUDYID: studyId,
      USUBJID: usubjid,
      SUBJID: subjid,
      SITEID: siteId,
      AGE: subject.ageYears,
      AGEU: subject.ageYears === null ? null : 'YEARS',
      SEX: sdtmSex(subject.sex),
      ARM: ARM.ARM,
      TRT01P: ARM.ARM,
      TRT01A: lock === null ? null : ARM.ARM,
      ENRLDT: sasDate(subject.enrolledAt),
      TRTSDT: sasDate(subject.treatmentStart?.at ?? null),
      TRTSDTM: sasDatetime(subject.treatmentStart?.at ?? null),
      LOCKDTM: sasDatetime(lock?.lockedAt ?? null),
      ITTFL: lock === null ? 'N' : 'Y',
      PPROTFL: subject.perProtocol ? 'Y' : 'N',
      BLINDFL: lock === null ? null : lock.probability === null ? 'Y' : 'N',
      EOSSTT: completed ? 'COMPLETED' : withdrawn ? 'DISCONTINUED' : 'ONGOING',
      EOSDT: completed || withdrawn ? sasDate(participationEnd(subject)) : null,
      DCSREAS: !completed && subject.withdrawal !== null ? dispositionDecod(subject.withdrawal.reason) : null,
      DCSREASP: !completed && subject.withdrawal !== null ? asciiText(subject.withdrawal.reason) : null,
      DVFL: subject.deviation !== null || subject.imagingOutsideWindow ? 'Y' : 'N',
      DVKIND: subject.deviation === null ? null : asciiText(subject.deviation.kind.toUpperCase()),
      IMGOWFL: subject.imagingOutsideWindow ? 'Y' : 'N',
    };
    for (const { key, name, numeric } of covariates) {
      const value = subject.covariates[key] ?? null;
      record[name] = value === null ? null : numeric ? value : asciiText(String(value));
    }
    return record;
  });
  return buildDataset(
    'ADSL',
    'Subject-Level Analysis Dataset',
    [...SPECS, ...covariates.map(({ spec }) => spec)],
    records,
  );
}
