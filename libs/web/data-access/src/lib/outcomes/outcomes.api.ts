import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type { Job } from '../jobs/jobs.api';
import type {
  AdjudicateOutcomeRequest,
  OutcomeDetail,
  OutcomeStatusFilter,
  OutcomeSummary,
  RecordOutcomeRequest,
} from './outcomes.models';

/**
 * Follow-up outcomes of a trial. Every call here is one the outcome assessor may make: none of
 * them reaches a prediction or a lock, which is how assessors stay blinded.
 */
@Injectable({ providedIn: 'root' })
export class OutcomesApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  /** Every subject's outcome, or only those with `status` (`needs-adjudication`: the adjudication queue). */
  list(trialCode: string, status?: OutcomeStatusFilter): Observable<OutcomeSummary[]> {
    const params = status ? new HttpParams().set('status', status) : undefined;
    return this.http.get<OutcomeSummary[]>(this.url(trialCode, 'outcomes'), params ? { params } : {});
  }

  detail(trialCode: string, subjectId: string): Observable<OutcomeDetail> {
    return this.http.get<OutcomeDetail>(this.url(trialCode, 'enrollments', subjectId, 'outcome'));
  }

  /** Reads follow-up results from the FHIR server (all subjects, or one): a job. */
  sync(trialCode: string, subjectId?: string): Observable<Job> {
    return this.http.post<Job>(this.url(trialCode, 'outcomes', 'sync'), subjectId ? { subjectId } : {});
  }

  record(trialCode: string, subjectId: string, request: RecordOutcomeRequest): Observable<OutcomeDetail> {
    return this.http.post<OutcomeDetail>(
      this.url(trialCode, 'enrollments', subjectId, 'outcome-results'),
      request,
    );
  }

  adjudicate(
    trialCode: string,
    subjectId: string,
    request: AdjudicateOutcomeRequest,
  ): Observable<OutcomeDetail> {
    return this.http.post<OutcomeDetail>(
      this.url(trialCode, 'enrollments', subjectId, 'outcome-adjudications'),
      request,
    );
  }

  private url(trialCode: string, ...segments: string[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }
}
