import { jest } from '@jest/globals';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { RECEIPT_CRYPTO } from '@prospect/web-data-access/enrollment';
import { DEMO_RECEIPT, DEMO_TRUST_ANCHOR as ANCHOR, nodeSubtle } from '@prospect/web-data-access/testing';
import { LockPanel } from './lock-panel';

const BASE = '/api/v1/trials/MM-RAD-01';
const SUBJECT = 'MM-RAD-01-HD01-0001';
const LOCK = {
  subjectId: SUBJECT,
  leafIndex: 1,
  lockedAt: '2026-11-28T05:09:50.161Z',
  protocolVersion: 1,
  modelSha256: DEMO_RECEIPT.entry.modelSha256,
  imageSha256: DEMO_RECEIPT.entry.imageSha256,
  maskSha256: DEMO_RECEIPT.entry.maskSha256,
  featuresSha256: DEMO_RECEIPT.entry.featuresSha256,
  inputsSha256: DEMO_RECEIPT.entry.inputsSha256,
  featureSettingsSha256: DEMO_RECEIPT.entry.featureSettingsSha256,
  threshold: 0.5,
  treatmentStartKnown: DEMO_RECEIPT.entry.treatmentStartKnown,
  predictionCommitment: DEMO_RECEIPT.entry.predictionCommitment,
  baselineLinkVersion: 1,
  inPrimaryAnalysis: true,
  deviation: null,
  fhirWriteBack: null,
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Waits (in real time) until the panel shows `text`; Node's crypto runs off the main thread. */
async function waitForText(
  fixture: { detectChanges(): void; nativeElement: HTMLElement },
  text: string,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    fixture.detectChanges();
    if (fixture.nativeElement.textContent?.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`"${text}" never appeared: ${fixture.nativeElement.textContent}`);
}

describe('LockPanel', () => {
  let http: HttpTestingController;

  function create(subtle: SubtleCrypto | null, lock: unknown, canLock = true) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RECEIPT_CRYPTO, useValue: subtle },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LockPanel);
    fixture.componentRef.setInput('trialCode', 'MM-RAD-01');
    fixture.componentRef.setInput('subjectId', SUBJECT);
    fixture.componentRef.setInput('lock', lock);
    fixture.componentRef.setInput('canLock', canLock);
    fixture.detectChanges();
    return fixture;
  }

  function button(root: HTMLElement, text: string): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.includes(text));
    if (!found) throw new Error(`no button "${text}"`);
    return found;
  }

  afterEach(() => jest.useRealTimers());

  it('requests the lock, follows the job and reports a refusal when treatment had started', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    const fixture = create(null, null);
    const changed = jest.fn();
    fixture.componentInstance.changed.subscribe(changed);
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Lock the prediction').click();
    const post = http.expectOne(`${BASE}/enrollments/${SUBJECT}/lock`);
    expect(post.request.method).toBe('POST');
    post.flush(
      { id: 'job-1', kind: 'prediction-lock', status: 'queued', attempts: 0, error: null, result: null },
      { status: 202, statusText: 'Accepted' },
    );
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(0);
    http
      .expectOne(`${BASE}/jobs/job-1`)
      .flush({ id: 'job-1', status: 'running', attempts: 1, error: null, result: null });
    fixture.detectChanges();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Lock job: Running');
    expect(button(root, 'Lock the prediction').disabled).toBe(true);
    jest.advanceTimersByTime(1000);
    http.expectOne(`${BASE}/jobs/job-1`).flush({
      id: 'job-1',
      status: 'succeeded',
      attempts: 1,
      error: null,
      result: {
        enrollments: 1,
        processed: 1,
        locked: 0,
        alreadyLocked: 0,
        withoutBaselineImage: 0,
        notReady: [],
        notPredicted: 0,
        refusedTreatmentStarted: [
          {
            subjectId: SUBJECT,
            problems: ['Treatment started 2026-11-27 (MedicationAdministration/7), before the lock time.'],
          },
        ],
      },
    });
    fixture.detectChanges();
    expect(root.textContent).toContain('Refused: treatment had already started');
    expect(root.textContent).toContain('MedicationAdministration/7');
    expect(changed).toHaveBeenCalled();
    jest.advanceTimersByTime(5000);
    http.expectNone(`${BASE}/jobs/job-1`);
  });

  it('downloads the receipt and verifies it in the browser with Web Crypto', async () => {
    const fixture = create(nodeSubtle, LOCK);
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Verify receipt').click();
    http.expectOne(`${BASE}/enrollments/${SUBJECT}/lock/receipt`).flush(JSON.stringify(DEMO_RECEIPT));
    http.expectOne(`${BASE}/ledger`).flush(ANCHOR);
    await waitForText(fixture, 'Receipt verified in this browser');
    const text = root.textContent ?? '';
    expect(text).toContain('Receipt verified in this browser');
    expect(text).toContain('independently of the server');
    expect(root.querySelectorAll('.checks li')).toHaveLength(7);
    expect(text).not.toContain('Fail');
    http.expectNone(`${BASE}/ledger/verify`);
  });

  it('says the receipt does not verify when it was tampered with', async () => {
    const fixture = create(nodeSubtle, LOCK);
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Verify receipt').click();
    const tampered = { ...DEMO_RECEIPT, entry: { ...DEMO_RECEIPT.entry, threshold: 0.4 } };
    http.expectOne(`${BASE}/enrollments/${SUBJECT}/lock/receipt`).flush(JSON.stringify(tampered));
    http.expectOne(`${BASE}/ledger`).flush(ANCHOR);
    await waitForText(fixture, 'Receipt does NOT verify');
    expect(root.textContent).toContain('The inclusion proof does not lead from entry 1');
  });

  it('falls back to the server’s verification, and says so, without Web Crypto', async () => {
    const fixture = create(null, LOCK);
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Verify receipt').click();
    http.expectOne(`${BASE}/enrollments/${SUBJECT}/lock/receipt`).flush(JSON.stringify(DEMO_RECEIPT));
    http.expectOne(`${BASE}/ledger`).flush(ANCHOR);
    let verify = http.match(`${BASE}/ledger/verify`);
    for (let i = 0; i < 20 && verify.length === 0; i++) {
      await settle();
      verify = http.match(`${BASE}/ledger/verify`);
    }
    expect(verify).toHaveLength(1);
    verify[0]?.flush({
      ok: true,
      trialCode: 'MM-RAD-01',
      summary: {},
      failures: [],
      deviations: [],
      databaseChecks: {},
    });
    await waitForText(fixture, 'Server verification');
    expect(root.textContent).toContain('This browser cannot verify the receipt itself');
    expect(root.textContent).toContain('not an independent check');
    expect(root.textContent).toContain('Server verification: the ledger verifies');
  });

  it('offers no lock request to those who may not lock', () => {
    const fixture = create(null, null, false);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('Not locked.');
    expect(
      Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.includes('Lock the prediction')),
    ).toBe(false);
  });
});
