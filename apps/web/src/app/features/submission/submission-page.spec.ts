import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { type Job, JobsApi, SessionStore, type TrialRole } from '@prospect/web-data-access';
import { type SubmissionPackage } from '@prospect/web-data-access/submission';
import { Subject } from 'rxjs';
import { SubmissionPage } from './submission-page';
import { provideHttpTesting, provideTrialContext, settle } from '../../../testing';

const BASE = '/api/v1/trials/MM/submission-packages';

function pkg(packageNumber: number, overrides: Partial<SubmissionPackage> = {}): SubmissionPackage {
  return {
    packageNumber,
    requestedAt: '2026-11-28T05:09:56.138Z',
    requestedBy: 'u1',
    status: 'built',
    jobId: `job-${packageNumber}`,
    manifestSha256: '7e'.repeat(32),
    builtAt: '2026-11-28T05:09:56.714Z',
    manifest: {
      format: 'prospect.submission-package/1',
      trialCode: 'MM',
      protocolVersion: 1,
      builtAt: '2026-11-28T05:09:56.153Z',
      files: [
        { path: 'datasets/define.xml', bytes: 2048, sha256: 'a'.repeat(64) },
        { path: 'report/report.pdf', bytes: 1024, sha256: 'b'.repeat(64) },
      ],
    },
    signatures: [],
    ...overrides,
  };
}

function job(status: Job['status'], result: Record<string, unknown> | null = null): Job {
  return {
    id: 'job-2',
    kind: 'submission-package',
    status,
    subjectId: null,
    attempts: 1,
    error: null,
    result,
    createdAt: '2026-11-28T05:20:00.000Z',
    startedAt: status === 'queued' ? null : '2026-11-28T05:20:01.000Z',
    finishedAt: status === 'succeeded' ? '2026-11-28T05:20:09.000Z' : null,
  };
}

async function setup(roles: TrialRole[], packages: SubmissionPackage[]) {
  const jobUpdates = new Subject<Job>();
  const watched: string[] = [];
  TestBed.configureTestingModule({
    providers: [
      ...provideHttpTesting(),
      provideTrialContext(roles, 'MM'),
      { provide: SessionStore, useValue: { isAdmin: () => false } },
      {
        provide: JobsApi,
        useValue: {
          watch: (trialCode: string, jobId: string) => {
            watched.push(`${trialCode}/${jobId}`);
            return jobUpdates;
          },
        },
      },
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const navigations: unknown[] = [];
  const router = TestBed.inject(Router);
  router.navigate = (commands: unknown[]) => {
    navigations.push(commands);
    return Promise.resolve(true);
  };
  const fixture = TestBed.createComponent(SubmissionPage);
  fixture.detectChanges();
  http.expectOne({ method: 'GET', url: BASE }).flush(packages);
  await settle(fixture);
  return { fixture, http, el: fixture.nativeElement as HTMLElement, jobUpdates, watched, navigations };
}

describe('SubmissionPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists packages newest first with status, size, manifest hash and signatures', async () => {
    const signature = { id: 's1' } as SubmissionPackage['signatures'][number];
    const { el } = await setup(['monitor'], [pkg(1), pkg(2, { signatures: [signature] })]);
    const rows = Array.from(el.querySelectorAll('tbody tr')).map(
      (row) => row.textContent?.replace(/\s+/g, ' ') ?? '',
    );
    expect(rows[0]).toContain('Package 2');
    expect(rows[0]).toContain('Signed 1');
    expect(rows[1]).toContain('Package 1');
    expect(rows[1]).toContain('Unsigned');
    expect(rows[1]).toContain('2 (3.0 KB)');
    expect(rows[1]).toContain('7e7e7e7e7e7e…');
    expect(el.querySelector('a[href$="/packages/1"]')).not.toBeNull();
  });

  it('offers no build to a monitor', async () => {
    const { el } = await setup(['monitor'], []);
    expect(el.textContent).not.toContain('Build a new package');
    expect(el.textContent).toContain('No package has been built yet.');
  });

  it('builds a package: request, job progress with elapsed time, then opens the package', async () => {
    const { fixture, http, el, jobUpdates, watched, navigations } = await setup(['regulatory'], [pkg(1)]);
    const build = Array.from(el.querySelectorAll('button')).find((button) =>
      button.textContent?.includes('Build a new package'),
    );
    build?.click();
    const request = http.expectOne({ method: 'POST', url: BASE });
    expect(request.request.body).toEqual({});
    request.flush({
      job: job('queued'),
      package: pkg(2, { status: 'queued', manifest: null, manifestSha256: null, builtAt: null }),
    });
    await settle(fixture);
    expect(watched).toEqual(['MM/job-2']);
    expect(el.querySelector('button.button')?.hasAttribute('disabled')).toBe(true);

    jobUpdates.next(job('running', { step: 'writing datasets', done: 3, total: 9 }));
    await settle(fixture);
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Building package 2: Running');
    const steps = el.querySelector<HTMLProgressElement>('#build-steps');
    expect(steps?.max).toBe(9);
    expect(steps?.value).toBe(3);
    expect(el.querySelector('label[for="build-steps"]')?.textContent).toContain(
      'writing datasets: step 3 of 9',
    );
    expect(el.textContent).toMatch(/Elapsed \d+:\d\d/);

    jobUpdates.next(job('succeeded', { packageNumber: 2, files: 39 }));
    jobUpdates.complete();
    await settle(fixture);
    expect(navigations).toEqual([['packages', 2]]);
  });

  it('shows a failed build and refreshes the list instead of opening it', async () => {
    const { fixture, http, el, jobUpdates, navigations } = await setup(['regulatory'], []);
    Array.from(el.querySelectorAll('button'))
      .find((button) => button.textContent?.includes('Build'))
      ?.click();
    http
      .expectOne({ method: 'POST', url: BASE })
      .flush({ job: job('queued'), package: pkg(2, { status: 'queued' }) });
    await settle(fixture);
    jobUpdates.next({ ...job('failed'), error: 'define.xml could not be written' });
    jobUpdates.complete();
    await settle(fixture);
    http.expectOne({ method: 'GET', url: BASE }).flush([pkg(2, { status: 'failed', manifest: null })]);
    await settle(fixture);
    expect(navigations).toEqual([]);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('define.xml could not be written');
    expect(el.querySelector('tbody')?.textContent).toContain('Failed');
  });

  it('shows the refusal of a build request', async () => {
    const { fixture, http, el } = await setup(['regulatory'], []);
    Array.from(el.querySelectorAll('button'))
      .find((button) => button.textContent?.includes('Build'))
      ?.click();
    http
      .expectOne({ method: 'POST', url: BASE })
      .flush(
        { status: 409, code: 'NO_DATA', title: 'Conflict', detail: 'Nothing to package yet.', errors: [] },
        { status: 409, statusText: 'Conflict' },
      );
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Nothing to package yet.');
    expect(el.querySelector('button.button')?.hasAttribute('disabled')).toBe(false);
  });

  it('resumes following a build that is still running', async () => {
    const { watched } = await setup(['monitor'], [pkg(1), pkg(2, { status: 'running', manifest: null })]);
    expect(watched).toEqual(['MM/job-2']);
  });
});
