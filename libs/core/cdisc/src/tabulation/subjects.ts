import { isoDtc } from './iso-dtc';
import type { ExportSubject, TrialExport } from './trial-export';

/** A subject with the identifiers and reference dates every domain needs. */
export interface TabulatedSubject {
  subject: ExportSubject;
  studyId: string;
  siteId: string;
  subjid: string;
  usubjid: string;
  /** Reference start (treatment start) as --DTC, or `null` if never treated. */
  rfstdtc: string | null;
}

/** Identifier characters allowed in STUDYID, SITEID and SUBJID (pseudonymous codes only). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Derives the SDTM subject identifiers of a subject: SITEID is the site code, SUBJID is the
 * subject id without its `<trial code>-<site code>-` prefix (the whole id when it has no such
 * prefix) and USUBJID is `STUDYID-SITEID-SUBJID`, built only from these pseudonymous codes.
 *
 * @throws {RangeError} if a code has characters other than letters, digits, `.`, `_` and `-`.
 */
export function subjectIdentifiers(
  trial: Pick<TrialExport, 'studyId' | 'trialCode'>,
  subject: Pick<ExportSubject, 'subjectId' | 'site'>,
): { studyId: string; siteId: string; subjid: string; usubjid: string } {
  for (const [what, code] of [
    ['studyId', trial.studyId],
    ['site', subject.site],
    ['subjectId', subject.subjectId],
  ] as const) {
    if (!CODE.test(code)) {
      throw new RangeError(`subjectIdentifiers: ${what} ${JSON.stringify(code)} is not a pseudonymous code`);
    }
  }
  const prefix = `${trial.trialCode}-${subject.site}-`;
  const subjid =
    subject.subjectId.startsWith(prefix) && subject.subjectId.length > prefix.length
      ? subject.subjectId.slice(prefix.length)
      : subject.subjectId;
  return {
    studyId: trial.studyId,
    siteId: subject.site,
    subjid,
    usubjid: `${trial.studyId}-${subject.site}-${subjid}`,
  };
}

/**
 * Checks the export (known sites, unique USUBJIDs, ISO dates) and returns its subjects sorted by
 * USUBJID with their identifiers and RFSTDTC.
 *
 * @throws {RangeError} on an unknown site, a duplicate USUBJID or a malformed code or date.
 */
export function tabulatedSubjects(trial: TrialExport): TabulatedSubject[] {
  const sites = new Set(trial.sites.map((site) => site.code));
  const seen = new Set<string>();
  const subjects = trial.subjects.map((subject): TabulatedSubject => {
    if (!sites.has(subject.site)) {
      throw new RangeError(`tabulation: subject ${subject.subjectId} has unknown site ${subject.site}`);
    }
    const ids = subjectIdentifiers(trial, subject);
    if (seen.has(ids.usubjid)) throw new RangeError(`tabulation: duplicate USUBJID ${ids.usubjid}`);
    seen.add(ids.usubjid);
    return { subject, ...ids, rfstdtc: isoDtc(subject.treatmentStart?.at ?? null) };
  });
  return subjects.sort((a, b) => (a.usubjid < b.usubjid ? -1 : a.usubjid > b.usubjid ? 1 : 0));
}
