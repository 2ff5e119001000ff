import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, filter, switchMap, takeWhile, timer } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A background job as the API shows it (`GET /trials/{code}/jobs/{id}`). */
export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly status: JobStatus;
  readonly subjectId: string | null;
  readonly attempts: number;
  readonly error: string | null;
  readonly result: Record<string, unknown> | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export function isJobFinished(job: Pick<Job, 'status'>): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  get(trialCode: string, jobId: string): Observable<Job> {
    return this.http.get<Job>(`${this.apiBase}/${trialPath(trialCode, 'jobs', jobId)}`);
  }

  /**
   * The job's state every `intervalMs` until it succeeds or fails (the last emission is the
   * finished job). Unsubscribing stops the polling.
   */
  watch(trialCode: string, jobId: string, intervalMs = 1000): Observable<Job> {
    return timer(0, intervalMs).pipe(
      switchMap(() => this.get(trialCode, jobId)),
      filter((job): job is Job => job !== null),
      takeWhile((job) => !isJobFinished(job), true),
    );
  }
}
