import { HttpClient, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type {
  AuditEvent,
  AuditExportFormat,
  AuditFilter,
  AuditPage,
  DownloadedBlob,
  AuditSignatureVerification,
} from './admin.models';

const FILTER_KEYS = ['action', 'actorId', 'entityType', 'entityId', 'from', 'to'] as const;

/** The query string of a filter: only the fields that are set, trimmed. */
export function auditParams(filter: AuditPage | (AuditFilter & { format?: AuditExportFormat })): HttpParams {
  let params = new HttpParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) params = params.set(key, value);
  }
  if ('afterSequence' in filter && filter.afterSequence)
    params = params.set('afterSequence', filter.afterSequence);
  if ('limit' in filter && filter.limit) params = params.set('limit', String(filter.limit));
  if ('format' in filter && filter.format) params = params.set('format', filter.format);
  return params;
}

/** The file name from `Content-Disposition`, or `fallback`. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

/**
 * The audit trail: the whole platform's (administrators) or one trial's (administrators and
 * monitors, `trialCode` given). Pages run oldest first after a sequence number.
 */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  events(trialCode: string | null, page: AuditPage): Observable<AuditEvent[]> {
    return this.http.get<AuditEvent[]>(this.base(trialCode), { params: auditParams(page) });
  }

  /** The whole filtered trail as CSV or JSON, as the API exports it. */
  export(
    trialCode: string | null,
    filter: AuditFilter,
    format: AuditExportFormat,
  ): Observable<DownloadedBlob> {
    return this.http
      .get(`${this.base(trialCode)}/export`, {
        params: auditParams({ ...filter, format }),
        observe: 'response',
        responseType: 'blob',
      })
      .pipe(
        map((response: HttpResponse<Blob>) => ({
          fileName: attachmentName(
            response.headers.get('content-disposition'),
            `${trialCode ?? 'prospect'}-audit.${format}`,
          ),
          blob: response.body ?? new Blob([]),
        })),
      );
  }

  /** Re-hashes a signed record and compares it with its signature. */
  verifySignature(trialCode: string, signatureId: string): Observable<AuditSignatureVerification> {
    return this.http.get<AuditSignatureVerification>(
      `${this.apiBase}/${trialPath(trialCode, 'signatures', signatureId, 'verification')}`,
    );
  }

  private base(trialCode: string | null): string {
    return trialCode
      ? `${this.apiBase}/${trialPath(trialCode, 'audit-events')}`
      : `${this.apiBase}/audit-events`;
  }
}
