import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type { Signature, SignatureVerification } from './submission.models';

/** A trial's electronic signatures and their verification (admin, statistician, monitor, regulatory). */
@Injectable({ providedIn: 'root' })
export class SignaturesApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  list(trialCode: string): Observable<Signature[]> {
    return this.http.get<Signature[]>(`${this.apiBase}/${trialPath(trialCode, 'signatures')}`);
  }

  /** Re-hashes the signed record and compares it with what was signed. */
  verify(trialCode: string, signatureId: string): Observable<SignatureVerification> {
    return this.http.get<SignatureVerification>(
      `${this.apiBase}/${trialPath(trialCode, 'signatures', signatureId, 'verification')}`,
    );
  }
}
