import {
  type AdjudicationRecord,
  type CurrentOutcome,
  currentOutcome,
  type OutcomeResultRecord,
} from '@prospect/analysis';
import type { ProtocolContent } from '@prospect/domain';
import { conflict } from '@prospect/platform';
import type { TrialsService } from '@prospect/trials';
import type { EntityManager } from 'typeorm';

const DAY_MS = 86_400_000;

/** The approved protocol in force, or a 409 naming the trial: outcomes and analyses need one. */
export async function requireProtocolInForce(
  trials: TrialsService,
  trial: { trialId: string; trialCode: string },
): Promise<{ version: number; content: ProtocolContent; contentSha256: string }> {
  const protocol = await trials.protocolInForce(trial.trialId);
  if (!protocol)
    throw conflict('PROTOCOL_NOT_APPROVED', `Trial ${trial.trialCode} has no approved protocol in force.`);
  return protocol;
}

/** One enrollment with everything its outcome status and analysis row need. */
export interface EnrollmentState {
  readonly enrollmentId: string;
  readonly subjectId: string;
  readonly site: string;
  readonly enrolledAt: string;
  /** Actual treatment start as recorded by the latest baseline link; null until recorded. */
  readonly treatmentStart: { readonly at: string; readonly precision: 'day' | 'time' } | null;
  readonly lock: {
    readonly leafIndex: number;
    readonly lockedAt: string;
    readonly probability: number;
    readonly deviation: boolean;
    /** The locked baseline study fails the window now that the actual treatment start is known. */
    readonly imagingOutsideWindow: boolean;
  } | null;
  readonly withdrawal: { readonly withdrawnOn: string; readonly reason: string } | null;
  /** Coded/boolean covariate values at baseline, by covariate name (code or 'true'/'false'). */
  readonly covariates: Readonly<Record<string, string | null>>;
  readonly results: readonly OutcomeResultRecord[];
  readonly adjudications: readonly AdjudicationRecord[];
  readonly current: CurrentOutcome;
  /** When the assessment window closes (UTC); null without an actual treatment start. */
  readonly windowClosesAt: string | null;
}

interface EnrollmentRow {
  enrollment_id: string;
  subject_id: string;
  site: string;
  enrolled_at: Date;
  treatment_start: Date | null;
  treatment_start_status: string | null;
  treatment_start_precision: string | null;
  covariates: Record<string, unknown> | null;
  leaf_index: string | number | null;
  locked_at: Date | null;
  probability: number | null;
  deviation: boolean;
  locked_study: string | null;
  locked_study_uid: string | null;
  imaging_selected: string | null;
  imaging_candidates:
    | { imagingStudyId: string; studyInstanceUid?: string | null; duplicateIds?: string[]; reason: string }[]
    | null;
  withdrawn_on: string | Date | null;
  withdrawal_reason: string | null;
}

interface ResultRow {
  id: string;
  enrollment_id: string;
  source: 'fhir' | 'assessor';
  outcome: number | null;
  assessed_at: Date | null;
  in_window: boolean | null;
  reason: string | null;
  supersedes: string | null;
  recorded_by: string | null;
  recorded_at: Date;
}

interface AdjudicationRow {
  id: string;
  enrollment_id: string;
  outcome: number | null;
  assessed_at: Date | null;
  in_window: boolean | null;
  reason: string;
  adjudicated_by: string;
  adjudicated_at: Date;
}

function covariateText(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const covariate = value as { valueType?: string; coding?: { code?: string }; value?: unknown };
  if (covariate.valueType === 'coded') return covariate.coding?.code ?? null;
  if (covariate.valueType === 'boolean') return String(covariate.value);
  if (covariate.valueType === 'quantity') return String(covariate.value);
  return null;
}

const isoDate = (value: string | Date): string =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/**
 * Reads the state of every enrollment of a trial (or one) in four queries: enrollment, site,
 * latest baseline link, lock (with the locked probability and any deviation), withdrawal, then
 * every outcome result and adjudication; and derives each current outcome. `now` is the
 * database clock, which decides whether a window has closed.
 */
