import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TrialRole } from '@prospect/web-data-access';
import { AnalysesPage } from './analyses-page';
import { LOOK, PROGRESS } from './testing';
import { provideHttpTesting, provideTrialContext } from '../../../testing';

/** Rendering with the charts is slow in jsdom on a busy machine. */
const SLOW = 30_000;

const PROTOCOL = {
  version: 1,
  status: 'approved',
  contentSha256: 'a'.repeat(64),
  decisionThreshold: 0.5,
  plannedSampleSize: 40,
  approval: { approvedAt: '2026-11-01T10:00:00Z', approvedBy: 'admin', signatureId: 's' },
  content: {
    decisionThreshold: 0.5,
    plannedSampleSize: 40,
    primaryHypothesis: { metric: 'auc', nullValue: 0.5, alternativeValue: 0.75 },
    interimPlan: {
      looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
      alpha: 0.025,
      sided: 1,
      spending: { type: 'obrien-fleming' },
      futility: { type: 'non-binding-beta-spending', beta: 0.2, spending: { type: 'obrien-fleming' } },
    },
  },
};

const SHIFT = {
  trialCode: 'MM-RAD-01',
  modelSha256: 'c'.repeat(64),
  thresholds: { smd: 0.25, psi: 0.25, minimumSubjects: 10 },
  inputs: [
    {
      name: 'mean_intensity',
      training: { n: 300, mean: 560.66, sd: 59.26 },
      sites: [
        { site: 'HD01', n: 18, mean: 574.87, sd: 56, smd: 0.2464, psi: 0.9626, flagged: true, note: null },
      ],
      note: null,
    },
  ],
  flaggedSites: ['HD01'],
};

async function render(roles: readonly TrialRole[]) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting(), provideTrialContext(roles)],
  });
  const fixture = TestBed.createComponent(AnalysesPage);
  const http = TestBed.inject(HttpTestingController);
  fixture.detectChanges();
  TestBed.tick();
  http.expectOne('/api/v1/trials/MM-RAD-01/progress').flush(PROGRESS);
  http.expectOne('/api/v1/trials/MM-RAD-01/analyses').flush([LOOK]);
  http.expectOne('/api/v1/trials/MM-RAD-01/input-shift').flush(SHIFT);
  http.expectOne('/api/v1/trials/MM-RAD-01/protocol-versions/1').flush(PROTOCOL);
  await fixture.whenStable();
  fixture.detectChanges();
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

function click(element: HTMLElement, text: string) {
  const button = Array.from(element.querySelectorAll('button')).find((candidate) =>
    candidate.textContent?.includes(text),
  );
  if (!button) throw new Error(`no button "${text}"`);
  button.click();
}

describe('AnalysesPage', () => {
  it(
    'shows the statistician the plan, boundaries, blinded progress and looks without any unblinded request',
    async () => {
      const { http, element } = await render(['statistician']);
      const text = element.textContent ?? '';
      expect(text).toContain('α = 0.025, one-sided');
      expect(text).toContain('O’Brien–Fleming');
      expect(text).toContain('2.963'); // efficacy boundary of look 1
      expect(text).toContain('0.559'); // β-spending futility bound of look 1
      expect(text).toContain('75.0%'); // information fraction
      expect(text).toContain('Flagged sites: HD01');
      expect(text).toContain('Look 1');
      expect(text).toContain('unsigned');
      expect(
        http.match((request) => /\/(result|snapshot|reproduction|access-log)$/.test(request.url)),
      ).toHaveLength(0);
      http.verify();
    },
    SLOW,
  );

  it(
    'lets the statistician request the next look and follows its job',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      click(element, 'Request look 2');
      fixture.detectChanges();
      click(element, 'Freeze the data and analyse look 2');
      const post = http.expectOne('/api/v1/trials/MM-RAD-01/analyses');
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ lookNumber: 2 });
      post.flush({
        job: {
          id: 'job-2',
          kind: 'analysis',
          status: 'queued',
          subjectId: null,
          attempts: 0,
          error: null,
          result: null,
          createdAt: '',
          startedAt: null,
          finishedAt: null,
        },
        analysis: { ...LOOK, lookNumber: 2, status: 'queued' },
      });
      TestBed.tick();
      // Reloads after the request was accepted.
      http.match('/api/v1/trials/MM-RAD-01/progress').forEach((request) => request.flush(PROGRESS));
      http.match('/api/v1/trials/MM-RAD-01/analyses').forEach((request) => request.flush([LOOK]));
      await new Promise((resolve) => setTimeout(resolve, 0));
      http
        .expectOne('/api/v1/trials/MM-RAD-01/jobs/job-2')
        .flush({ id: 'job-2', status: 'succeeded', attempts: 1, error: null });
      TestBed.tick();
      fixture.detectChanges();
      // The finished job reloads the blinded list of looks.
      const reloads = http.match('/api/v1/trials/MM-RAD-01/analyses');
      expect(reloads).toHaveLength(1);
      reloads.forEach((request) => request.flush([LOOK, { ...LOOK, lookNumber: 2 }]));
      http.match('/api/v1/trials/MM-RAD-01/progress').forEach((request) => request.flush(PROGRESS));
      await fixture.whenStable();
      fixture.detectChanges();
      expect(element.textContent).toContain('Finished');
      expect(element.textContent).toContain('Look 2');
      expect(http.match((request) => /\/(result|snapshot)$/.test(request.url))).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'shows the API refusal of a look request',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      click(element, 'Request look 2');
      fixture.detectChanges();
      click(element, 'Freeze the data and analyse look 2');
      http.expectOne('/api/v1/trials/MM-RAD-01/analyses').flush(
        {
          status: 409,
          code: 'NO_NEW_INFORMATION',
          title: 'Conflict',
          detail: 'No new per-protocol outcome since look 1.',
          errors: [],
        },
        { status: 409, statusText: 'Conflict' },
      );
      await fixture.whenStable();
      fixture.detectChanges();
      expect(element.querySelector('app-problem-alert [role="alert"]')?.textContent).toContain(
        'No new per-protocol outcome since look 1.',
      );
    },
    SLOW,
  );

  it(
    'offers no look request to other roles',
    async () => {
      const { element, http } = await render(['monitor']);
      expect(element.textContent).not.toContain('Request look');
      expect(http.match((request) => /\/(result|snapshot)$/.test(request.url))).toHaveLength(0);
    },
    SLOW,
  );
});
