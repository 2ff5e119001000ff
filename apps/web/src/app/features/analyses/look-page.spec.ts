import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TrialRole } from '@prospect/web-data-access';
import type { AnalysisResult } from '@prospect/web-data-access/analyses';
import { LookPage } from './look-page';
import { LOOK, analysisResult } from './testing';
import { button, must, provideHttpTesting, provideTrialContext, tick } from '../../../testing';

/** Rendering with the charts is slow in jsdom on a busy machine. */
const SLOW = 30_000;

const BASE = '/api/v1/trials/MM-RAD-01/analyses/1';
const UNBLINDED = /\/analyses\/\d+\/(result|snapshot|reproduction)$/;

/** Runs effects, lets responses land and renders, without waiting for pending requests. */
async function render(roles: readonly TrialRole[], look = LOOK) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting(), provideTrialContext(roles)],
  });
  const fixture = TestBed.createComponent(LookPage);
  fixture.componentRef.setInput('lookNumber', '1');
  const http = TestBed.inject(HttpTestingController);
  fixture.detectChanges();
  TestBed.tick();
  http.expectOne(BASE).flush(look);
  await tick(fixture);
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

async function openResult(roles: readonly TrialRole[], result: AnalysisResult) {
  const rendered = await render(roles);
  const { fixture, http, element } = rendered;
  http.expectOne(`${BASE}/access-log`).flush([]);
  button(element, 'Open the unblinded result').click();
  http.expectOne(`${BASE}/result`).flush({ ...LOOK, result });
  http
    .expectOne(`${BASE}/snapshot`)
    .flush({ format: 'prospect.analysis-snapshot/1', design: { interimPlan: { sided: 1 } }, subjects: [] });
  await tick(fixture);
  // The access log is read again: the view just opened is in it.
  http
    .expectOne(`${BASE}/access-log`)
    .flush([{ at: '2026-11-28T06:00:00Z', username: 'demo-dmc', action: 'analysis.viewed-unblinded' }]);
  await tick(fixture);
  return rendered;
}

