import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { EnrollmentApi, baselineImageForm } from './enrollment.api';

const BASE = '/api/v1/trials/MM-RAD-01';

describe('EnrollmentApi', () => {
  let api: EnrollmentApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(EnrollmentApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('searches candidates with the given criteria only', async () => {
    const result = firstValueFrom(
      api.candidates('MM-RAD-01', {
        conditionCode: 'http://snomed.info/sct|109989006',
        name: '  ',
        birthDate: '1960',
      }),
    );
    const request = http.expectOne((req) => req.url === `${BASE}/candidates`);
    expect(request.request.method).toBe('GET');
    expect(request.request.params.keys().sort()).toEqual(['birthDate', 'conditionCode']);
    expect(request.request.params.get('conditionCode')).toBe('http://snomed.info/sct|109989006');
    request.flush([]);
    await expect(result).resolves.toEqual([]);
  });

  it('enrolls with the patient, the site and a planned start', async () => {
    const body = {
      patientReference: 'Patient/1',
      siteCode: 'HD01',
      plannedTreatmentStart: { at: '2026-12-07', reason: 'First infusion booked' },
    };
    void firstValueFrom(api.enroll('MM-RAD-01', body));
    const request = http.expectOne(`${BASE}/enrollments`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual(body);
    request.flush({});
  });

  it('posts jobs for one subject: sync, prediction, planned start, withdrawal', () => {
    void firstValueFrom(api.sync('MM-RAD-01', 'S-1'));
    expect(http.expectOne(`${BASE}/syncs`).request.body).toEqual({ subjectId: 'S-1' });
    void firstValueFrom(api.sync('MM-RAD-01', null));
    expect(http.expectOne(`${BASE}/syncs`).request.body).toEqual({});
    void firstValueFrom(api.requestPrediction('MM-RAD-01', 'S-1'));
    expect(http.expectOne(`${BASE}/predictions`).request.body).toEqual({ subjectId: 'S-1' });
    void firstValueFrom(
      api.planTreatmentStart('MM-RAD-01', 'S-1', { plannedAt: '2026-12-07', reason: 'Booked' }),
    );
    expect(http.expectOne(`${BASE}/enrollments/S-1/planned-treatment-start`).request.body).toEqual({
      plannedAt: '2026-12-07',
      reason: 'Booked',
    });
    void firstValueFrom(
      api.withdraw('MM-RAD-01', 'S-1', { withdrawnOn: '2027-01-02', reason: 'Moved away' }),
    );
    expect(http.expectOne(`${BASE}/enrollments/S-1/withdrawal`).request.body).toEqual({
      withdrawnOn: '2027-01-02',
      reason: 'Moved away',
    });
  });

  it('builds the multipart upload: every image file, the mask, the reason', () => {
    const slices = [new File(['a'], '1.dcm'), new File(['b'], '2.dcm')];
    const mask = new File(['m'], 'mask.nii.gz');
    const form = baselineImageForm({ image: slices, mask, reason: ' Wrong series ' });
    expect((form.getAll('image') as File[]).map((file) => file.name)).toEqual(['1.dcm', '2.dcm']);
    expect((form.get('mask') as File).name).toBe('mask.nii.gz');
    expect(form.get('reason')).toBe('Wrong series');
    expect(baselineImageForm({ image: slices, mask }).has('reason')).toBe(false);

    void firstValueFrom(api.uploadBaselineImage('MM-RAD-01', 'S-1', { image: slices, mask }));
    const request = http.expectOne(`${BASE}/enrollments/S-1/baseline-image`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toBeInstanceOf(FormData);
    expect((request.request.body as FormData).getAll('image')).toHaveLength(2);
  });

  it('tells a queued lock (202) from an existing one (200)', async () => {
    const queued = firstValueFrom(api.lock('MM-RAD-01', 'S-1'));
    http
      .expectOne(`${BASE}/enrollments/S-1/lock`)
      .flush({ id: 'job-1', status: 'queued' }, { status: 202, statusText: 'Accepted' });
    await expect(queued).resolves.toEqual({ kind: 'queued', job: { id: 'job-1', status: 'queued' } });

    const existing = firstValueFrom(api.lock('MM-RAD-01', 'S-1'));
    http
      .expectOne(`${BASE}/enrollments/S-1/lock`)
      .flush({ subjectId: 'S-1', leafIndex: 4 }, { status: 200, statusText: 'OK' });
    await expect(existing).resolves.toEqual({
      kind: 'already-locked',
      lock: { subjectId: 'S-1', leafIndex: 4 },
    });
  });

  it('reads a missing lock as null, and other failures as errors', async () => {
    const none = firstValueFrom(api.lockOf('MM-RAD-01', 'S-1'));
    http
      .expectOne(`${BASE}/enrollments/S-1/lock`)
      .flush({ code: 'NOT_LOCKED', detail: 'No lock yet' }, { status: 404, statusText: 'Not Found' });
    await expect(none).resolves.toBeNull();
    const unknown = firstValueFrom(api.lockOf('MM-RAD-01', 'S-1'));
    http
      .expectOne(`${BASE}/enrollments/S-1/lock`)
      .flush(
        { code: 'ENROLLMENT_NOT_FOUND', detail: 'No subject' },
        { status: 404, statusText: 'Not Found' },
      );
    await expect(unknown).rejects.toMatchObject({ status: 404 });
    const refused = firstValueFrom(api.lockOf('MM-RAD-01', 'S-1'));
    http
      .expectOne(`${BASE}/enrollments/S-1/lock`)
      .flush({ detail: 'No' }, { status: 403, statusText: 'Forbidden' });
    await expect(refused).rejects.toMatchObject({ status: 403 });
  });

  it('keeps only the hashes of a prediction, never its value', async () => {
    const result = firstValueFrom(api.predictions('MM-RAD-01', 'S-1'));
    http.expectOne(`${BASE}/enrollments/S-1/predictions`).flush([
      {
        id: 'p',
        subjectId: 'S-1',
        modelSha256: 'm',
        inputsSha256: 'i',
        predictedAt: 't',
        probability: 0.9,
        predictedClass: 1,
      },
    ]);
    const [prediction] = await result;
    expect(prediction).toMatchObject({ id: 'p', modelSha256: 'm' });
    expect(prediction).not.toHaveProperty('probability');
    expect(prediction).not.toHaveProperty('predictedClass');
  });

  it('fetches the receipt as text (for the download) and parsed', async () => {
    const result = firstValueFrom(api.receipt('MM-RAD-01', 'S-1'));
    const request = http.expectOne(`${BASE}/enrollments/S-1/lock/receipt`);
    expect(request.request.responseType).toBe('text');
    request.flush('{"type":"prediction-lock-receipt","leafIndex":1}');
    await expect(result).resolves.toEqual({
      text: '{"type":"prediction-lock-receipt","leafIndex":1}',
      receipt: { type: 'prediction-lock-receipt', leafIndex: 1 },
    });
  });

  it('asks the ledger for an inclusion proof by index and tree size', () => {
    void firstValueFrom(api.inclusionProof('MM-RAD-01', 3, 39));
    const request = http.expectOne((req) => req.url === `${BASE}/ledger/inclusion-proof`);
    expect(request.request.params.get('index')).toBe('3');
    expect(request.request.params.get('treeSize')).toBe('39');
    request.flush({ proof: [] });
  });
});
