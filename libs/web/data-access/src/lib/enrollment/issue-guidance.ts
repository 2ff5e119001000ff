import type { OpenIssue, OpenIssueCode } from './enrollment.models';

/** What a coordinator does about each kind of open issue. The API's message says which record. */
export const ISSUE_GUIDANCE: Readonly<Record<OpenIssueCode, string>> = {
  'treatment-start-unknown':
    'Record the planned treatment start below, or record the first administration in the hospital record and re-sync.',
  'treatment-start-planned':
    'Provisional until the treatment is given: once the administration is in the hospital record, re-sync.',
  'imaging-none':
    'No study of the protocol’s modality and body site exists: have the baseline scan registered in the hospital record, then re-sync.',
  'imaging-outside-window':
    'The studies found are outside the protocol window: check the treatment start, or have a scan taken within the window, then re-sync.',
  'imaging-ambiguous':
    'Several studies are equally suitable and one was picked by id: check that the selected study is the intended baseline.',
  'covariate-missing':
    'Have the missing value recorded (as an Observation within the look-back window), then re-sync.',
  'covariate-unit-mismatch':
    'The value is recorded in another unit than the protocol’s: have it recorded in the protocol unit, then re-sync.',
  'eligibility-needs-review':
    'A rule cannot be decided from the record: review the question with the investigator and document the answer in the hospital record, then re-sync.',
  'eligibility-failed':
    'A rule excludes the patient: check the source record; if it is correct, withdraw the subject.',
};

/** The guidance for an issue, with the item it concerns in words. */
export function issueGuidance(issue: OpenIssue): string {
  return ISSUE_GUIDANCE[issue.code] ?? 'Check the source records, then re-sync.';
}

/** The item an issue is about, in words (`rule:adult` → `Rule “adult”`). */
export function issueSubject(issue: OpenIssue): string | null {
  const subject = issue.subject;
  if (!subject) return null;
  if (subject.startsWith('rule:')) return `Rule “${subject.slice(5)}”`;
  if (subject.startsWith('covariate:')) return `Covariate “${subject.slice(10)}”`;
  return subject;
}
