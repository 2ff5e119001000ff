import { type HttpInterceptorFn, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type Me, SessionStore, TrialContextStore } from '@prospect/web-data-access';
import { type OutcomeDetail } from '@prospect/web-data-access/outcomes';
import { SubjectOutcomePage } from './subject-outcome-page';

/** The value, or a failed test saying what is missing. */
function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`Missing ${what}`);
  return value;
}

const BASE = '/api/v1/trials/MM-RAD-01';
const SUBJECT = 'MM-RAD-01-HD01-0002';
const ME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

function detail(extra: Partial<OutcomeDetail> = {}): OutcomeDetail {
  return {
    subjectId: SUBJECT,
    site: 'HD01',
    locked: true,
    status: 'conflicting',
    valuesBlinded: false,
    outcome: null,
    positiveClass: 'mrd-negative',
    assessedAt: null,
    inWindow: null,
    needsAdjudication: true,
    explanation: 'Two results disagree',
    treatmentStart: '2026-10-01T00:00:00.000Z',
    windowClosesAt: '2027-06-27T00:00:00.000Z',
    withdrawn: false,
    results: 2,
    resultHistory: [
      {
        id: 'r-fhir',
        source: 'fhir',
        outcome: 1,
        assessedAt: '2027-01-10T00:00:00.000Z',
        studyDay: 101,
        inWindow: true,
        evidence: { detail: 'MRD negative (sensitivity 1e-5)', references: ['Observation/obs-1'] },
        reason: null,
        supersedes: null,
        supersededBy: null,
        recordedBy: OTHER,
        recordedAt: '2027-01-11T00:00:00.000Z',
      },
      {
        id: 'r-assessor',
        source: 'assessor',
        outcome: 0,
        assessedAt: '2027-01-12T00:00:00.000Z',
        studyDay: 103,
        inWindow: true,
        evidence: { detail: 'Pathology report 12 Jan', references: [] },
        reason: null,
        supersedes: null,
        supersededBy: null,
        recordedBy: OTHER,
        recordedAt: '2027-01-13T00:00:00.000Z',
      },
    ],
    adjudications: [],
    withdrawal: null,
    ...extra,
  };
}

/** Lets promises, signals and change detection run to rest. */
async function settle(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
  }
  await fixture.whenStable();
}

async function setUp(roles: string[], outcome: OutcomeDetail = detail()) {
  const requested: string[] = [];
  const recorder: HttpInterceptorFn = (request, next) => {
    requested.push(`${request.method} ${request.url}`);
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
  const me: Me = {
    id: ME,
    username: 'assessor2',
    displayName: 'Second assessor',
    isAdmin: false,
    mustChangePassword: false,
    trials: [{ trialCode: 'MM-RAD-01', roles }],
  };
  const loading = TestBed.inject(SessionStore).loadMe();
  http.expectOne('/api/v1/auth/me').flush(me);
  await loading;
  const selecting = TestBed.inject(TrialContextStore).select('MM-RAD-01');
  http.expectOne(BASE).flush({ code: 'MM-RAD-01', title: 'Trial', sites: [] });
  await selecting;
  const fixture = TestBed.createComponent(SubjectOutcomePage);
  fixture.componentRef.setInput('subjectId', SUBJECT);
  fixture.detectChanges();
  await settle(fixture);
  const get = http.expectOne(`${BASE}/enrollments/${SUBJECT}/outcome`);
  expect(get.request.method).toBe('GET');
  get.flush(outcome);
  await settle(fixture);
  const element = fixture.nativeElement as HTMLElement;
  const set = async (selector: string, value: string, event = 'input') => {
    const control = must(
      element.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector),
    );
    control.value = value;
    control.dispatchEvent(new Event(event));
    await settle(fixture);
  };
  const check = async (selector: string) => {
    const radio = must(element.querySelector<HTMLInputElement>(selector));
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await settle(fixture);
  };
  const button = (text: string) =>
    Array.from(element.querySelectorAll('button')).find((candidate) =>
      candidate.textContent?.trim().startsWith(text),
    );
  return { fixture, http, element, set, check, button, requested };
}

const noBlindedCalls = (requested: string[]) => requested.filter((line) => /prediction|lock/i.test(line));

