import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { API_BASE } from '../api/api-base';
import type { DownloadedBlob, ModelRegistration, RegisteredModel } from './admin.models';
import { attachmentName } from './audit.api';

/** The model registry: ONNX files with their model cards, named by SHA-256. */
@Injectable({ providedIn: 'root' })
export class ModelsApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  list(): Observable<RegisteredModel[]> {
    return this.http.get<RegisteredModel[]>(`${this.apiBase}/models`);
  }

  /**
   * Registers an ONNX file with its card (multipart `model` + `card` as JSON text). The API
   * answers 201 for a new model and 200 when these bytes were registered already.
   */
  register(model: Blob, fileName: string, cardJson: string): Observable<ModelRegistration> {
    const form = new FormData();
    form.append('model', model, fileName);
    form.append('card', cardJson);
    return this.http
      .post<RegisteredModel>(`${this.apiBase}/models`, form, { observe: 'response' })
      .pipe(
        map((response) => ({ model: response.body as RegisteredModel, created: response.status === 201 })),
      );
  }

  /** The registered ONNX file, byte for byte, with the name the API gives it. */
  download(sha256: string): Observable<DownloadedBlob> {
    return this.http
      .get(`${this.apiBase}/models/${encodeURIComponent(sha256)}/onnx`, {
        observe: 'response',
        responseType: 'blob',
      })
      .pipe(
        map((response) => ({
          fileName: attachmentName(response.headers.get('content-disposition'), `${sha256}.onnx`),
          blob: response.body ?? new Blob([]),
        })),
      );
  }
}
