import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SessionStore, type TrialRole } from '@prospect/web-data-access';
import { canonicalJson, type SubmissionPackage } from '@prospect/web-data-access/submission';
import { createHash, webcrypto } from 'node:crypto';
import { PackageDetailPage } from './package-detail-page';
import { enter, provideHttpTesting, provideTrialContext, settle } from '../../../testing';

const BASE = '/api/v1/trials/MM/submission-packages/1';

const PACKAGE: SubmissionPackage = {
  packageNumber: 1,
  requestedAt: '2026-11-28T05:09:56.138Z',
  requestedBy: 'u1',
  status: 'built',
  jobId: 'job-1',
  manifestSha256: '7e'.repeat(32),
  builtAt: '2026-11-28T05:09:56.714Z',
  manifest: {
    format: 'prospect.submission-package/1',
    trialCode: 'MM',
    protocolVersion: 1,
    builtAt: '2026-11-28T05:09:56.153Z',
    files: [
      { path: 'audit/audit-trail.json', bytes: 385275, sha256: '2d'.repeat(32) },
      { path: 'datasets/adam/adsl.xpt', bytes: 8000, sha256: 'ad'.repeat(32) },
      { path: 'datasets/define.xml', bytes: 12000, sha256: 'de'.repeat(32) },
      { path: 'datasets/sdtm/dm.json', bytes: 3000, sha256: 'dj'.repeat(32) },
      { path: 'datasets/sdtm/dm.xpt', bytes: 4000, sha256: 'dx'.repeat(32) },
      { path: 'ledger/ledger.jsonl', bytes: 50000, sha256: '1e'.repeat(32) },
      { path: 'report/report.html', bytes: 90000, sha256: 'rh'.repeat(32) },
      { path: 'report/report.pdf', bytes: 200000, sha256: 'rp'.repeat(32) },
      { path: 'results/analysis-look-1.json', bytes: 700, sha256: 'r1'.repeat(32) },
    ],
  },
  signatures: [],
};

const SIGNATURE = {
  id: 's1',
  signerId: 'u2',
  signerUsername: 'demo-regulatory',
  printedName: 'Demo regulatory',
  signedAt: '2026-11-28T05:30:00.000Z',
  meaning: 'approval' as const,
  statement: 'Sign submission package 1 of MM (manifest 7e7e7e7e7e7e…)',
  recordType: 'submission-package',
  recordId: 'p1',
  recordSha256: 'f0'.repeat(32),
  trialId: 't1',
};