export async function loadEnrollmentStates(
  manager: EntityManager,
  trialId: string,
  protocol: ProtocolContent,
  options: { enrollmentId?: string } = {},
): Promise<{ now: Date; states: EnrollmentState[] }> {
  const filter = options.enrollmentId ? 'AND e.id = $2' : '';
  const parameters = options.enrollmentId ? [trialId, options.enrollmentId] : [trialId];
  const [{ now }] = (await manager.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
  const rows = (await manager.query(
    `SELECT e.id AS enrollment_id, e.subject_id, s.code AS site, e.enrolled_at,
            bl.treatment_start, bl.treatment_start_status,
            bl.link #>> '{treatmentStart,precision}' AS treatment_start_precision,
            bl.link #> '{covariates,values}' AS covariates,
            pl.leaf_index, pl.locked_at, p.probability,
            EXISTS (SELECT 1 FROM lock_deviation d WHERE d.lock_id = pl.id) AS deviation,
            locked_link.link #>> '{imaging,selected,imagingStudyId}' AS locked_study,
            bi.study_check ->> 'linkedStudyInstanceUid' AS locked_study_uid,
            bl.link #>> '{imaging,selected,imagingStudyId}' AS imaging_selected,
            bl.link #> '{imaging,candidates}' AS imaging_candidates,
            w.withdrawn_on, w.reason AS withdrawal_reason
       FROM enrollment e
       JOIN trial_site s ON s.id = e.site_id
       LEFT JOIN LATERAL (
         SELECT * FROM baseline_link b WHERE b.enrollment_id = e.id ORDER BY b.version DESC LIMIT 1
       ) bl ON true
       LEFT JOIN prediction_lock pl ON pl.enrollment_id = e.id
       LEFT JOIN baseline_link locked_link
         ON locked_link.enrollment_id = e.id AND locked_link.version = pl.baseline_link_version
       LEFT JOIN prediction p ON p.id = pl.prediction_id
       LEFT JOIN baseline_image bi ON bi.id = p.baseline_image_id
       LEFT JOIN enrollment_withdrawal w ON w.enrollment_id = e.id
      WHERE e.trial_id = $1 ${filter}
      ORDER BY e.subject_id`,
    parameters,
  )) as EnrollmentRow[];
  const results = (await manager.query(
    `SELECT r.id, r.enrollment_id, r.source, r.outcome, r.assessed_at, r.in_window, r.reason,
            r.supersedes, r.recorded_by, r.recorded_at
       FROM outcome_result r JOIN enrollment e ON e.id = r.enrollment_id
      WHERE r.trial_id = $1 ${filter}
      ORDER BY r.recorded_at, r.id`,
    parameters,
  )) as ResultRow[];
  const adjudications = (await manager.query(
    `SELECT a.id, a.enrollment_id, a.outcome, a.assessed_at, a.in_window, a.reason, a.adjudicated_by,
            a.adjudicated_at
       FROM outcome_adjudication a JOIN enrollment e ON e.id = a.enrollment_id
      WHERE a.trial_id = $1 ${filter}
      ORDER BY a.adjudicated_at, a.id`,
    parameters,
  )) as AdjudicationRow[];
  const resultsBy = groupBy(results, (row) => row.enrollment_id);
  const adjudicationsBy = groupBy(adjudications, (row) => row.enrollment_id);
  const windowEndDays = protocol.primaryEndpoint.assessmentWindowDays.end;
  const states = rows.map((row): EnrollmentState => {
    const treatmentStart =
      row.treatment_start && row.treatment_start_status === 'actual'
        ? {
            at: row.treatment_start.toISOString(),
            precision: row.treatment_start_precision === 'day' ? ('day' as const) : ('time' as const),
          }
        : null;
    // The window's last day is inclusive: it closes at the end of day `end` (UTC).
    const windowClosesAt = treatmentStart
      ? new Date(startOfUtcDay(treatmentStart.at) + (windowEndDays + 1) * DAY_MS).toISOString()
      : null;
    const resultRecords = (resultsBy.get(row.enrollment_id) ?? []).map((result): OutcomeResultRecord => ({
      id: result.id,
      source: result.source,
      outcome: result.outcome === null ? null : (Number(result.outcome) as 0 | 1),
      assessedAt: result.assessed_at?.toISOString() ?? null,
      inWindow: result.in_window,
      reason: result.reason,
      supersedes: result.supersedes,
      recordedBy: result.recorded_by,
      recordedAt: result.recorded_at.toISOString(),
    }));
    const adjudicationRecords = (adjudicationsBy.get(row.enrollment_id) ?? []).map(
      (adjudication): AdjudicationRecord => ({
        id: adjudication.id,
        outcome: adjudication.outcome === null ? null : (Number(adjudication.outcome) as 0 | 1),
        assessedAt: adjudication.assessed_at?.toISOString() ?? null,
        inWindow: adjudication.in_window,
        reason: adjudication.reason,
        adjudicatedBy: adjudication.adjudicated_by,
        adjudicatedAt: adjudication.adjudicated_at.toISOString(),
      }),
    );
    const withdrawal =
      row.withdrawn_on !== null
        ? { withdrawnOn: isoDate(row.withdrawn_on), reason: row.withdrawal_reason ?? '' }
        : null;
    const covariates: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(row.covariates ?? {})) covariates[name] = covariateText(value);
    return {
      enrollmentId: row.enrollment_id,
      subjectId: row.subject_id,
      site: row.site,
      enrolledAt: row.enrolled_at.toISOString(),
      treatmentStart,
      lock:
        row.leaf_index !== null && row.locked_at && row.probability !== null
          ? {
              leafIndex: Number(row.leaf_index),
              lockedAt: row.locked_at.toISOString(),
              probability: row.probability,
              deviation: row.deviation,
              imagingOutsideWindow: lockedStudyOutsideWindow(row),
            }
          : null,
      withdrawal,
      covariates,
      results: resultRecords,
      adjudications: adjudicationRecords,
      current: currentOutcome({
        results: resultRecords,
        adjudications: adjudicationRecords,
        withdrawn: withdrawal !== null,
        windowClosed: windowClosesAt === null ? null : now.getTime() >= Date.parse(windowClosesAt),
      }),
      windowClosesAt,
    };
  });
  return { now, states };
}

