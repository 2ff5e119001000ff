import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, catchError, map, of, throwError } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import { toApiProblem } from '../api/api-problem';
import type { Job } from '../jobs/jobs.api';
import type {
  BaselineImage,
  BaselineImageUpload,
  BaselineVersion,
  Candidate,
  CandidateQuery,
  EnrollRequest,
  Enrollment,
  EnrollmentSummary,
  LedgerTrustAnchor,
  LockDeviation,
  LockReceipt,
  LockRequest,
  PlanTreatmentStart,
  PredictionHashes,
  EnrollmentLock,
  ServerLedgerVerification,
  WithdrawalRequest,
  EnrollmentWithdrawal,
} from './enrollment.models';

/**
 * Enrollment, baseline, imaging, prediction requests and locks, as a coordinator (and, read-only,
 * a monitor) uses them. No call here returns a prediction's value: coordinators and monitors are
 * blinded, and the API strips it for them anyway.
 */
@Injectable({ providedIn: 'root' })
export class EnrollmentApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: (string | number)[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }

  /** Searches the FHIR server; empty criteria are left out. */
  candidates(trialCode: string, query: CandidateQuery): Observable<Candidate[]> {
    let params = new HttpParams();
    for (const key of ['identifier', 'name', 'birthDate', 'conditionCode'] as const) {
      const value = query[key]?.trim();
      if (value) params = params.set(key, value);
    }
    return this.http.get<Candidate[]>(this.url(trialCode, 'candidates'), { params });
  }

  enroll(trialCode: string, request: EnrollRequest): Observable<Enrollment> {
    return this.http.post<Enrollment>(this.url(trialCode, 'enrollments'), request);
  }

  list(trialCode: string): Observable<EnrollmentSummary[]> {
    return this.http.get<EnrollmentSummary[]>(this.url(trialCode, 'enrollments'));
  }

  get(trialCode: string, subjectId: string): Observable<Enrollment> {
    return this.http.get<Enrollment>(this.url(trialCode, 'enrollments', subjectId));
  }

  history(trialCode: string, subjectId: string): Observable<BaselineVersion[]> {
    return this.http.get<BaselineVersion[]>(
      this.url(trialCode, 'enrollments', subjectId, 'baseline-history'),
    );
  }

  planTreatmentStart(trialCode: string, subjectId: string, plan: PlanTreatmentStart): Observable<Enrollment> {
    return this.http.post<Enrollment>(
      this.url(trialCode, 'enrollments', subjectId, 'planned-treatment-start'),
      plan,
    );
  }

  /** Re-reads the FHIR records of one subject, or of every enrollment (a job). */
  sync(trialCode: string, subjectId: string | null): Observable<Job> {
    return this.http.post<Job>(this.url(trialCode, 'syncs'), subjectId ? { subjectId } : {});
  }

  /** Multipart: every image file as `image`, the mask as `mask`, and the reason when replacing. */
  uploadBaselineImage(
    trialCode: string,
    subjectId: string,
    upload: BaselineImageUpload,
  ): Observable<BaselineImage> {
    return this.http.post<BaselineImage>(
      this.url(trialCode, 'enrollments', subjectId, 'baseline-image'),
      baselineImageForm(upload),
    );
  }

  baselineImages(trialCode: string, subjectId: string): Observable<BaselineImage[]> {
    return this.http.get<BaselineImage[]>(this.url(trialCode, 'enrollments', subjectId, 'baseline-images'));
  }

  /** Asks for the prediction of one subject, or of every enrollment ready for one (a job). */
  requestPrediction(trialCode: string, subjectId: string | null): Observable<Job> {
    return this.http.post<Job>(this.url(trialCode, 'predictions'), subjectId ? { subjectId } : {});
  }

  /** The subject's predictions: hashes only for coordinators and monitors. */
  predictions(trialCode: string, subjectId: string): Observable<PredictionHashes[]> {
    return this.http
      .get<PredictionHashes[]>(this.url(trialCode, 'enrollments', subjectId, 'predictions'))
      .pipe(map((predictions) => predictions.map(hashesOnly)));
  }

  /** 202 with a job, or 200 with the lock when the subject is locked already. */
  lock(trialCode: string, subjectId: string): Observable<LockRequest> {
    return this.http
      .post<Job | EnrollmentLock>(
        this.url(trialCode, 'enrollments', subjectId, 'lock'),
        {},
        { observe: 'response' },
      )
      .pipe(
        map((response) =>
          response.status === 202
            ? { kind: 'queued' as const, job: response.body as Job }
            : { kind: 'already-locked' as const, lock: response.body as EnrollmentLock },
        ),
      );
  }

  /** Locks every enrollment not yet locked (a job). */
  lockAll(trialCode: string): Observable<LockRequest> {
    return this.http
      .post<Job | EnrollmentLock>(this.url(trialCode, 'locks'), {})
      .pipe(
        map((body) =>
          'leafIndex' in body
            ? { kind: 'already-locked' as const, lock: body }
            : { kind: 'queued' as const, job: body },
        ),
      );
  }

  locks(trialCode: string): Observable<EnrollmentLock[]> {
    return this.http.get<EnrollmentLock[]>(this.url(trialCode, 'locks'));
  }

  /** The subject's lock, or null when it has none yet (404 `NOT_LOCKED`; an unknown subject stays an error). */
  lockOf(trialCode: string, subjectId: string): Observable<EnrollmentLock | null> {
    return this.http
      .get<EnrollmentLock>(this.url(trialCode, 'enrollments', subjectId, 'lock'))
      .pipe(catchError((error: unknown) => (isNotFound(error) ? of(null) : throwError(() => error))));
  }

  /** The receipt exactly as sent (for the download) and parsed (for verification). */
  receipt(trialCode: string, subjectId: string): Observable<{ text: string; receipt: LockReceipt }> {
    return this.http
      .get(this.url(trialCode, 'enrollments', subjectId, 'lock', 'receipt'), { responseType: 'text' })
      .pipe(map((text) => ({ text, receipt: JSON.parse(text) as LockReceipt })));
  }

  lockDeviations(trialCode: string): Observable<LockDeviation[]> {
    return this.http.get<LockDeviation[]>(this.url(trialCode, 'lock-deviations'));
  }

  /** The log's keys and latest signed head: the trust anchor a receipt is checked against. */
  ledgerKeys(trialCode: string): Observable<LedgerTrustAnchor> {
    return this.http.get<LedgerTrustAnchor>(this.url(trialCode, 'ledger'));
  }

  inclusionProof(trialCode: string, index: number, treeSize: number): Observable<{ proof: string[] }> {
    const params = new HttpParams().set('index', index).set('treeSize', treeSize);
    return this.http.get<{ proof: string[] }>(this.url(trialCode, 'ledger', 'inclusion-proof'), { params });
  }

  /** The server's verification of the whole log (when the browser cannot verify itself). */
  verifyLedger(trialCode: string): Observable<ServerLedgerVerification> {
    return this.http.get<ServerLedgerVerification>(this.url(trialCode, 'ledger', 'verify'));
  }

  withdraw(
    trialCode: string,
    subjectId: string,
    withdrawal: WithdrawalRequest,
  ): Observable<EnrollmentWithdrawal> {
    return this.http
      .post<EnrollmentWithdrawal>(this.url(trialCode, 'enrollments', subjectId, 'withdrawal'), withdrawal)
      .pipe(
        map((record) => ({
          subjectId: record.subjectId,
          withdrawn: record.withdrawn,
          withdrawal: record.withdrawal,
        })),
      );
  }
}

/** The multipart body of a baseline image upload. */
export function baselineImageForm(upload: BaselineImageUpload): FormData {
  const form = new FormData();
  for (const file of upload.image) form.append('image', file, file.name);
  form.append('mask', upload.mask, upload.mask.name);
  const reason = upload.reason?.trim();
  if (reason) form.append('reason', reason);
  return form;
}

function hashesOnly(prediction: PredictionHashes): PredictionHashes {
  return {
    id: prediction.id,
    subjectId: prediction.subjectId,
    modelSha256: prediction.modelSha256,
    protocolVersion: prediction.protocolVersion,
    baselineImageVersion: prediction.baselineImageVersion,
    imageSha256: prediction.imageSha256,
    maskSha256: prediction.maskSha256,
    featureSettingsSha256: prediction.featureSettingsSha256,
    featuresSha256: prediction.featuresSha256,
    inputsSha256: prediction.inputsSha256,
    predictedAt: prediction.predictedAt,
  };
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof HttpErrorResponse && error.status === 404 && toApiProblem(error).code === 'NOT_LOCKED'
  );
}
