import type { Dataset } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { isoDtc } from './iso-dtc';
import { studyDay } from './study-day';
import { tabulatedSubjects } from './subjects';
import type { TrialExport } from './trial-export';

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['DOMAIN', 'Domain Abbreviation', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['DSSEQ', 'Sequence Number', 'Num'],
  ['DSTERM', 'Reported Term for the Disposition Event', 'Char'],
  ['DSDECOD', 'Standardized Disposition Term', 'Char'],
  ['DSCAT', 'Category for Disposition Event', 'Char'],
  ['DSSTDTC', 'Start Date/Time of Disposition Event', 'Char'],
  ['DSSTDY', 'Study Day of Start of Disposition Event', 'Num'],
];

/**
 * CDISC CT NCOMPLT (C66727) term for a free-text withdrawal reason, by keyword: death, lost to
 * follow-up, withdrawal by subject (consent withdrawn, subject decision), physician decision,
 * adverse event, protocol deviation, else `OTHER`.
 */
export function dispositionDecod(reason: string): string {
  const text = reason.toLowerCase();
  if (/\b(death|died|deceased)\b/.test(text)) return 'DEATH';
  if (/lost to follow/.test(text)) return 'LOST TO FOLLOW-UP';
  if (/consent|subject|patient (decision|request|withdr)/.test(text)) return 'WITHDRAWAL BY SUBJECT';
  if (/physician|investigator/.test(text)) return 'PHYSICIAN DECISION';
  if (/adverse|toxicit/.test(text)) return 'ADVERSE EVENT';
  if (/deviation|eligib/.test(text)) return 'PROTOCOL DEVIATION';
  return 'OTHER';
}

/**
 * SDTM DS (Disposition): per subject the protocol milestone `ENROLLED` at enrolment, a
 * `DISPOSITION EVENT` at withdrawal (DSTERM the reason as reported, DSDECOD from
 * {@link dispositionDecod}) and a `COMPLETED` disposition event at the outcome assessment when the
 * outcome was obtained. DSSEQ numbers the records of a subject in date order (1, 2, …); DSSTDY is
 * relative to RFSTDTC.
 */
export function sdtmDs(trial: TrialExport): Dataset {
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid, rfstdtc }) => {
    const events: { term: string; decod: string; cat: string; dtc: string | null }[] = [
      { term: 'ENROLLED', decod: 'ENROLLED', cat: 'PROTOCOL MILESTONE', dtc: isoDtc(subject.enrolledAt) },
    ];
    if (subject.withdrawal !== null) {
      events.push({
        term: asciiText(subject.withdrawal.reason) ?? 'WITHDRAWN',
        decod: dispositionDecod(subject.withdrawal.reason),
        cat: 'DISPOSITION EVENT',
        dtc: isoDtc(subject.withdrawal.date),
      });
    }
    const outcome = subject.outcome;
    if (outcome !== null && outcome.value !== null) {
      events.push({
        term: 'COMPLETED',
        decod: 'COMPLETED',
        cat: 'DISPOSITION EVENT',
        dtc: isoDtc(outcome.assessedAt),
      });
    }
    // Stable sort: undated events keep their place after the dated ones before them.
    const ordered = events
      .map((event, index) => ({ event, index }))
      .sort((a, b) => {
        const x = a.event.dtc ?? '';
        const y = b.event.dtc ?? '';
        return x && y && x !== y ? (x < y ? -1 : 1) : a.index - b.index;
      });
    return ordered.map(({ event }, index) => ({
      STUDYID: studyId,
      DOMAIN: 'DS',
      USUBJID: usubjid,
      DSSEQ: index + 1,
      DSTERM: event.term,
      DSDECOD: event.decod,
      DSCAT: event.cat,
      DSSTDTC: event.dtc,
      DSSTDY: studyDay(event.dtc, rfstdtc),
    }));
  });
  return buildDataset('DS', 'Disposition', SPECS, records);
}
