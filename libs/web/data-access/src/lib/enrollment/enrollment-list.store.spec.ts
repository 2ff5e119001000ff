import { jest } from '@jest/globals';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnrollmentListStore } from './enrollment-list.store';
import type { EnrollmentSummary } from './enrollment.models';

const BASE = '/api/v1/trials/T-1';

function summary(subjectId: string, overrides: Partial<EnrollmentSummary> = {}): EnrollmentSummary {
  return {
    subjectId,
    siteCode: 'HD01',
    enrolledAt: '2026-11-01T10:00:00Z',
    eligibility: 'passed',
    treatmentStart: { status: 'planned', at: '2026-12-01T00:00:00Z' },
    blockingIssues: 0,
    baselineVersion: 1,
    ...overrides,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('EnrollmentListStore', () => {
  let store: EnrollmentListStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), EnrollmentListStore],
    });
    store = TestBed.inject(EnrollmentListStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => store.destroy());

  async function load(): Promise<void> {
    const loading = store.load('T-1');
    http
      .expectOne(`${BASE}/enrollments`)
      .flush([
        summary('S-1'),
        summary('S-2', { blockingIssues: 2, siteCode: 'TU02' }),
        summary('S-3', { eligibility: 'failed' }),
        summary('S-4'),
      ]);
    http
      .expectOne(`${BASE}/locks`)
      .flush([{ subjectId: 'S-4', leafIndex: 7, lockedAt: '2026-11-20T00:00:00Z', inPrimaryAnalysis: true }]);
    await loading;
  }

  it('joins enrollments with locks and asks for predictions of unlocked subjects only', async () => {
    await load();
    const lookups = http.match((req) => req.url.endsWith('/predictions'));
    expect(lookups.map((req) => req.request.url).sort()).toEqual([
      `${BASE}/enrollments/S-1/predictions`,
      `${BASE}/enrollments/S-2/predictions`,
      `${BASE}/enrollments/S-3/predictions`,
    ]);
    lookups[0]?.flush([{ id: 'p', subjectId: 'S-1' }]);
    lookups[1]?.flush([]);
    lookups[2]?.flush({ detail: 'down' }, { status: 500, statusText: 'Error' });
    await flush();
    http.match(() => true).forEach((req) => req.flush([]));
    const rows = store.rows();
    expect(rows.map((row) => [row.subjectId, row.state, row.prediction])).toEqual([
      ['S-1', 'ready', 'predicted'],
      ['S-2', 'blocked', 'none'],
      ['S-3', 'not-eligible', 'unknown'],
      ['S-4', 'locked', 'locked'],
    ]);
    expect(store.sites()).toEqual(['HD01', 'TU02']);
  });

  it('filters by site, state, issues and lock', async () => {
    await load();
    http.match(() => true).forEach((req) => req.flush([]));
    store.filter.set({ site: 'HD01', state: '', issues: '', locked: 'no' });
    expect(store.filtered().map((row) => row.subjectId)).toEqual(['S-1', 'S-3']);
    store.filter.set({ site: '', state: '', issues: 'blocking', locked: '' });
    expect(store.filtered().map((row) => row.subjectId)).toEqual(['S-2']);
    store.filter.set({ site: '', state: 'locked', issues: '', locked: '' });
    expect(store.filtered().map((row) => row.subjectId)).toEqual(['S-4']);
  });

  it('locks all as a job, polls it and reloads when it ends', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      const request = store.lockAll('T-1');
      const post = http.expectOne(`${BASE}/locks`);
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({});
      post.flush({ id: 'job-9', kind: 'prediction-lock', status: 'queued', result: null });
      await request;
      expect(store.lockRunning()).toBe(true);
      jest.advanceTimersByTime(0);
      http.expectOne(`${BASE}/jobs/job-9`).flush({ id: 'job-9', status: 'running', result: null });
      jest.advanceTimersByTime(1000);
      http.expectOne(`${BASE}/jobs/job-9`).flush({
        id: 'job-9',
        status: 'succeeded',
        result: {
          enrollments: 2,
          processed: 2,
          locked: 1,
          alreadyLocked: 0,
          refusedTreatmentStarted: [{ subjectId: 'S-2', problems: ['Treatment started'] }],
          withoutBaselineImage: 0,
          notReady: [],
          notPredicted: 0,
        },
      });
      expect(store.lockRunning()).toBe(false);
      expect(store.lockSummary()?.locked).toBe(1);
      expect(store.lockSummary()?.refusedTreatmentStarted[0]?.subjectId).toBe('S-2');
      http.expectOne(`${BASE}/enrollments`);
      http.expectOne(`${BASE}/locks`);
    } finally {
      jest.useRealTimers();
    }
  });

  it('predicts every uploaded image as a job (no subject named), polls it and reloads when it ends', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      const request = store.predictAll('T-1');
      const post = http.expectOne(`${BASE}/predictions`);
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({});
      post.flush({ id: 'job-3', kind: 'baseline-prediction', status: 'queued', result: null });
      await request;
      expect(store.predictionRunning()).toBe(true);
      jest.advanceTimersByTime(0);
      http
        .expectOne(`${BASE}/jobs/job-3`)
        .flush({ id: 'job-3', status: 'succeeded', result: { predicted: 4 } });
      expect(store.predictionRunning()).toBe(false);
      expect(store.predictionJob()?.status).toBe('succeeded');
      http.expectOne(`${BASE}/enrollments`);
      http.expectOne(`${BASE}/locks`);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows why predicting everything was refused', async () => {
    const request = store.predictAll('T-1');
    http
      .expectOne(`${BASE}/predictions`)
      .flush(
        { code: 'NO_MODEL', detail: 'The protocol pins a model that is not registered.' },
        { status: 409, statusText: 'Conflict' },
      );
    await request;
    expect(store.predictionProblem()?.code).toBe('NO_MODEL');
    expect(store.predictionJob()).toBeNull();
  });

  it('shows the API problem when the list cannot be read', async () => {
    const loading = store.load('T-1');
    http
      .expectOne(`${BASE}/enrollments`)
      .flush({ detail: 'Not in this trial', title: 'Forbidden' }, { status: 403, statusText: 'Forbidden' });
    http.expectOne(`${BASE}/locks`).flush([]);
    await loading;
    expect(store.problem()?.detail).toBe('Not in this trial');
  });
});
