import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type { SignatureMeaning } from '../auth/auth.models';
import type {
  AccessLogEntry,
  AnalysisProtocol,
  AnalysisSnapshot,
  BlindedLook,
  BlindedProgress,
  InputShift,
  LookRequested,
  Reproduction,
  UnblindedLook,
} from './analyses.models';

/** A signature as the signing endpoints take it: the password re-entered and the meaning. */
export interface SignatureRequest {
  readonly password: string;
  readonly meaning: SignatureMeaning;
}

/**
 * The analyses endpoints. Blinded reads (`progress`, `list`, `get`, `inputShift`) are for every
 * analysis reader; `result`, `snapshot` and `reproduce` are the DMC's alone and every call is
 * written to the audit trail, so screens call them only on the DMC's explicit request.
 */
@Injectable({ providedIn: 'root' })
export class AnalysesApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: readonly (string | number)[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }

  /** A protocol version (the plan in force is `trial.protocolInForce`). */
  protocolVersion(trialCode: string, version: number): Observable<AnalysisProtocol> {
    return this.http.get<AnalysisProtocol>(this.url(trialCode, 'protocol-versions', version));
  }

  progress(trialCode: string): Observable<BlindedProgress> {
    return this.http.get<BlindedProgress>(this.url(trialCode, 'progress'));
  }

  inputShift(trialCode: string): Observable<InputShift> {
    return this.http.get<InputShift>(this.url(trialCode, 'input-shift'));
  }

  list(trialCode: string): Observable<BlindedLook[]> {
    return this.http.get<BlindedLook[]>(this.url(trialCode, 'analyses'));
  }

  get(trialCode: string, lookNumber: number): Observable<BlindedLook> {
    return this.http.get<BlindedLook>(this.url(trialCode, 'analyses', lookNumber));
  }

  /** Freezes the snapshot of `lookNumber` (the next planned look) and queues its analysis. */
  request(trialCode: string, lookNumber: number): Observable<LookRequested> {
    return this.http.post<LookRequested>(this.url(trialCode, 'analyses'), { lookNumber });
  }

  sign(trialCode: string, lookNumber: number, signature: SignatureRequest): Observable<BlindedLook> {
    return this.http.post<BlindedLook>(this.url(trialCode, 'analyses', lookNumber, 'signatures'), {
      password: signature.password,
      meaning: signature.meaning,
    });
  }

  /** The unblinded result: DMC only, audited. */
  result(trialCode: string, lookNumber: number): Observable<UnblindedLook> {
    return this.http.get<UnblindedLook>(this.url(trialCode, 'analyses', lookNumber, 'result'));
  }

  /** The frozen subject-level snapshot: DMC only, audited. */
  snapshot(trialCode: string, lookNumber: number): Observable<AnalysisSnapshot> {
    return this.http.get<AnalysisSnapshot>(this.url(trialCode, 'analyses', lookNumber, 'snapshot'));
  }

  /** Recomputes the look from its stored snapshot and compares the hashes: DMC only, audited. */
  reproduce(trialCode: string, lookNumber: number): Observable<Reproduction> {
    return this.http.post<Reproduction>(this.url(trialCode, 'analyses', lookNumber, 'reproduction'), {});
  }

  /** Who viewed the look's unblinded result or snapshot (DMC, monitor). */
  accessLog(trialCode: string, lookNumber: number): Observable<AccessLogEntry[]> {
    return this.http.get<AccessLogEntry[]>(this.url(trialCode, 'analyses', lookNumber, 'access-log'));
  }
}
