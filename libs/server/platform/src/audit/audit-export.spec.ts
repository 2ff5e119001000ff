import type { AuditEventEntity } from './audit-event.entity';
import { toAuditCsv } from './audit-export';

function event(overrides: Partial<AuditEventEntity>): AuditEventEntity {
  return Object.assign(
    {
      id: '00000000-0000-4000-8000-000000000001',
      sequence: '1',
      occurredAt: new Date(Date.UTC(2026, 10, 27, 8, 30, 0, 123)),
      actorId: null,
      actorUsername: null,
      action: 'trial.created',
      entityType: 'trial',
      entityId: null,
      trialId: null,
      beforeValue: null,
      afterValue: null,
      reason: null,
      requestId: null,
    },
    overrides,
  ) as AuditEventEntity;
}

describe('toAuditCsv', () => {
  it('writes a header and one CRLF-terminated row per event, empty fields for nulls, UTC times', () => {
    expect(toAuditCsv([event({})])).toBe(
      'sequence,occurred_at,actor_id,actor_username,action,entity_type,entity_id,trial_id,before,after,reason,request_id\r\n' +
        '1,2026-11-27T08:30:00.123Z,,,trial.created,trial,,,,,,\r\n',
    );
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps JSON values as JSON text', () => {
    const csv = toAuditCsv([event({ reason: 'said "no", then\nleft', afterValue: { code: 'A,B' } })]);
    expect(csv).toContain('"{""code"":""A,B""}","said ""no"", then\nleft"');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const csv = toAuditCsv([
      event({ reason: '=HYPERLINK("http://x")', actorUsername: '@admin', entityId: '+1', requestId: '-2' }),
    ]);
    const row = csv.split('\r\n')[1] ?? '';
    expect(row).toContain(`'@admin`);
    expect(row).toContain(`'+1`);
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row.endsWith(`'-2`)).toBe(true);
  });

  it('writes only the header for no events', () => {
    expect(toAuditCsv([]).split('\r\n')).toHaveLength(2);
  });
});
