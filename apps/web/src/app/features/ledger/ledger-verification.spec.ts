import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { LedgerVerification } from '@prospect/web-data-access/ledger';
import { LedgerVerificationPanel } from './ledger-verification';

const REPORT: LedgerVerification = {
  ok: true,
  kind: 'ledger-export',
  trialCode: 'MM',
  summary: {
    entries: 39,
    predictionLocks: 38,
    keyRotations: 1,
    treeHeads: 2,
    cosignatures: 0,
    inclusionProofs: 39,
    consistencyProofs: 1,
    openingsRevealed: 38,
    openingsVerified: 38,
    initialKeyId: 'a1'.repeat(32),
    latestTreeSize: 39,
    latestRootHash: 'd9'.repeat(32),
  },
  failures: [],
  deviations: [],
  databaseChecks: { locks: 38, predictions: 38, keys: 1, leafHashes: 39 },
};

async function verifyWith(report: LedgerVerification): Promise<HTMLElement> {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  const http = TestBed.inject(HttpTestingController);
  const fixture: ComponentFixture<LedgerVerificationPanel> = TestBed.createComponent(LedgerVerificationPanel);
  fixture.componentRef.setInput('trialCode', 'MM');
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  const button = el.querySelector('button');
  expect(button?.textContent?.trim()).toBe('Verify the ledger');
  button?.click();
  http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/ledger/verify' }).flush(report);
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  http.verify();
  return el;
}

const checks = (el: HTMLElement): string[] =>
  Array.from(el.querySelectorAll('[aria-label="Verification checks"] > li')).map(
    (item) => item.textContent?.replace(/\s+/g, ' ').trim() ?? '',
  );

describe('LedgerVerificationPanel', () => {
  it('shows a passing report as every check passed', async () => {
    const el = await verifyWith(REPORT);
    expect(el.querySelector('[role="status"].notice')?.textContent).toContain(
      'Ledger verified: all 10 checks passed',
    );
    const lines = checks(el);
    expect(lines).toHaveLength(10);
    expect(lines.every((line) => line.startsWith('Pass: '))).toBe(true);
    expect(lines).toContain(
      'Pass: Prediction commitments open to the locked predictions — 38 of 38 openings verified',
    );
    expect(el.querySelector('table')).toBeNull();
    expect(el.querySelector('button')?.textContent?.trim()).toBe('Verify again');
  });

  it('names every failure under its check, and the declared deviations', async () => {
    const el = await verifyWith({
      ...REPORT,
      ok: false,
      failures: [
        { check: 'root-mismatch', line: 41, message: 'tree head of size 39: root differs from the entries' },
        {
          check: 'database-lock-mismatch',
          index: 12,
          message: 'entry 12: the database lock differs from the log',
        },
      ],
      deviations: [
        {
          index: 5,
          subjectId: 'MM-005',
          lockedAt: '2026-11-28T05:09:40.000Z',
          treatmentStartAt: '2026-11-27',
          source: 'MedicationAdministration/9',
        },
      ],
    });
    const notice = el.querySelector('.notice--error');
    expect(notice?.textContent).toContain('Verification failed: 2 failures in 2 checks');
    const lines = checks(el);
    const failed = lines.filter((line) => line.startsWith('Fail: '));
    expect(failed).toHaveLength(2);
    expect(failed[0]).toContain('Signed tree heads verify and match the entries');
    expect(failed[0]).toContain(
      'root-mismatch (line 41) : tree head of size 39: root differs from the entries',
    );
    expect(failed[1]).toContain('Database rows match the log');
    expect(failed[1]).toContain('database-lock-mismatch (entry 12)');
    expect(lines.find((line) => line.includes('locked before treatment'))).toContain('1 declared deviation');
    const deviations = el.querySelector('table');
    expect(deviations?.querySelector('caption')?.textContent).toContain('Declared deviations');
    expect(deviations?.querySelector('tbody tr')?.textContent).toContain('MM-005');
  });

  it('shows the refusal when the API refuses', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LedgerVerificationPanel);
    fixture.componentRef.setInput('trialCode', 'MM');
    fixture.detectChanges();
    (fixture.nativeElement as HTMLElement).querySelector('button')?.click();
    http
      .expectOne('/api/v1/trials/MM/ledger/verify')
      .flush(
        { status: 403, code: 'FORBIDDEN', title: 'Forbidden', detail: 'No role for this.', errors: [] },
        { status: 403, statusText: 'Forbidden' },
      );
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain(
      'No role for this.',
    );
  });
});
