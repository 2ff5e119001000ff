import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type Signature } from '@prospect/web-data-access/submission';
import { SignaturesPage } from './signatures-page';
import { provideHttpTesting, provideTrialContext, settle } from '../../../testing';

const signature = (id: string, overrides: Partial<Signature> = {}): Signature => ({
  id,
  signerId: 'u1',
  signerUsername: 'demo-statistician',
  printedName: 'Demo statistician',
  signedAt: '2026-11-28T05:09:55.282Z',
  meaning: 'authorship',
  statement: 'Sign the interim analysis of MM, look 1',
  recordType: 'analysis',
  recordId: `r-${id}`,
  recordSha256: 'eb'.repeat(32),
  trialId: 't1',
  ...overrides,
});

describe('SignaturesPage', () => {
  it('lists every signature and shows whether each verifies', async () => {
    TestBed.configureTestingModule({
      providers: [...provideHttpTesting(), provideTrialContext(['monitor'], 'MM')],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SignaturesPage);
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/signatures' }).flush([
      signature('s1'),
      signature('s2', {
        printedName: 'Demo regulatory',
        signerUsername: 'demo-regulatory',
        meaning: 'approval',
        recordType: 'submission-package',
        statement: 'Sign submission package 1',
      }),
    ]);
    await settle(fixture);
    http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/signatures/s1/verification' }).flush({
      signatureId: 's1',
      valid: true,
      recordType: 'analysis',
      recordId: 'r-s1',
      signedSha256: 'eb'.repeat(32),
      currentSha256: 'eb'.repeat(32),
      reason: 'the record is unchanged',
    });
    http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/signatures/s2/verification' }).flush({
      signatureId: 's2',
      valid: false,
      recordType: 'submission-package',
      recordId: 'r-s2',
      signedSha256: 'eb'.repeat(32),
      currentSha256: '00'.repeat(32),
      reason: 'the record changed after signing',
    });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const rows = Array.from(el.querySelectorAll('tbody tr')).map(
      (row) => row.textContent?.replace(/\s+/g, ' ') ?? '',
    );
    expect(rows[0]).toContain('Demo statistician (demo-statistician)');
    expect(rows[0]).toContain('authorship');
    expect(rows[0]).toContain('Interim analysis');
    expect(rows[0]).toContain('Verifies');
    expect(rows[1]).toContain('Submission package');
    expect(rows[1]).toContain('Does not verify');
    expect(rows[1]).toContain('the record changed after signing');
    expect(el.querySelector('p[role="status"]')?.textContent).toContain(
      '1 of 2 signatures verify; 1 do not.',
    );

    el.querySelector<HTMLButtonElement>(
      'tbody tr button[aria-label^="Verify the signature by Demo statistician"]',
    )?.click();
    http.expectOne('/api/v1/trials/MM/signatures/s1/verification').flush(
      {
        status: 404,
        code: 'SIGNATURE_NOT_FOUND',
        title: 'Not found',
        detail: 'No signature s1.',
        errors: [],
      },
      { status: 404, statusText: 'Not Found' },
    );
    await settle(fixture);
    expect(el.querySelector('tbody tr [role="alert"]')?.textContent).toContain('No signature s1.');
    http.verify();
  });
});