async function setup(roles: TrialRole[], pkg: SubmissionPackage = PACKAGE) {
  TestBed.configureTestingModule({
    providers: [
      ...provideHttpTesting(),
      provideTrialContext(roles, 'MM'),
      { provide: SessionStore, useValue: { isAdmin: () => false } },
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(PackageDetailPage);
  fixture.componentRef.setInput('packageNumber', '1');
  fixture.detectChanges();
  http.expectOne({ method: 'GET', url: BASE }).flush(pkg);
  await settle(fixture);
  return { fixture, http, el: fixture.nativeElement as HTMLElement };
}

describe('PackageDetailPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows the manifest grouped by folder with every file’s path, kind, size and SHA-256', async () => {
    const { el } = await setup(['monitor']);
    expect(el.querySelector('h1')?.textContent).toContain('Submission package 1');
    const captions = Array.from(el.querySelectorAll('app-manifest-groups caption strong')).map(
      (caption) => caption.textContent,
    );
    expect(captions).toEqual([
      'Dataset definitions and reviewer’s guide',
      'CDISC SDTM datasets',
      'CDISC ADaM datasets',
      'Trial report',
      'Analysis results',
      'Ledger and proofs',
      'Audit trail',
    ]);
    const sdtm = Array.from(el.querySelectorAll('app-manifest-groups table'))[1];
    const rows = Array.from(sdtm?.querySelectorAll('tbody tr') ?? []).map(
      (row) => row.textContent?.replace(/\s+/g, ' ') ?? '',
    );
    expect(rows[0]).toContain('dm.json');
    expect(rows[0]).toContain('Dataset-JSON');
    expect(rows[0]).toContain('2.9 KB');
    expect(rows[1]).toContain('SAS transport (XPT)');
    expect(sdtm?.querySelector('code.hash')?.getAttribute('title')).toBe('dj'.repeat(32));
    expect(el.textContent).toContain('prospect verify MM-submission-package-1');
  });

  it('lets a monitor download but not sign', async () => {
    const { el } = await setup(['monitor']);
    expect(el.textContent).toContain('Download the package');
    expect(el.querySelector('app-signature-form')).toBeNull();
    expect(el.textContent).toContain('Not signed yet.');
  });

  it('downloads one file as a blob saved under the Content-Disposition name', async () => {
    const names: string[] = [];
    const original = {
      create: URL.createObjectURL,
      revoke: URL.revokeObjectURL,
      click: HTMLAnchorElement.prototype.click,
    };
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => undefined;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      names.push(this.download);
    };
    try {
      const { fixture, http, el } = await setup(['regulatory']);
      el.querySelector<HTMLButtonElement>('button[aria-label="Download datasets/define.xml"]')?.click();
      const request = http.expectOne((candidate) => candidate.url === `${BASE}/file`);
      expect(request.request.params.get('path')).toBe('datasets/define.xml');
      expect(request.request.responseType).toBe('blob');
      request.flush(new Blob(['<ODM/>']), {
        headers: { 'Content-Disposition': 'attachment; filename="define.xml"' },
      });
      await settle(fixture);
      expect(names).toEqual(['define.xml']);
      expect(el.querySelector('.notice--good')?.textContent).toContain('Saved define.xml.');
    } finally {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke ?? ((): void => undefined);
      HTMLAnchorElement.prototype.click = original.click;
    }
  });

  it('downloads the whole package as a checked ZIP with progress', async () => {
    const texts: Record<string, string> = {
      'datasets/define.xml': '<ODM/>',
      'report/report.html': '<html></html>',
    };
    const small: SubmissionPackage = {
      ...PACKAGE,
      manifest: {
        ...(PACKAGE.manifest as NonNullable<SubmissionPackage['manifest']>),
        files: Object.entries(texts).map(([path, text]) => ({
          path,
          bytes: text.length,
          sha256: createHash('sha256').update(text).digest('hex'),
        })),
      },
    };
    (small as { manifestSha256: string }).manifestSha256 = createHash('sha256')
      .update(canonicalJson(small.manifest))
      .digest('hex');
    const crypto = globalThis.crypto as { subtle?: unknown };
    const originalSubtle = crypto.subtle;
    Object.defineProperty(crypto, 'subtle', {
      value: {
        digest: (algorithm: string, data: ArrayBuffer) =>
          webcrypto.subtle.digest(algorithm, Buffer.from(new Uint8Array(data))),
      },
      configurable: true,
    });
    const saved: string[] = [];
    const original = {
      create: URL.createObjectURL,
      revoke: URL.revokeObjectURL,
      click: HTMLAnchorElement.prototype.click,
    };
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => undefined;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push(this.download);
    };
    try {
      const { fixture, http, el } = await setup(['monitor'], small);
      await settle(fixture);
      // the manifest's canonical JSON re-hashed in the browser matches the signed hash
      expect(el.querySelector('.facts')?.textContent).toContain('Matches the manifest shown');
      Array.from(el.querySelectorAll('button'))
        .find((button) => button.textContent?.includes('Download the package'))
        ?.click();
      await settle(fixture);
      expect(el.querySelector('label[for="archive-progress"]')?.textContent).toContain('0 of 2');
      for (const [path, text] of Object.entries(texts)) {
        const buffer = new ArrayBuffer(text.length);
        new Uint8Array(buffer).set(new TextEncoder().encode(text));
        http
          .expectOne((candidate) => candidate.url === `${BASE}/file` && candidate.params.get('path') === path)
          .flush(buffer);
      }
      await settle(fixture);
      await settle(fixture);
      expect(saved).toEqual(['MM-submission-package-1.zip']);
      expect(el.querySelector('.notice--good')?.textContent).toContain(
        '2 files, each matching its SHA-256 in the manifest',
      );
    } finally {
      Object.defineProperty(crypto, 'subtle', { value: originalSubtle, configurable: true });
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke ?? ((): void => undefined);
      HTMLAnchorElement.prototype.click = original.click;
    }
  });

  it('lets regulatory staff sign the manifest with password and meaning', async () => {
    const { fixture, http, el } = await setup(['regulatory']);
    await settle(fixture);
    const form = el.querySelector('app-signature-form');
    expect(form?.textContent).toContain('7e'.repeat(32));
    const meaning = el.querySelector<HTMLSelectElement>('select[name="meaning"]');
    expect(meaning?.value).toBe('approval');
    enter(meaning, 'responsibility', 'change');
    const password = el.querySelector<HTMLInputElement>('input[type="password"]');
    enter(password, 'my password');
    await settle(fixture);
    Array.from(el.querySelectorAll('button'))
      .find((button) => button.textContent?.trim() === 'Sign the manifest')
      ?.click();
    const request = http.expectOne({ method: 'POST', url: `${BASE}/signatures` });
    expect(request.request.body).toEqual({ password: 'my password', meaning: 'responsibility' });
    request.flush({ ...PACKAGE, signatures: [SIGNATURE] });
    await settle(fixture);
    expect(el.querySelector('app-package-signatures tbody')?.textContent).toContain('Demo regulatory');
    expect(el.querySelector('.notice--good')?.textContent).toContain(
      'Signed the manifest of package 1 (responsibility)',
    );
  });

  it('shows a refused signature with the API’s reason', async () => {
    const { fixture, http, el } = await setup(['regulatory']);
    await settle(fixture);
    const password = el.querySelector<HTMLInputElement>('input[type="password"]');
    enter(password, 'wrong');
    await settle(fixture);
    Array.from(el.querySelectorAll('button'))
      .find((button) => button.textContent?.trim() === 'Sign the manifest')
      ?.click();
    http.expectOne({ method: 'POST', url: `${BASE}/signatures` }).flush(
      {
        status: 401,
        code: 'SIGNATURE_REFUSED',
        title: 'Unauthorized',
        detail: 'The password is wrong.',
        errors: [],
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The password is wrong.');
  });

  it('offers no signing before the package is built', async () => {
    const { fixture, el } = await setup(['regulatory'], {
      ...PACKAGE,
      status: 'failed',
      manifest: null,
      manifestSha256: null,
    });
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/v1/trials/MM/jobs/job-1').flush({
      id: 'job-1',
      kind: 'submission-package',
      status: 'failed',
      subjectId: null,
      attempts: 3,
      error: 'disk full',
      result: null,
      createdAt: '2026-11-28T05:09:56.138Z',
      startedAt: null,
      finishedAt: null,
    });
    await settle(fixture);
    expect(el.querySelector('app-signature-form')).toBeNull();
    expect(el.textContent).not.toContain('Download the package');
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('disk full');
  });
});
