import { type HttpInterceptorFn, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { type Me, SessionStore, TrialContextStore } from '@prospect/web-data-access';
import { type OutcomeSummary } from '@prospect/web-data-access/outcomes';
import { outcomesCsv } from './outcome-format';
import { OutcomeWorklistPage } from './outcome-worklist-page';

/** The value, or a failed test saying what is missing. */
function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`Missing ${what}`);
  return value;
}

const BASE = '/api/v1/trials/MM-RAD-01';

function summary(
  subjectId: string,
  status: OutcomeSummary['status'],
  extra: Partial<OutcomeSummary> = {},
): OutcomeSummary {
  return {
    subjectId,
    site: 'HD01',
    locked: true,
    status,
    valuesBlinded: false,
    outcome: status === 'observed' ? 1 : null,
    positiveClass: 'mrd-negative',
    assessedAt: status === 'observed' ? '2027-01-10T00:00:00.000Z' : null,
    inWindow: status === 'observed' ? true : null,
    needsAdjudication: status === 'conflicting' || status === 'missing',
    explanation: `${status} explanation`,
    treatmentStart: '2026-10-01T00:00:00.000Z',
    windowClosesAt: '2027-06-27T00:00:00.000Z',
    withdrawn: status === 'withdrawn',
    results: 1,
    ...extra,
  };
}

const OUTCOMES = [
  summary('MM-RAD-01-HD01-0001', 'observed'),
  summary('MM-RAD-01-HD01-0002', 'conflicting'),
  summary('MM-RAD-01-HD02-0003', 'pending', { site: 'HD02' }),
  summary('MM-RAD-01-HD02-0004', 'missing', { site: 'HD02' }),
  summary('MM-RAD-01-HD02-0005', 'observed', { site: 'HD02', inWindow: false }),
];

/** A row as the API gives it to a role blinded to outcome values (a coordinator): no `outcome`. */
function blinded(row: OutcomeSummary): OutcomeSummary {
  const { outcome: _outcome, ...rest } = row;
  return { ...rest, valuesBlinded: true, explanation: `${row.status}, value-free` };
}

async function setUp(roles: string[], outcomes: readonly OutcomeSummary[] = OUTCOMES) {
  const requested: string[] = [];
  const recorder: HttpInterceptorFn = (request, next) => {
    requested.push(`${request.method} ${request.urlWithParams}`);
    return next(request);
  };
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([recorder])),
      provideHttpClientTesting(),
      provideRouter([]),
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const session = TestBed.inject(SessionStore);
  const me: Me = {
    id: 'u-1',
    username: 'someone',
    displayName: 'Someone',
    isAdmin: false,
    mustChangePassword: false,
    trials: [{ trialCode: 'MM-RAD-01', roles }],
  };
  const loading = session.loadMe();
  http.expectOne('/api/v1/auth/me').flush(me);
  await loading;
  const selecting = TestBed.inject(TrialContextStore).select('MM-RAD-01');
  http.expectOne(BASE).flush({ code: 'MM-RAD-01', title: 'Trial', sites: [] });
  await selecting;
  const fixture = TestBed.createComponent(OutcomeWorklistPage);
  fixture.detectChanges();
  await fixture.whenStable();
  const list = http.expectOne(`${BASE}/outcomes`);
  expect(list.request.method).toBe('GET');
  expect(list.request.params.keys()).toEqual([]);
  list.flush(outcomes);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const rows = () =>
    Array.from(element.querySelectorAll('tbody tr th[scope="row"]')).map((cell) => cell.textContent?.trim());
  const tab = (label: string) =>
    Array.from(element.querySelectorAll<HTMLAnchorElement>('.tabs a')).find((link) =>
      link.textContent?.trim().startsWith(label),
    );
  return { fixture, http, element, rows, tab, requested };
}

