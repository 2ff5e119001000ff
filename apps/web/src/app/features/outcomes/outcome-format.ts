import type {
  OutcomeStatusFilter,
  OutcomeSummary,
  OutcomeValue,
  SubjectOutcomeStatus,
} from '@prospect/web-data-access/outcomes';
import { toCsv } from '@prospect/web-ui';

/** Roles that may read outcomes (docs/ROLES.md); everyone in the trial but the blinded statistician. */
export const OUTCOME_READER_ROLES = [
  'outcome-assessor',
  'coordinator',
  'dmc',
  'monitor',
  'regulatory',
] as const;
/** Roles that may start an outcome sync from the FHIR server. */
export const OUTCOME_SYNC_ROLES = ['outcome-assessor', 'coordinator'] as const;

export const STATUS_LABELS: Readonly<Record<SubjectOutcomeStatus, string>> = {
  pending: 'Pending',
  conflicting: 'Conflicting',
  missing: 'Missing',
  observed: 'Observed',
  adjudicated: 'Adjudicated',
  withdrawn: 'Withdrawn',
};

const STATUS_BADGES: Readonly<Record<SubjectOutcomeStatus, string>> = {
  pending: 'badge badge--neutral',
  conflicting: 'badge badge--bad',
  missing: 'badge badge--warn',
  observed: 'badge badge--good',
  adjudicated: 'badge badge--good',
  withdrawn: 'badge badge--neutral',
};

export function statusBadge(status: SubjectOutcomeStatus): string {
  return STATUS_BADGES[status] ?? 'badge badge--neutral';
}

/** The worklist's tabs, in the order an assessor works through them. */
export const WORKLIST_FILTERS: readonly {
  readonly value: OutcomeStatusFilter | 'all';
  readonly label: string;
}[] = [
  { value: 'all', label: 'All' },
  { value: 'needs-adjudication', label: 'Needs adjudication' },
  { value: 'pending', label: 'Pending' },
  { value: 'conflicting', label: 'Conflicting' },
  { value: 'missing', label: 'Missing' },
  { value: 'observed', label: 'Observed' },
  { value: 'adjudicated', label: 'Adjudicated' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

/** Shown where a value was recorded but the signed-in user's roles may not see it (coordinators). */
export const BLINDED_VALUE = 'value blinded for your role';
/** Shown where the free text (evidence, reasons) would state the value. */
export const BLINDED_TEXT = 'blinded for your role';

/**
 * An outcome in words: the endpoint's positive class, its negation, or not assessable; a value
 * the API withheld (absent, for roles blinded to outcomes) is said to be blinded, never shown as
 * "not assessable" or as missing.
 */
export function outcomeLabel(value: OutcomeValue | undefined, positiveClass: string): string {
  if (value === undefined) return `recorded — ${BLINDED_VALUE}`;
  if (value === 1) return positiveClass;
  if (value === 0) return `not ${positiveClass}`;
  return 'not assessable';
}

/** A subject's current outcome in words: undecided while pending or conflicting, never a guess. */
export function currentOutcomeLabel(
  summary: Pick<OutcomeSummary, 'status' | 'outcome' | 'positiveClass' | 'valuesBlinded'>,
): string {
  if (summary.valuesBlinded || summary.outcome === undefined) {
    switch (summary.status) {
      case 'observed':
        return `recorded — ${BLINDED_VALUE}`;
      case 'adjudicated':
        return `decided by adjudication — ${BLINDED_VALUE}`;
      default:
        break;
    }
  }
  switch (summary.status) {
    case 'pending':
    case 'withdrawn':
      return '—';
    case 'conflicting':
      return 'undecided (results disagree)';
    case 'missing':
      return 'missing';
    case 'adjudicated':
      return summary.outcome === null
        ? 'confirmed missing'
        : outcomeLabel(summary.outcome, summary.positiveClass);
    case 'observed':
      return outcomeLabel(summary.outcome, summary.positiveClass);
  }
}

export function windowLabel(inWindow: boolean | null): string {
  if (inWindow === true) return 'In window';
  if (inWindow === false) return 'Outside window';
  return 'Not placed';
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** An instant in the user's locale and time zone, named; an em dash for none. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : DATE_TIME.format(date);
}

/** Today as `YYYY-MM-DD` in the user's time zone (the latest date an assessment can have). */
export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** A user id shortened for display (the full id in `title`). */
export function shortId(id: string | null): string {
  return id ? id.slice(0, 8) : '—';
}

/**
 * The worklist rows as CSV, values as the API gives them (UTC instants, 0/1/null); `blinded` in
 * the outcome column for roles that may not see outcome values.
 */
export function outcomesCsv(rows: readonly OutcomeSummary[]): string {
  return toCsv(
    [
      'subject',
      'site',
      'status',
      'needs_adjudication',
      'outcome',
      'positive_class',
      'assessed_at',
      'in_window',
      'window_closes_at',
      'results',
      'explanation',
    ],
    rows.map((row) => [
      row.subjectId,
      row.site,
      row.status,
      row.needsAdjudication,
      row.valuesBlinded || row.outcome === undefined ? 'blinded' : row.outcome,
      row.positiveClass,
      row.assessedAt,
      row.inWindow,
      row.windowClosesAt,
      row.results,
      row.explanation,
    ]),
  );
}
