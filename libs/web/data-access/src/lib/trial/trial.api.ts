import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import type {
  TrialFlow,
  NewSite,
  ProtocolVersion,
  TrialDetail,
  TrialProgress,
  TrialSite,
} from './trial.models';

/** The trial itself: summary, sites, protocol versions, progress and flow. */
@Injectable({ providedIn: 'root' })
export class TrialApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: (string | number)[]): string {
    return `${this.apiBase}/${trialPath(trialCode, ...segments)}`;
  }

  get(trialCode: string): Observable<TrialDetail> {
    return this.http.get<TrialDetail>(this.url(trialCode));
  }

  protocolVersions(trialCode: string): Observable<ProtocolVersion[]> {
    return this.http.get<ProtocolVersion[]>(this.url(trialCode, 'protocol-versions'));
  }

  protocolVersion(trialCode: string, version: number): Observable<ProtocolVersion> {
    return this.http.get<ProtocolVersion>(this.url(trialCode, 'protocol-versions', version));
  }

  /** Admin: approve the latest version with an electronic signature (password re-entered). */
  approveProtocol(trialCode: string, version: number, password: string): Observable<ProtocolVersion> {
    return this.http.post<ProtocolVersion>(this.url(trialCode, 'protocol-versions', version, 'approve'), {
      password,
    });
  }

  /** Admin: add a site. */
  addSite(trialCode: string, site: NewSite): Observable<TrialSite> {
    return this.http.post<TrialSite>(this.url(trialCode, 'sites'), site);
  }

  progress(trialCode: string): Observable<TrialProgress> {
    return this.http.get<TrialProgress>(this.url(trialCode, 'progress'));
  }

  flow(trialCode: string): Observable<TrialFlow> {
    return this.http.get<TrialFlow>(this.url(trialCode, 'flow'));
  }
}
