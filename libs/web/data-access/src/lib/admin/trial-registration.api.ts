import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE } from '../api/api-base';
import type { Trial } from '../trials/trials.models';

/** Registers a trial from its definition document (sites + protocol version 1, a draft). */
@Injectable({ providedIn: 'root' })
export class TrialRegistrationApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  /** The API validates the document; a 422 problem names each refused field (`protocol.…`). */
  register(definition: unknown): Observable<Trial> {
    return this.http.post<Trial>(`${this.apiBase}/trials`, definition);
  }
}
