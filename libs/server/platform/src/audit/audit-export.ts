import type { AuditEventEntity } from './audit-event.entity';

export interface AuditQuery {
  /** `null` selects events that belong to no trial (logins, user administration). */
  readonly trialId?: string | null;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actorId?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly afterSequence?: string;
  readonly limit: number;
}

const COLUMNS = [
  'sequence',
  'occurred_at',
  'actor_id',
  'actor_username',
  'action',
  'entity_type',
  'entity_id',
  'trial_id',
  'before',
  'after',
  'reason',
  'request_id',
] as const;

/** RFC 4180 CSV; JSON columns hold the before/after values as JSON text. UTC ISO-8601 times. */
export function toAuditCsv(events: readonly AuditEventEntity[]): string {
  const rows = events.map((event) =>
    [
      event.sequence,
      event.occurredAt.toISOString(),
      event.actorId,
      event.actorUsername,
      event.action,
      event.entityType,
      event.entityId,
      event.trialId,
      event.beforeValue === null ? null : JSON.stringify(event.beforeValue),
      event.afterValue === null ? null : JSON.stringify(event.afterValue),
      event.reason,
      event.requestId,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Spreadsheet formula injection (CWE-1236): a leading =, +, - or @ is neutralised with a quote.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
