import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, type Observable, of, throwError } from 'rxjs';
import { type HealthReport, isHealthReport } from './health.model';

/** Typed data access for the API health endpoint. */
@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly http = inject(HttpClient);

  /**
   * Same-origin path: proxied to the API by the dev server, served alongside it in production.
   * A report in an error response (e.g. 503 while a dependency is down) is still a report.
   */
  getHealth(): Observable<HealthReport> {
    return this.http
      .get<HealthReport>('/api/v1/health')
      .pipe(
        catchError((error: unknown) =>
          error instanceof HttpErrorResponse && isHealthReport(error.error)
            ? of(error.error)
            : throwError(() => error),
        ),
      );
  }
}