describe('LookPage', () => {
  it(
    'shows the blinded statistician the record and signatures, never the result',
    async () => {
      const { http, element } = await render(['statistician']);
      expect(element.querySelector('h1')?.textContent).toContain('Look 1');
      expect(element.textContent).toContain('Not signed yet.');
      expect(element.textContent).not.toContain('Unblinded result');
      expect(element.textContent).not.toContain('Decision the plan implies');
      expect(
        http.match((request) => UNBLINDED.test(request.url) || request.url.endsWith('/access-log')),
      ).toHaveLength(0);
      http.verify();
    },
    SLOW,
  );

  it(
    'lets the statistician sign the look with password and meaning',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      const password = must(element.querySelector<HTMLInputElement>('input[type="password"]'));
      password.value = 'secret';
      password.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Sign the analysis').click();
      await fixture.whenStable();
      const sign = http.expectOne(`${BASE}/signatures`);
      expect(sign.request.method).toBe('POST');
      expect(sign.request.body).toEqual({ password: 'secret', meaning: 'authorship' });
      sign.flush({
        ...LOOK,
        signatures: [
          {
            id: 's1',
            signerId: 'u1',
            signerUsername: 'demo-statistician',
            printedName: 'Demo statistician',
            signedAt: '2026-11-28T06:00:00Z',
            meaning: 'authorship',
            statement: 'Sign the interim analysis of MM-RAD-01, look 1',
            recordType: 'analysis',
            recordId: 'a1',
            recordSha256: 'e'.repeat(64),
            trialId: 't',
          },
        ],
      });
      await tick(fixture);
      expect(element.textContent).toContain('Demo statistician (demo-statistician)');
      expect(element.textContent).toContain('Look 1 signed (authorship).');
      expect(http.match((request) => UNBLINDED.test(request.url))).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'shows a refused signature',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      const password = must(element.querySelector<HTMLInputElement>('input[type="password"]'));
      password.value = 'wrong';
      password.dispatchEvent(new Event('input'));
      fixture.detectChanges();
      button(element, 'Sign the analysis').click();
      http.expectOne(`${BASE}/signatures`).flush(
        {
          status: 409,
          code: 'ALREADY_SIGNED',
          title: 'Conflict',
          detail: 'You already signed look 1 with meaning authorship.',
          errors: [],
        },
        { status: 409, statusText: 'Conflict' },
      );
      await tick(fixture);
      expect(element.querySelector('app-problem-alert [role="alert"]')?.textContent).toContain(
        'You already signed look 1',
      );
    },
    SLOW,
  );

  it(
    'tells the DMC that opening is audited and loads nothing unblinded until asked',
    async () => {
      const { http, element } = await render(['dmc']);
      expect(element.textContent).toContain('recorded in the audit trail');
      http.expectOne(`${BASE}/access-log`).flush([]);
      expect(http.match((request) => UNBLINDED.test(request.url))).toHaveLength(0);
      expect(element.textContent).toContain('Nobody has opened the unblinded result of this look.');
    },
    SLOW,
  );

  it(
    'states "stop for efficacy" when the boundary is crossed',
    async () => {
      const { element } = await openResult(
        ['dmc'],
        analysisResult('stop-for-efficacy', 3.4, 'z = 3.400 ≥ 3.050: the efficacy boundary is crossed.'),
      );
      const decision = must(element.querySelector('.decision')).textContent ?? '';
      expect(decision).toContain('Decision the plan implies: Stop for efficacy.');
      expect(decision).toContain('z = 3.400 ≥ 3.050');
      expect(element.textContent).toContain('upper boundary crossed');
      expect(element.textContent).toContain('0.871 (95% CI 0.673 to 0.995)'); // AUC with CI
      expect(element.textContent).toContain('Specificity');
      expect(element.textContent).toContain('Calibration slope');
      expect(element.textContent).toContain('demo-dmc');
    },
    SLOW,
  );

  it(
    'states "consider stopping for futility" when the futility bound fires',
    async () => {
      const { element } = await openResult(
        ['dmc'],
        analysisResult(
          'consider-stopping-for-futility',
          0.2,
          'z = 0.200 < 0.456, the β-spending futility bound of this look (non-binding).',
        ),
      );
      const decision = must(element.querySelector('.decision')).textContent ?? '';
      expect(decision).toContain('Decision the plan implies: Consider stopping for futility.');
      expect(element.textContent).toContain('consider stopping when z < 0.456');
    },
    SLOW,
  );

  it(
    'states "continue" when no boundary is crossed, and reproduces the look',
    async () => {
      const { fixture, http, element } = await openResult(
        ['dmc'],
        analysisResult('continue', 1.3224, 'z = 1.322 < 3.050: no boundary crossed; continue.'),
      );
      expect(must(element.querySelector('.decision')).textContent).toContain(
        'Decision the plan implies: Continue the trial.',
      );
      expect(element.textContent).toContain('z = 1.322');
      button(element, 'Reproduce from the snapshot').click();
      const reproduce = http.expectOne(`${BASE}/reproduction`);
      expect(reproduce.request.method).toBe('POST');
      reproduce.flush({
        lookNumber: 1,
        snapshotSha256: LOOK.snapshotSha256,
        snapshotIntact: true,
        storedResultSha256: LOOK.resultSha256,
        recomputedResultSha256: LOOK.resultSha256,
        identical: true,
      });
      await tick(fixture);
      expect(element.textContent).toContain('Reproduced: the recomputed result is identical.');
    },
    SLOW,
  );

  it(
    'gives the monitor the access log but no result',
    async () => {
      const { http, element } = await render(['monitor']);
      http.expectOne(`${BASE}/access-log`).flush([]);
      expect(element.textContent).not.toContain('Open the unblinded result');
      expect(http.match((request) => UNBLINDED.test(request.url))).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'asks the coordinator for neither result nor access log',
    async () => {
      const { http } = await render(['coordinator']);
      expect(
        http.match((request) => UNBLINDED.test(request.url) || request.url.endsWith('/access-log')),
      ).toHaveLength(0);
      http.verify();
    },
    SLOW,
  );
});
