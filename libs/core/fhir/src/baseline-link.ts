import type { ProtocolContent } from '@prospect/domain';
import { type BaselineImagingResult, selectBaselineImaging } from './baseline-imaging';
import { type CovariatesResult, extractCovariates } from './covariates';
import { requireInstant } from './date-times';
import { eligibilityIssues, type EligibilityResult, evaluateEligibility } from './eligibility';
import { dedupeIssues, type OpenIssue } from './open-issues';
import type { PatientRecord } from './patient-record';
import {
  determineTreatmentStart,
  treatmentStartDateTime,
  treatmentStartIssues,
  type TreatmentStartResult,
} from './treatment-start';

/** The parts of a protocol a baseline link depends on; a full `ProtocolContent` fits. */
export type BaselineProtocol = Pick<
  ProtocolContent,
  'treatmentStart' | 'baselineImaging' | 'covariates' | 'eligibility'
>;

/**
 * When and with what assumptions to link:
 * - `evaluatedAt`: when the link is computed; covariates are read as of this time while treatment
 *   start is unknown.
 * - `plannedTreatmentStart`: the coordinator's planned start, used until an actual one is recorded.
 * - `screenedAt`: when eligibility is judged; defaults to `evaluatedAt`. Pass the original
 *   screening time on re-sync so lookback windows and ages do not drift with the re-sync date.
 */
export interface BaselineLinkOptions {
  readonly evaluatedAt: string;
  readonly plannedTreatmentStart?: string | null;
  readonly screenedAt?: string;
}

/**
 * Everything Prospect links to one enrollment: day 0, the baseline study, the covariates at day 0,
 * the eligibility decision and the open issues of all four (de-duplicated, in that order).
 */
export interface BaselineLink {
  readonly treatmentStart: TreatmentStartResult;
  readonly imaging: BaselineImagingResult;
  readonly covariates: CovariatesResult;
  readonly eligibility: EligibilityResult;
  readonly issues: readonly OpenIssue[];
}

/**
 * Links one patient to the protocol's baseline: treatment start (`determineTreatmentStart`), then
 * baseline imaging relative to it (`selectBaselineImaging`), covariates as of treatment start, or
 * as of `evaluatedAt` while it is unknown (`extractCovariates`), and eligibility as of `screenedAt`
 * (`evaluateEligibility`).
 *
 * @throws {RangeError} when a time in `options` is not a readable FHIR date or dateTime.
 * @example
 * const link = linkBaseline(record, protocol, { evaluatedAt: '2026-03-01T09:00:00Z', plannedTreatmentStart: '2026-03-10' });
 * link.treatmentStart.status; // 'planned' until an administration is recorded
 */
export function linkBaseline(
  record: PatientRecord,
  protocol: BaselineProtocol,
  options: BaselineLinkOptions,
): BaselineLink {
  const evaluatedAt = requireInstant(options.evaluatedAt, 'evaluatedAt').at;
  const screenedAt =
    options.screenedAt === undefined ? evaluatedAt : requireInstant(options.screenedAt, 'screenedAt').at;
  const treatmentStart = determineTreatmentStart(
    record,
    protocol.treatmentStart,
    options.plannedTreatmentStart,
  );
  const dayZero = treatmentStartDateTime(treatmentStart);
  const imaging = selectBaselineImaging(record, protocol.baselineImaging, dayZero);
  const covariates = extractCovariates(record, protocol.covariates, dayZero ?? evaluatedAt);
  const eligibility = evaluateEligibility(record, protocol.eligibility, screenedAt);
  const issues = dedupeIssues([
    ...treatmentStartIssues(treatmentStart, protocol.treatmentStart),
    ...imaging.issues,
    ...covariates.issues,
    ...eligibilityIssues(eligibility),
  ]);
  return { treatmentStart, imaging, covariates, eligibility, issues };
}