const OUTSIDE_WINDOW = new Set(['outside-window', 'after-treatment-start']);

/**
 * Whether the baseline imaging fails the protocol window now that the actual treatment start is
 * known (only an actual start can decide it). The locked study is the one the link selected at
 * lock time, or the one the uploaded DICOM series belongs to; when neither identifies it (a NIfTI
 * upload while the start was unknown), the imaging fails when no study qualifies any more and
 * some candidate misses the window.
 */
function lockedStudyOutsideWindow(row: EnrollmentRow): boolean {
  if (row.treatment_start_status !== 'actual') return false;
  const candidates = row.imaging_candidates ?? [];
  const { locked_study: study, locked_study_uid: uid } = row;
  if (study !== null || uid !== null) {
    const candidate = candidates.find(
      (entry) =>
        (study !== null && (entry.imagingStudyId === study || (entry.duplicateIds ?? []).includes(study))) ||
        (uid !== null && entry.studyInstanceUid === uid),
    );
    return candidate !== undefined && OUTSIDE_WINDOW.has(candidate.reason);
  }
  return row.imaging_selected === null && candidates.some((entry) => OUTSIDE_WINDOW.has(entry.reason));
}

function startOfUtcDay(iso: string): number {
  const ms = Date.parse(iso);
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Study day (day 0 = treatment start day, UTC days) of an assessment, and whether it is in the window. */
export function placeInWindow(
  protocol: ProtocolContent,
  treatmentStart: { at: string; precision: 'day' | 'time' },
  assessedAt: string,
): { studyDay: number; inWindow: boolean } {
  const window = protocol.primaryEndpoint.assessmentWindowDays;
  const assessed = Date.parse(assessedAt);
  const studyDay =
    treatmentStart.precision === 'day' || /^\d{4}-\d{2}-\d{2}$/.test(assessedAt)
      ? Math.floor(
          (startOfUtcDay(new Date(assessed).toISOString()) - startOfUtcDay(treatmentStart.at)) / DAY_MS,
        )
      : Math.floor((assessed - Date.parse(treatmentStart.at)) / DAY_MS);
  return { studyDay, inWindow: studyDay >= window.start && studyDay <= window.end };
}
