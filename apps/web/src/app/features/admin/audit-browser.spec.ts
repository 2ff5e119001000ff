import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type Me, SessionStore } from '@prospect/web-data-access';
import { type AuditEvent } from '@prospect/web-data-access/admin';
import { AuditBrowser } from './audit-browser';
import { must, provideHttpTesting, settleAll } from '../../../testing';

const ACTOR = '44444444-4444-4444-8444-444444444444';

function event(sequence: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    sequence: String(sequence),
    id: `event-${sequence}`,
    occurredAt: '2027-01-01T10:00:00.000Z',
    actorId: ACTOR,
    actorUsername: 'alice',
    action: 'outcome.result-recorded',
    entityType: 'outcome-result',
    entityId: `entity-${sequence}`,
    trialId: 'trial-1',
    before: null,
    after: { outcome: 1 },
    reason: null,
    requestId: `request-${sequence}`,
    ...extra,
  };
}

async function setUp(trialCode: string | null, isAdmin: boolean) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const http = TestBed.inject(HttpTestingController);
  const me: Me = {
    id: 'me',
    username: isAdmin ? 'admin' : 'monitor',
    displayName: 'Me',
    isAdmin,
    mustChangePassword: false,
    trials: isAdmin ? [] : [{ trialCode: 'MM-RAD-01', roles: ['monitor'] }],
  };
  const loading = TestBed.inject(SessionStore).loadMe();
  http.expectOne('/api/v1/auth/me').flush(me);
  await loading;
  const fixture = TestBed.createComponent(AuditBrowser);
  fixture.componentRef.setInput('trialCode', trialCode);
  fixture.detectChanges();
  await settleAll(fixture);
  if (isAdmin) {
    http.expectOne('/api/v1/users').flush([{ id: ACTOR, username: 'alice', displayName: 'Dr Alice' }]);
    http.expectOne('/api/v1/trials').flush([{ id: 'trial-1', code: 'MM-RAD-01', title: 'Trial', sites: [] }]);
  }
  const element = fixture.nativeElement as HTMLElement;
  const set = async (selector: string, value: string, kind = 'input') => {
    const control = must(element.querySelector<HTMLInputElement>(selector), selector);
    control.value = value;
    control.dispatchEvent(new Event(kind));
    await settleAll(fixture);
  };
  const button = (text: string) =>
    must(
      Array.from(element.querySelectorAll('button')).find((candidate) =>
        candidate.textContent?.trim().startsWith(text),
      ),
      text,
    );
  return { fixture, http, element, set, button };
}

const path = '/api/v1/audit-events';

