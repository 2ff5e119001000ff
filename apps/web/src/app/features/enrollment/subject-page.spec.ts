import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { type TrialRole } from '@prospect/web-data-access';
import { SubjectPage } from './subject-page';
import { ENROLLMENT } from './spec-helpers';
import { provideHttpTesting, provideTrialContext } from '../../../testing';

const BASE = '/api/v1/trials/MM-RAD-01/enrollments/MM-RAD-01-HD01-0009';

describe('SubjectPage', () => {
  let http: HttpTestingController;

  async function open(roles: TrialRole[], lock: unknown = null) {
    TestBed.configureTestingModule({
      providers: [...provideHttpTesting(), provideTrialContext(roles)],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SubjectPage);
    fixture.componentRef.setInput('subjectId', 'MM-RAD-01-HD01-0009');
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectOne(BASE).flush(ENROLLMENT);
    http
      .expectOne(`${BASE}/baseline-history`)
      .flush([{ ...ENROLLMENT.baseline, version: 1, changes: null }, ENROLLMENT.baseline]);
    http.expectOne(`${BASE}/baseline-images`).flush([]);
    http.expectOne(`${BASE}/predictions`).flush([]);
    const lockRequest = http.expectOne(`${BASE}/lock`);
    if (lock) lockRequest.flush(lock);
    else
      lockRequest.flush(
        { code: 'NOT_LOCKED', detail: 'Not locked' },
        { status: 404, statusText: 'Not Found' },
      );
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => http.verify());

  it('shows the issues with how to resolve each, the baseline link and its history', async () => {
    const root = await open(['coordinator']);
    const text = root.textContent ?? '';
    expect(root.querySelector('h1')?.textContent).toContain('MM-RAD-01-HD01-0009');
    expect(text).toContain('Open issues (2)');
    const issues = Array.from(root.querySelectorAll('.issues li')).map((li) => li.textContent ?? '');
    expect(issues[0]).toContain('Blocking');
    expect(issues[0]).toContain('Covariate “iss_stage”');
    expect(issues[0]).toContain('Have the missing value recorded');
    expect(issues[1]).toContain('Warning');
    expect(text).toContain('2.25.1234');
    expect(text).toContain('Planned');
    expect(text).toContain('63 a');
    expect(text).toContain('No value');
    expect(text).toContain('treatmentStart.status');
    // Coordinators act: actions, upload and lock.
    expect(root.querySelector('#actions-title')).not.toBeNull();
    expect(root.querySelector('#upload-image')).not.toBeNull();
    expect(
      Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.includes('Lock the prediction')),
    ).toBe(true);
  });

  it('is read-only for monitors: no actions, no upload, no lock request', async () => {
    const root = await open(['monitor']);
    expect(root.textContent).toContain('Read-only');
    expect(root.textContent).toContain('Open issues (2)');
    expect(root.textContent).toContain('Not locked.');
    expect(root.querySelector('#actions-title')).toBeNull();
    expect(root.querySelector('#upload-image')).toBeNull();
    expect(root.querySelector('#withdraw-reason')).toBeNull();
    expect(
      Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.includes('Lock the prediction')),
    ).toBe(false);
  });

  it('shows a lock with hashes and the commitment, never a prediction value', async () => {
    const root = await open(['coordinator'], {
      subjectId: 'MM-RAD-01-HD01-0009',
      leafIndex: 12,
      lockedAt: '2026-11-22T10:00:00.000Z',
      protocolVersion: 1,
      modelSha256: 'a'.repeat(64),
      imageSha256: 'b'.repeat(64),
      maskSha256: 'c'.repeat(64),
      featuresSha256: 'd'.repeat(64),
      inputsSha256: 'e'.repeat(64),
      featureSettingsSha256: 'f'.repeat(64),
      threshold: 0.5,
      treatmentStartKnown: { at: '2026-12-07', status: 'planned', source: null },
      predictionCommitment: { algorithm: 'sha256-salted-canonical-json', digest: '9'.repeat(64) },
      baselineLinkVersion: 2,
      inPrimaryAnalysis: true,
      deviation: null,
      fhirWriteBack: null,
      // Were the API ever to send the value, the screen must not show it.
      prediction: { probability: 0.8731, predictedClass: 1, explanation: {} },
    });
    const text = root.textContent ?? '';
    expect(text).toContain('Entry 12 of the ledger');
    expect(root.querySelector(`[title="${'9'.repeat(64)}"]`)).not.toBeNull();
    expect(text).not.toContain('0.8731');
    expect(text).not.toContain('Request the prediction');
    // Locked: the baseline image can no longer be replaced.
    expect(root.querySelector('#upload-image')).toBeNull();
  });
});
