import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type { SignatureRequest } from '../analyses/analyses.api';
import type {
  CheersChecklist,
  CheersEntryRecorded,
  CheersEntryRequest,
  EconomicEvaluation,
  EvaluationRequest,
  EvaluationRequested,
  EvaluationWithResult,
  HealthEconomicsPlanInput,
  HealthEconomicsPlanView,
  PlanAmendment,
} from './economics.models';

/** The health-economics endpoints: plan, evaluations (jobs), results, signatures, CHEERS 2022. */
@Injectable({ providedIn: 'root' })
export class EconomicsApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: readonly (string | number)[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }

  plan(trialCode: string): Observable<HealthEconomicsPlanView> {
    return this.http.get<HealthEconomicsPlanView>(this.url(trialCode, 'health-economics-plan'));
  }

  /** Proposes the plan as a protocol amendment (a draft version, in force once approved). */
  definePlan(trialCode: string, plan: HealthEconomicsPlanInput, reason: string): Observable<PlanAmendment> {
    return this.http.post<PlanAmendment>(this.url(trialCode, 'health-economics-plan'), { plan, reason });
  }

  list(trialCode: string): Observable<EconomicEvaluation[]> {
    return this.http.get<EconomicEvaluation[]>(this.url(trialCode, 'economic-evaluations'));
  }

  get(trialCode: string, evaluationNumber: number): Observable<EconomicEvaluation> {
    return this.http.get<EconomicEvaluation>(this.url(trialCode, 'economic-evaluations', evaluationNumber));
  }

  request(trialCode: string, request: EvaluationRequest): Observable<EvaluationRequested> {
    return this.http.post<EvaluationRequested>(this.url(trialCode, 'economic-evaluations'), {
      lookNumber: request.lookNumber,
      draws: request.draws,
      seed: request.seed,
    });
  }

  /** The result (statisticians and the DMC); every view is audited. */
  result(trialCode: string, evaluationNumber: number): Observable<EvaluationWithResult> {
    return this.http.get<EvaluationWithResult>(
      this.url(trialCode, 'economic-evaluations', evaluationNumber, 'result'),
    );
  }

  sign(
    trialCode: string,
    evaluationNumber: number,
    signature: SignatureRequest,
  ): Observable<EconomicEvaluation> {
    return this.http.post<EconomicEvaluation>(
      this.url(trialCode, 'economic-evaluations', evaluationNumber, 'signatures'),
      { password: signature.password, meaning: signature.meaning },
    );
  }

  cheers(trialCode: string, evaluationNumber: number): Observable<CheersChecklist> {
    return this.http.get<CheersChecklist>(
      this.url(trialCode, 'economic-evaluations', evaluationNumber, 'cheers'),
    );
  }

  addCheersEntry(trialCode: string, entry: CheersEntryRequest): Observable<CheersEntryRecorded> {
    return this.http.post<CheersEntryRecorded>(this.url(trialCode, 'cheers-entries'), {
      itemNumber: entry.itemNumber,
      status: entry.status,
      text: entry.text,
    });
  }
}
