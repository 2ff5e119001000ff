import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { SessionStore, type TrialRole } from '@prospect/web-data-access';
import { TrialOverviewPage } from './trial-overview-page';
import { el, provideTrialContext } from '../../../testing';

const BASE = '/api/v1/trials/MM-RAD-01';
const TRIAL = {
  id: 't',
  code: 'MM-RAD-01',
  title: 'Whole-body MRI to predict MRD negativity',
  indication: 'multiple-myeloma',
  createdAt: '2026-11-01T00:00:00Z',
  sites: [{ id: 's', code: 'HD01', name: 'Heidelberg', createdAt: '2026-11-01T00:00:00Z' }],
  protocolInForce: 1,
  latestProtocolVersion: 2,
};
const VERSION = (version: number, status: string) => ({
  id: `v${version}`,
  version,
  status,
  contentSha256: String(version).repeat(64),
  endpointType: 'mrd',
  decisionThreshold: 0.5,
  plannedSampleSize: 40,
  amendmentReason: version > 1 ? 'Add a site' : null,
  createdAt: '2026-11-01T00:00:00Z',
  createdBy: 'u',
  approval:
    status === 'approved'
      ? { approvedAt: '2026-11-02T00:00:00Z', approvedBy: 'u', signatureId: 'sig' }
      : null,
  content: { schemaVersion: 1, model: { name: `model-v${version}` } },
});
const FLOW = {
  enrolled: 38,
  notLocked: 0,
  locked: 38,
  outcome: { observed: 38 },
  withOutcome: 38,
  analysedPrimary: 38,
  analysedSensitivity: 38,
  excludedFromPrimary: 0,
  exclusions: {},
};

describe('TrialOverviewPage', () => {
  let http: HttpTestingController;

  async function open(roles: TrialRole[], isAdmin: boolean) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTrialContext(roles),
        { provide: SessionStore, useValue: { me: signal({ isAdmin }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TrialOverviewPage);
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectOne(BASE).flush(TRIAL);
    http.expectOne(`${BASE}/protocol-versions`).flush([VERSION(1, 'approved'), VERSION(2, 'draft')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return fixture;
  }

  async function render(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('shows summary, sites, versions, progress and flow to a trial role, with no admin actions', async () => {
    const fixture = await open(['statistician'], false);
    http.expectOne(`${BASE}/progress`).flush({
      trialCode: 'MM-RAD-01',
      plannedSampleSize: 40,
      plannedLooks: [],
      flow: FLOW,
      informationFraction: 0.95,
      completeness: 1,
      outcomesAwaitingAdjudication: 0,
      nextLook: null,
    });
    http.expectOne(`${BASE}/flow`).flush(FLOW);
    await render(fixture);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('h1')?.textContent).toContain('Whole-body MRI');
    const text = root.textContent ?? '';
    expect(text).toContain('version 1');
    expect(text).toContain('(latest draft: version 2)');
    expect(text).toContain('Heidelberg');
    expect(text).toContain('38 of 40 planned');
    expect(text).toContain('95.0 %');
    expect(root.querySelector('[data-stage="enrolled"]')?.textContent).toContain('n = 38');
    expect(root.querySelector('#site-code')).toBeNull();
    expect(root.querySelector('app-signature-form')).toBeNull();
    http.verify();
  });

  it('lets the admin add a site, view the protocol JSON and approve the draft with a signature', async () => {
    const fixture = await open([], true);
    await render(fixture);
    const root = fixture.nativeElement as HTMLElement;
    http.expectNone(`${BASE}/progress`);

    const show = Array.from(root.querySelectorAll('button')).find((b) =>
      b.textContent?.includes('Show protocol v2'),
    );
    expect(show).toBeDefined();
    show?.click();
    await render(fixture);
    expect(root.querySelector('pre')?.textContent).toContain('"name": "model-v2"');

    const code = el<HTMLInputElement>(root, '#site-code');
    code.value = 'mz03';
    code.dispatchEvent(new Event('input'));
    const name = el<HTMLInputElement>(root, '#site-name');
    name.value = 'Mainz';
    name.dispatchEvent(new Event('input'));
    await render(fixture);
    el(root, 'form[aria-labelledby="add-site-title"]').dispatchEvent(new Event('submit'));
    const add = http.expectOne(`${BASE}/sites`);
    expect(add.request.body).toEqual({ code: 'MZ03', name: 'Mainz' });
    add.flush({ id: 's2', code: 'MZ03', name: 'Mainz', createdAt: '2026-11-28T00:00:00Z' });
    await render(fixture);
    expect(root.textContent).toContain('Site MZ03 (Mainz) added.');

    expect(root.textContent).toContain('Approve protocol version 2');
    const password = el<HTMLInputElement>(root, 'app-signature-form input[type="password"]');
    password.value = 'admin-password';
    password.dispatchEvent(new Event('input'));
    await render(fixture);
    el<HTMLFormElement>(root, 'app-signature-form form').dispatchEvent(new Event('submit'));
    const approve = http.expectOne(`${BASE}/protocol-versions/2/approve`);
    expect(approve.request.body).toEqual({ password: 'admin-password' });
    approve.flush(VERSION(2, 'approved'));
    await render(fixture);
    expect(root.textContent).toContain('Protocol version 2 is approved and in force.');
    http.expectOne(BASE).flush({ ...TRIAL, protocolInForce: 2 });
    http.expectOne(`${BASE}/protocol-versions`).flush([VERSION(1, 'approved'), VERSION(2, 'approved')]);
  });
});
