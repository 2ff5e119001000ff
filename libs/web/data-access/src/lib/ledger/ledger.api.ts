import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import { type DownloadedFile, fetchFile } from '../submission/download';
import type { LedgerSummary, LedgerVerification, TreeHead } from './ledger.models';

/** The trial's transparency log: public face, signed heads, verification, exports. */
@Injectable({ providedIn: 'root' })
export class LedgerApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: readonly string[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }

  /** Size, public keys (trust anchor first), latest signed head. Every trial role and admin. */
  summary(trialCode: string): Observable<LedgerSummary> {
    return this.http.get<LedgerSummary>(this.url(trialCode, 'ledger'));
  }

  /** Every signed tree head, oldest first, with cosignatures. */
  treeHeads(trialCode: string): Observable<TreeHead[]> {
    return this.http.get<TreeHead[]>(this.url(trialCode, 'ledger', 'tree-heads'));
  }

  latestTreeHead(trialCode: string): Observable<TreeHead> {
    return this.http.get<TreeHead>(this.url(trialCode, 'ledger', 'tree-heads', 'latest'));
  }

  /** Signs a checkpoint of the log now (admin). */
  publishTreeHead(trialCode: string): Observable<TreeHead> {
    return this.http.post<TreeHead>(this.url(trialCode, 'ledger', 'tree-heads'), {});
  }

  /** Verifies the log as `prospect verify` does, plus the database against it. */
  verify(trialCode: string): Observable<LedgerVerification> {
    return this.http.get<LedgerVerification>(this.url(trialCode, 'ledger', 'verify'));
  }

  /** The log as JSON lines (openings only for the DMC and regulatory staff). */
  exportLog(trialCode: string): Promise<DownloadedFile> {
    return fetchFile(this.http, this.url(trialCode, 'ledger', 'export'), {
      fallbackName: `${trialCode}-ledger.jsonl`,
    });
  }

  /** Every lock's receipt against the latest signed head, as JSON lines. */
  lockReceipts(trialCode: string): Promise<DownloadedFile> {
    return fetchFile(this.http, this.url(trialCode, 'lock-receipts'), {
      fallbackName: `${trialCode}-lock-receipts.jsonl`,
    });
  }
}