describe('OutcomeWorklistPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists every subject with counts per status tab', async () => {
    const { rows, tab, element } = await setUp(['outcome-assessor']);
    expect(rows()).toHaveLength(5);
    expect(tab('All')?.textContent).toContain('5');
    expect(tab('Needs adjudication')?.textContent).toContain('2');
    expect(tab('Observed')?.textContent).toContain('2');
    expect(tab('Conflicting')?.textContent).toContain('1');
    expect(tab('Withdrawn')?.textContent).toContain('0');
    expect(element.querySelector('caption')?.textContent).toContain('All outcomes: 5 of 5 subjects');
    expect(element.textContent).toContain('undecided (results disagree)');
    expect(element.textContent).not.toContain('not assessable');
  });

  it('filters by the status tab (kept in the URL) and by site and window', async () => {
    const { fixture, rows, tab, element } = await setUp(['monitor']);
    must(tab('Needs adjudication')).click();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/?status=needs-adjudication');
    expect(rows()).toEqual(['MM-RAD-01-HD01-0002', 'MM-RAD-01-HD02-0004']);
    expect(tab('Needs adjudication')?.getAttribute('aria-current')).toBe('page');

    await TestBed.inject(Router).navigateByUrl('/?status=observed');
    await fixture.whenStable();
    expect(rows()).toEqual(['MM-RAD-01-HD01-0001', 'MM-RAD-01-HD02-0005']);

    const window = must(element.querySelector<HTMLSelectElement>('#outcome-window'));
    window.value = 'out';
    window.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(rows()).toEqual(['MM-RAD-01-HD02-0005']);

    await TestBed.inject(Router).navigateByUrl('/');
    window.value = 'any';
    window.dispatchEvent(new Event('change'));
    const site = must(element.querySelector<HTMLSelectElement>('#outcome-site'));
    await fixture.whenStable();
    site.value = 'HD02';
    site.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(rows()).toEqual(['MM-RAD-01-HD02-0003', 'MM-RAD-01-HD02-0004', 'MM-RAD-01-HD02-0005']);
  });

  it('lets an assessor sync outcomes from FHIR, follows the job and reloads the list', async () => {
    const { fixture, http, element, requested } = await setUp(['outcome-assessor']);
    const button = must(
      Array.from(element.querySelectorAll('button')).find((candidate) =>
        candidate.textContent?.includes('Sync outcomes from FHIR'),
      ),
    );
    button.click();
    await fixture.whenStable();
    const sync = http.expectOne(`${BASE}/outcomes/sync`);
    expect(sync.request.method).toBe('POST');
    expect(sync.request.body).toEqual({});
    const job = {
      id: 'job-1',
      kind: 'outcome-sync',
      status: 'queued',
      subjectId: null,
      attempts: 0,
      error: null,
      result: null,
      createdAt: '2027-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
    };
    sync.flush(job);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne(`${BASE}/jobs/job-1`).flush({
      ...job,
      status: 'succeeded',
      result: {
        enrollments: 5,
        newResults: 3,
        unchanged: 1,
        noResultYet: 1,
        awaitingTreatmentStart: 0,
        missingFromFhir: 0,
      },
    });
    await fixture.whenStable();
    http.expectOne(`${BASE}/outcomes`).flush(OUTCOMES);
    await fixture.whenStable();
    expect(element.textContent).toContain('Sync finished: 3 new result(s) for 5 subject(s)');
    expect(requested.some((line) => /prediction|lock/i.test(line))).toBe(false);
  });

  it('shows a coordinator recorded outcomes as blinded, not as missing or not assessable', async () => {
    const { element, rows } = await setUp(['coordinator'], OUTCOMES.map(blinded));
    expect(rows()).toHaveLength(5);
    const outcomeCells = Array.from(element.querySelectorAll('tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? ''),
    );
    const observed = outcomeCells.filter((cells) =>
      cells.some((cell) => cell.includes('recorded — value blinded for your role')),
    );
    expect(observed).toHaveLength(2);
    expect(element.textContent).toContain('undecided (results disagree)');
    expect(element.textContent).not.toContain('mrd-negative');
    expect(element.textContent).not.toContain('not assessable');
    expect(element.textContent).not.toContain('undefined');
    // The sync (to chase missing follow-up) is still offered to coordinators.
    expect(element.textContent).toContain('Sync outcomes from FHIR');
    const csv = outcomesCsv(OUTCOMES.map(blinded));
    expect(csv.split('\n')[1]).toContain(',blinded,');
    expect(csv).not.toContain('undefined');
  });

  it('offers no sync to a monitor, and never asks for predictions or locks', async () => {
    const { element, requested } = await setUp(['monitor']);
    expect(element.textContent).not.toContain('Sync outcomes from FHIR');
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((line) => /prediction|lock/i.test(line))).toEqual([]);
  });
});
