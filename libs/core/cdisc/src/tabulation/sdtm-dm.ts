import type { Dataset } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { isoDtc } from './iso-dtc';
import { tabulatedSubjects } from './subjects';
import type { ExportSex, ExportSubject, TrialExport } from './trial-export';

/** Planned arm of every subject: the trial has a single arm. */
export const ARM = { ARMCD: 'PV', ARM: 'PROSPECTIVE VALIDATION' } as const;

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['DOMAIN', 'Domain Abbreviation', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['SUBJID', 'Subject Identifier for the Study', 'Char'],
  ['RFSTDTC', 'Subject Reference Start Date/Time', 'Char'],
  ['RFENDTC', 'Subject Reference End Date/Time', 'Char'],
  ['RFXSTDTC', 'Date/Time of First Study Treatment', 'Char'],
  ['RFPENDTC', 'Date/Time of End of Participation', 'Char'],
  ['SITEID', 'Study Site Identifier', 'Char'],
  ['AGE', 'Age', 'Num'],
  ['AGEU', 'Age Units', 'Char'],
  ['SEX', 'Sex', 'Char'],
  ['ARMCD', 'Planned Arm Code', 'Char'],
  ['ARM', 'Description of Planned Arm', 'Char'],
  ['ACTARMCD', 'Actual Arm Code', 'Char'],
  ['ACTARM', 'Description of Actual Arm', 'Char'],
  ['ARMNRS', 'Reason Arm and/or Actual Arm is Null', 'Char'],
  ['COUNTRY', 'Country', 'Char'],
];

/** CDISC CT SEX (C66731): male → M, female → F; other, unknown and missing → U. */
export function sdtmSex(sex: ExportSex): 'M' | 'F' | 'U' {
  return sex === 'male' ? 'M' : sex === 'female' ? 'F' : 'U';
}

/**
 * End of participation: the outcome assessment if obtained, else the withdrawal date, else
 * `null` (still in follow-up). Used as RFENDTC and RFPENDTC.
 */
export function participationEnd(subject: ExportSubject): string | null {
  const outcome = subject.outcome;
  if (outcome !== null && outcome.value !== null && outcome.assessedAt !== null) {
    return isoDtc(outcome.assessedAt);
  }
  return isoDtc(subject.withdrawal?.date ?? null);
}

/**
 * SDTM DM (Demographics), one row per enrolled subject sorted by USUBJID. RFSTDTC and RFXSTDTC are
 * the treatment start (the event the prediction had to precede); RFENDTC and RFPENDTC the end of
 * participation ({@link participationEnd}); RFICDTC is not populated because the export does not
 * hold the informed-consent date. Every subject is planned to arm PV; the actual arm is PV when a
 * prediction was locked, else null with ARMNRS `ASSIGNED, NOT TREATED`. AGEU is null when AGE is.
 */
export function sdtmDm(trial: TrialExport): Dataset {
  const countries = new Map(trial.sites.map((site) => [site.code, site.country ?? null]));
  return buildDataset(
    'DM',
    'Demographics',
    SPECS,
    tabulatedSubjects(trial).map(({ subject, studyId, usubjid, subjid, siteId, rfstdtc }) => {
      const end = participationEnd(subject);
      const locked = subject.lock !== null;
      return {
        STUDYID: studyId,
        DOMAIN: 'DM',
        USUBJID: usubjid,
        SUBJID: subjid,
        RFSTDTC: rfstdtc,
        RFENDTC: end,
        RFXSTDTC: rfstdtc,
        RFPENDTC: end,
        SITEID: siteId,
        AGE: subject.ageYears,
        AGEU: subject.ageYears === null ? null : 'YEARS',
        SEX: sdtmSex(subject.sex),
        ...ARM,
        ACTARMCD: locked ? ARM.ARMCD : null,
        ACTARM: locked ? ARM.ARM : null,
        ARMNRS: locked ? null : 'ASSIGNED, NOT TREATED',
        COUNTRY: asciiText(countries.get(siteId) ?? null),
      };
    }),
  );
}