/**
 * One difference between two baseline links: the value at `path` before and after. A side where
 * the path does not exist is `undefined`.
 */
export interface BaselineLinkChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/** The identity of a list item whose position is not meaningful: a rule, a study or an issue. */
function identity(item: unknown): string | null {
  if (!isPlainObject(item)) return null;
  if (typeof item['ruleId'] === 'string') return item['ruleId'];
  if (typeof item['imagingStudyId'] === 'string') return item['imagingStudyId'];
  if (typeof item['code'] === 'string' && typeof item['severity'] === 'string') {
    return typeof item['subject'] === 'string' ? `${item['code']}@${item['subject']}` : item['code'];
  }
  return null;
}

function byIdentity(items: readonly unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of items) {
    const key = identity(item);
    if (key === null || map.has(key)) return null;
    map.set(key, item);
  }
  return map;
}

function diffValue(path: string, before: unknown, after: unknown, changes: BaselineLinkChange[]): void {
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      diffValue(path === '' ? key : `${path}.${key}`, before[key], after[key], changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyedBefore = byIdentity(before);
    const keyedAfter = byIdentity(after);
    if (keyedBefore !== null && keyedAfter !== null) {
      for (const key of new Set([...keyedBefore.keys(), ...keyedAfter.keys()])) {
        diffValue(`${path}[${key}]`, keyedBefore.get(key), keyedAfter.get(key), changes);
      }
      return;
    }
  }
  changes.push({ path, before, after });
}

/**
 * What changed between two links of the same enrollment, for the re-sync audit trail.
 *
 * Definition: a depth-first comparison of the two links. Objects are compared key by key (paths
 * like `treatmentStart.at`, `covariates.values.ldh.value`); lists of rules, imaging candidates and
 * issues are matched by rule id, ImagingStudy id and issue code/subject (paths like
 * `eligibility.rules[adult].result`, `imaging.candidates[img-2].reason`,
 * `issues[covariate-missing@covariate:ldh]`), so reordering is not a change; other lists and
 * values that change type are reported whole. Equal links give `[]`.
 *
 * @example
 * diffBaselineLinks(before, after);
 * // [{ path: 'treatmentStart.status', before: 'planned', after: 'actual' }, ...]
 */
export function diffBaselineLinks(before: BaselineLink, after: BaselineLink): BaselineLinkChange[] {
  const changes: BaselineLinkChange[] = [];
  diffValue('', before, after, changes);
  return changes;
}

function actualStartMs(result: TreatmentStartResult): number | null {
  return result.status === 'actual' ? Date.parse(result.at) : null;
}

/**
 * Whether a re-sync shows, for the first time, that treatment actually started before `lockedAt`
 * (typically when a prediction was locked), which would make that prediction not prospective.
 *
 * Definition: true when `after.treatmentStart` is an actual start strictly before `lockedAt` and `before` did
 * not (it was planned, unknown, or an actual start at or after `lockedAt`). Planned dates never
 * count: nothing has been given yet. A date-only start is taken as 00:00 UTC, so a start recorded
 * only as the lock's day is flagged, erring towards review.
 *
 * @param lockedAt - the lock time as a FHIR dateTime
 * @throws {RangeError} when `lockedAt` is not a readable date or dateTime.
 * @example
 * treatmentStartMovedBefore('2026-03-09T12:00:00Z', lockedLink, resyncedLink); // true if first given on 2026-03-08
 */
export function treatmentStartMovedBefore(
  lockedAt: string,
  before: Pick<BaselineLink, 'treatmentStart'>,
  after: Pick<BaselineLink, 'treatmentStart'>,
): boolean {
  const lock = requireInstant(lockedAt, 'lockedAt').epochMs;
  const afterMs = actualStartMs(after.treatmentStart);
  if (afterMs === null || afterMs >= lock) return false;
  const beforeMs = actualStartMs(before.treatmentStart);
  return beforeMs === null || beforeMs >= lock;
}
