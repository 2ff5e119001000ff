/**
 * What a coordinator still has to resolve for an enrollment:
 * - `treatment-start-unknown`: no actual or planned treatment start, so day 0 is undefined.
 * - `treatment-start-planned`: day 0 is only a planned date; the link is provisional.
 * - `imaging-none`: no imaging study of the protocol's modality and body site.
 * - `imaging-outside-window`: suitable studies exist, but none in the protocol's window.
 * - `imaging-ambiguous`: several studies are equally good; one was picked by id.
 * - `covariate-missing`: a required covariate has no value.
 * - `covariate-unit-mismatch`: the value is recorded in a unit other than the protocol's.
 * - `eligibility-needs-review`: a rule could not be decided automatically.
 * - `eligibility-failed`: a rule excludes the patient.
 */
export const OPEN_ISSUE_CODES = [
  'treatment-start-unknown',
  'treatment-start-planned',
  'imaging-none',
  'imaging-outside-window',
  'imaging-ambiguous',
  'covariate-missing',
  'covariate-unit-mismatch',
  'eligibility-needs-review',
  'eligibility-failed',
] as const;

/** An open issue code from {@link OPEN_ISSUE_CODES}. */
export type OpenIssueCode = (typeof OPEN_ISSUE_CODES)[number];

/**
 * `blocking`: the enrollment cannot be scored or locked until resolved. `warning`: it can proceed,
 * but someone should look.
 */
export type OpenIssueSeverity = 'blocking' | 'warning';

/**
 * One thing to resolve before (or while) an enrollment proceeds.
 *
 * - `message`: plain English naming the protocol item and source records involved (resource ids,
 *   codes, dates); never patient names or other direct identifiers, since issues are shown in
 *   lists and exported with the audit trail.
 * - `subject`: the item the issue is about, as `rule:<id>`, `covariate:<name>` or a FHIR relative
 *   reference such as `ImagingStudy/abc`; absent when it concerns the enrollment as a whole.
 */
export interface OpenIssue {
  readonly code: OpenIssueCode;
  readonly severity: OpenIssueSeverity;
  readonly message: string;
  readonly subject?: string;
}

/**
 * Builds an issue, leaving `subject` out rather than `undefined` so issues compare and serialize
 * the same however they were built.
 *
 * @example
 * openIssue('covariate-missing', 'blocking', 'Required covariate "ldh" has no value', 'covariate:ldh');
 */
export function openIssue(
  code: OpenIssueCode,
  severity: OpenIssueSeverity,
  message: string,
  subject?: string,
): OpenIssue {
  return subject === undefined ? { code, severity, message } : { code, severity, message, subject };
}

/**
 * Identity of an issue for de-duplication: its code and subject. The message is left out, so a
 * reworded message for the same problem is still the same issue.
 *
 * @example
 * issueKey({ code: 'covariate-missing', severity: 'blocking', message: '…', subject: 'covariate:ldh' }); // 'covariate-missing|covariate:ldh'
 */
export function issueKey(issue: OpenIssue): string {
  return `${issue.code}|${issue.subject ?? ''}`;
}

/**
 * Removes repeats of the same code and subject, keeping the first occurrence, so combining the
 * results of several steps does not report one problem twice.
 *
 * @example
 * dedupeIssues([a, a, b]); // [a, b]
 */
export function dedupeIssues(issues: readonly OpenIssue[]): OpenIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = issueKey(issue);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether any issue blocks the enrollment.
 *
 * @example
 * hasBlockingIssues([{ code: 'imaging-ambiguous', severity: 'warning', message: '…' }]); // false
 */
export function hasBlockingIssues(issues: readonly OpenIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'blocking');
}