describe('AuditBrowser', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('sends the filters as the query string and pages by sequence', async () => {
    const { fixture, http, element, set, button } = await setUp(null, true);
    const first = http.expectOne((request) => request.url === path);
    expect(first.request.params.toString()).toBe('limit=100');
    first.flush([event(1), event(2)]);
    await settleAll(fixture);

    await set('#audit-action', ' outcome.adjudicated ');
    await set('#audit-actor', ACTOR, 'change');
    await set('#audit-entity-type', 'outcome-adjudication');
    await set('#audit-entity-id', 'abc');
    await set('#audit-from', '2027-01-01T08:00:00');
    await set('#audit-to', '2027-01-02T08:00:00');
    await set('#audit-limit', '0: 50', 'change');
    button('Apply filters').click();
    await settleAll(fixture);
    const filtered = http.expectOne((request) => request.url === path);
    const params = filtered.request.params;
    expect(params.get('action')).toBe('outcome.adjudicated');
    expect(params.get('actorId')).toBe(ACTOR);
    expect(params.get('entityType')).toBe('outcome-adjudication');
    expect(params.get('entityId')).toBe('abc');
    expect(params.get('from')).toBe(new Date('2027-01-01T08:00:00').toISOString());
    expect(params.get('to')).toBe(new Date('2027-01-02T08:00:00').toISOString());
    expect(params.get('limit')).toBe('50');
    expect(params.has('afterSequence')).toBe(false);
    filtered.flush(Array.from({ length: 50 }, (_, index) => event(index + 10)));
    await settleAll(fixture);
    expect(element.querySelector('caption')?.textContent).toContain('Page 1: 50 event(s)');

    button('Next page').click();
    await settleAll(fixture);
    const next = http.expectOne((request) => request.url === path);
    expect(next.request.params.get('afterSequence')).toBe('59');
    expect(next.request.params.get('action')).toBe('outcome.adjudicated');
    next.flush([event(60)]);
    await settleAll(fixture);
    expect(button('Next page').disabled).toBe(true);

    button('Previous page').click();
    await settleAll(fixture);
    const back = http.expectOne((request) => request.url === path);
    expect(back.request.params.has('afterSequence')).toBe(false);
    back.flush([]);
  });

  it("browses one trial's trail for a monitor and exports it in the API's format", async () => {
    const { fixture, http, button, set } = await setUp('MM-RAD-01', false);
    http.expectOne((request) => request.url === '/api/v1/trials/MM-RAD-01/audit-events').flush([event(1)]);
    await settleAll(fixture);
    await set('#audit-action', 'outcome.result-recorded');
    button('Apply filters').click();
    await settleAll(fixture);
    http.expectOne((request) => request.url === '/api/v1/trials/MM-RAD-01/audit-events').flush([event(1)]);
    await settleAll(fixture);

    const created: Blob[] = [];
    const downloaded: string[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => (created.push(blob), 'blob:x'),
      revokeObjectURL: () => undefined,
    });
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloaded.push(this.download);
    };
    button('Export CSV').click();
    await settleAll(fixture);
    const exported = http.expectOne(
      (request) => request.url === '/api/v1/trials/MM-RAD-01/audit-events/export',
    );
    expect(exported.request.params.get('format')).toBe('csv');
    expect(exported.request.params.get('action')).toBe('outcome.result-recorded');
    expect(exported.request.params.has('limit')).toBe(false);
    expect(exported.request.responseType).toBe('blob');
    exported.flush(new Blob(['sequence,occurred_at\r\n']), {
      headers: { 'content-disposition': 'attachment; filename="MM-RAD-01-audit-x.csv"' },
    });
    await settleAll(fixture);
    HTMLAnchorElement.prototype.click = click;
    expect(created).toHaveLength(1);
    expect(downloaded).toEqual(['MM-RAD-01-audit-x.csv']);
  });

  it('expands an event to its before/after, reason and signature, and verifies the signature', async () => {
    const { fixture, http, element, button } = await setUp(null, true);
    http
      .expectOne((request) => request.url === path)
      .flush([
        event(7, {
          action: 'signature.signed',
          entityType: 'e-signature',
          entityId: '55555555-5555-4555-8555-555555555555',
          reason: 'Decided by second assessor',
          before: { status: 'conflicting' },
          after: {
            meaning: 'responsibility',
            statement: 'Adjudicate the primary outcome',
            recordType: 'outcome-adjudication',
          },
        }),
      ]);
    await settleAll(fixture);
    const toggle = button('Show');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settleAll(fixture);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = must(element.querySelector('app-audit-event-details'));
    expect(details.textContent).toContain('"status": "conflicting"');
    expect(details.textContent).toContain('Decided by second assessor');
    expect(details.textContent).toContain('responsibility');
    expect(details.textContent).toContain('Adjudicate the primary outcome');
    button('Verify the signature').click();
    await settleAll(fixture);
    http
      .expectOne('/api/v1/trials/MM-RAD-01/signatures/55555555-5555-4555-8555-555555555555/verification')
      .flush({
        signatureId: '55555555-5555-4555-8555-555555555555',
        valid: true,
        recordType: 'outcome-adjudication',
        recordId: 'r',
        signedSha256: 'a'.repeat(64),
        currentSha256: 'a'.repeat(64),
        reason: 'The signed record is unchanged',
      });
    await settleAll(fixture);
    expect(details.textContent).toContain('Valid: The signed record is unchanged');
  });
});