describe('SubjectOutcomePage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows every result with its source, read-only for a monitor', async () => {
    const { element, requested } = await setUp(['monitor']);
    expect(element.querySelector('h1')?.textContent).toContain(SUBJECT);
    const sources = Array.from(element.querySelectorAll('tbody th[scope="row"]')).map((cell) =>
      cell.textContent?.trim(),
    );
    expect(sources).toEqual(['FHIR server', 'Outcome assessor']);
    expect(element.textContent).toContain('Observation/obs-1');
    expect(element.textContent).toContain('Pathology report 12 Jan');
    expect(element.textContent).toContain('Read-only');
    expect(element.querySelector('app-outcome-result-form')).toBeNull();
    expect(element.querySelector('app-outcome-adjudication-form')).toBeNull();
    expect(element.textContent).not.toContain('Re-read this subject from FHIR');
    expect(noBlindedCalls(requested)).toEqual([]);
  });

  it('shows a coordinator a value-free outcome as recorded and blinded, not as missing data', async () => {
    const full = detail({
      status: 'adjudicated',
      outcome: 1,
      assessedAt: '2027-01-12T00:00:00.000Z',
      inWindow: true,
      needsAdjudication: false,
      explanation: 'Adjudicated: MRD negative at day 180',
      adjudications: [
        {
          id: 'a-1',
          outcome: 1,
          assessedAt: '2027-01-12T00:00:00.000Z',
          studyDay: 103,
          inWindow: true,
          reason: 'MRD negative at day 180 on repeat NGS',
          considered: ['r-fhir', 'r-assessor'],
          adjudicatedBy: OTHER,
          signatureId: '33333333-3333-4333-8333-333333333333',
          adjudicatedAt: '2027-01-14T00:00:00.000Z',
        },
      ],
    });
    // As the API returns it to a coordinator: values, evidence and reasons left out.
    const { outcome: _outcome, ...summary } = full;
    const valueFree: OutcomeDetail = {
      ...summary,
      valuesBlinded: true,
      explanation: 'Outcome decided by a signed adjudication; the value is blinded for your role',
      resultHistory: full.resultHistory.map(({ outcome: _o, evidence: _e, reason: _r, ...result }) => result),
      adjudications: full.adjudications.map(({ outcome: _o, reason: _r, ...adjudication }) => adjudication),
    };
    const { element, requested } = await setUp(['coordinator'], valueFree);
    const facts = Array.from(element.querySelectorAll('dl.facts div')).map((row) => [
      row.querySelector('dt')?.textContent?.trim(),
      row.querySelector('dd')?.textContent?.trim(),
    ]);
    expect(facts).toContainEqual(['Outcome', 'decided by adjudication — value blinded for your role']);
    expect(facts).toContainEqual(['Assessment window', 'In window']);
    expect(element.textContent).toContain('Outcome values are blinded for your role');
    const resultRows = Array.from(element.querySelectorAll('tbody tr[id^="result-"]'));
    expect(resultRows).toHaveLength(2);
    for (const row of resultRows) {
      const cells = Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim());
      expect(cells[0]).toBe('recorded — value blinded for your role');
      expect(cells).toContain('blinded for your role');
    }
    expect(element.textContent).toContain('decided — value blinded for your role');
    expect(element.textContent).not.toMatch(/MRD negative|Pathology report|not assessable|undefined/);
    expect(element.textContent).not.toMatch(/not mrd-negative/);
    expect(element.textContent).toContain('Read-only');
    expect(element.querySelector('app-outcome-adjudication-form')).toBeNull();
    expect(noBlindedCalls(requested)).toEqual([]);
  });

  it('records an assessor result with its date and source remark', async () => {
    const { fixture, http, element, set, check, button, requested } = await setUp(
      ['outcome-assessor'],
      detail({
        status: 'pending',
        needsAdjudication: false,
        resultHistory: [],
        results: 0,
      }),
    );
    expect(button('Record the result')?.disabled).toBe(true);
    await check('input[name="outcome"][value="1"]');
    await set('#result-assessed', '2027-01-15');
    await set('#result-comment', 'Bone marrow NGS report');
    expect(button('Record the result')?.disabled).toBe(false);
    must(button('Record the result')).click();
    await settle(fixture);
    const post = http.expectOne(`${BASE}/enrollments/${SUBJECT}/outcome-results`);
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({
      outcome: 1,
      assessedAt: '2027-01-15',
      comment: 'Bone marrow NGS report',
    });
    post.flush(detail({ status: 'observed', needsAdjudication: false, outcome: 1 }));
    await settle(fixture);
    expect(element.textContent).toContain('Result recorded.');
    expect(noBlindedCalls(requested)).toEqual([]);
  });

  it('asks a reason for "not assessable" and for a correction, and sends it', async () => {
    const { fixture, http, set, check, button } = await setUp(
      ['outcome-assessor'],
      detail({
        status: 'observed',
        needsAdjudication: false,
      }),
    );
    await check('input[name="outcome"][value="null"]');
    await set('#result-assessed', '2027-01-15');
    await set('#result-supersedes', 'r-assessor', 'change');
    expect(button('Record the correction')?.disabled).toBe(true);
    await set('#result-reason', 'Specimen haemolysed; report withdrawn by the lab');
    must(button('Record the correction')).click();
    await settle(fixture);
    const post = http.expectOne(`${BASE}/enrollments/${SUBJECT}/outcome-results`);
    expect(post.request.body).toEqual({
      outcome: null,
      assessedAt: '2027-01-15',
      reason: 'Specimen haemolysed; report withdrawn by the lab',
      supersedes: 'r-assessor',
    });
    post.flush(
      {
        type: 'x',
        title: 'Bad Request',
        status: 400,
        code: 'ASSESSED_IN_FUTURE',
        detail: 'assessedAt is in the future.',
        errors: [{ field: 'assessedAt', reason: 'must not be in the future' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('#result-assessed-error')?.textContent,
    ).toContain('must not be in the future');
  });

  it('adjudicates a conflict with the decision, reason and password (signature)', async () => {
    const { fixture, http, element, set, check, requested } = await setUp(['outcome-assessor']);
    const form = must(element.querySelector('app-outcome-adjudication-form'));
    expect(form.textContent).toContain('Sign the adjudication');
    await check('input[name="decision"][value="0"]');
    await set('#adjudication-assessed', '2027-01-12');
    await set('app-signature-form textarea', 'Pathology report is authoritative over the lab feed');
    await set('app-signature-form input[type="password"]', 'secret-password');
    const sign = must(
      Array.from(form.querySelectorAll('button')).find((candidate) =>
        candidate.textContent?.includes('Sign and adjudicate'),
      ),
    );
    expect(sign.disabled).toBe(false);
    sign.click();
    await settle(fixture);
    const post = http.expectOne(`${BASE}/enrollments/${SUBJECT}/outcome-adjudications`);
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({
      outcome: 0,
      assessedAt: '2027-01-12',
      reason: 'Pathology report is authoritative over the lab feed',
      password: 'secret-password',
    });
    post.flush(detail({ status: 'adjudicated', needsAdjudication: false, outcome: 0 }));
    await settle(fixture);
    expect(element.textContent).toContain('Adjudication signed and recorded');
    expect(element.querySelector('app-outcome-adjudication-form')).toBeNull();
    expect(noBlindedCalls(requested)).toEqual([]);
  });

  it('does not offer adjudication to the assessor who entered a result for the subject', async () => {
    const mine = detail();
    const history = mine.resultHistory.map((result) =>
      result.source === 'assessor' ? { ...result, recordedBy: ME } : result,
    );
    const { element } = await setUp(['outcome-assessor'], { ...mine, resultHistory: history });
    const form = must(element.querySelector('app-outcome-adjudication-form'));
    expect(form.querySelector('[role="alert"]')?.textContent).toContain('You cannot adjudicate');
    expect(form.querySelector('app-signature-form')).toBeNull();
    expect(element.textContent).toContain('by you');
  });

  it('explains the API refusing a non-independent adjudicator', async () => {
    const { fixture, http, element, set, check } = await setUp(['outcome-assessor']);
    await check('input[name="decision"][value="null"]');
    await set('app-signature-form textarea', 'No assessable specimen');
    await set('app-signature-form input[type="password"]', 'pw');
    must(
      Array.from(element.querySelectorAll('button')).find((candidate) =>
        candidate.textContent?.includes('Sign and adjudicate'),
      ),
    ).click();
    await settle(fixture);
    const post = http.expectOne(`${BASE}/enrollments/${SUBJECT}/outcome-adjudications`);
    expect(post.request.body).toEqual({ outcome: null, reason: 'No assessable specimen', password: 'pw' });
    post.flush(
      {
        type: 'x',
        title: 'Forbidden',
        status: 403,
        code: 'ADJUDICATOR_NOT_INDEPENDENT',
        detail: `You entered a result for ${SUBJECT}; a second assessor must adjudicate.`,
        errors: [],
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle(fixture);
    const alert = element.querySelector('app-outcome-adjudication-form [role="alert"]');
    expect(alert?.textContent).toContain('you entered a result for');
    expect(alert?.textContent).toContain('second');
  });
});
