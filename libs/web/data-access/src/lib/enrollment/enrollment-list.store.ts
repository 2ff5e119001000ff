import { Injectable, computed, inject, signal } from '@angular/core';
import { type Subscription, firstValueFrom, from, mergeMap, map, catchError, of } from 'rxjs';
import { toApiProblem, type ApiProblem } from '../api/api-problem';
import { JobsApi, type Job } from '../jobs/jobs.api';
import { EnrollmentApi } from './enrollment.api';
import type { EnrollmentLock, EnrollmentSummary, LockJobSummary } from './enrollment.models';

/**
 * Where an enrollment stands for a coordinator:
 * `locked` (in the primary analysis), `deviation` (locked after treatment start), `not-eligible`,
 * `blocked` (blocking issues open), `ready` (nothing blocks a prediction and lock).
 */
export type EnrollmentState = 'locked' | 'deviation' | 'not-eligible' | 'blocked' | 'ready';
/** `locked` implies a prediction; `unknown` while it is being read or when it could not be. */
export type PredictionStatus = 'locked' | 'predicted' | 'none' | 'unknown';

export interface EnrollmentRow extends EnrollmentSummary {
  readonly state: EnrollmentState;
  readonly lock: EnrollmentLock | null;
  readonly prediction: PredictionStatus;
}

export interface EnrollmentFilter {
  readonly site: string;
  readonly state: EnrollmentState | '';
  /** `blocking`: with blocking issues; `none`: without. */
  readonly issues: 'blocking' | 'none' | '';
  readonly locked: 'yes' | 'no' | '';
}

export const EMPTY_ENROLLMENT_FILTER: EnrollmentFilter = { site: '', state: '', issues: '', locked: '' };

export function enrollmentState(summary: EnrollmentSummary, lock: EnrollmentLock | null): EnrollmentState {
  if (lock) return lock.inPrimaryAnalysis ? 'locked' : 'deviation';
  if (summary.eligibility === 'failed') return 'not-eligible';
  if (summary.blockingIssues > 0) return 'blocked';
  return 'ready';
}

export function matchesFilter(row: EnrollmentRow, filter: EnrollmentFilter): boolean {
  if (filter.site && row.siteCode !== filter.site) return false;
  if (filter.state && row.state !== filter.state) return false;
  if (filter.issues === 'blocking' && row.blockingIssues === 0) return false;
  if (filter.issues === 'none' && row.blockingIssues > 0) return false;
  if (filter.locked === 'yes' && !row.lock) return false;
  if (filter.locked === 'no' && row.lock) return false;
  return true;
}

/** How many prediction look-ups run at once for the unlocked subjects. */
const PREDICTION_CONCURRENCY = 4;

/**
 * The enrollment list joined with the locks and, for subjects not yet locked, whether a
 * prediction exists (hashes only: never its value). Also runs "lock all" as a job.
 * Provide it in the component that shows the list.
 */
@Injectable()
export class EnrollmentListStore {
  private readonly api = inject(EnrollmentApi);
  private readonly jobs = inject(JobsApi);

  private readonly summaries = signal<readonly EnrollmentSummary[]>([]);
  private readonly lockState = signal<ReadonlyMap<string, EnrollmentLock>>(new Map());
  private readonly predictionState = signal<ReadonlyMap<string, PredictionStatus>>(new Map());
  private predictionLookups: Subscription | null = null;
  private jobWatch: Subscription | null = null;
  private predictionWatch: Subscription | null = null;

  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly filter = signal<EnrollmentFilter>(EMPTY_ENROLLMENT_FILTER);
  readonly lockJob = signal<Job | null>(null);
  readonly lockProblem = signal<ApiProblem | null>(null);
  readonly predictionJob = signal<Job | null>(null);
  readonly predictionProblem = signal<ApiProblem | null>(null);

  readonly rows = computed<EnrollmentRow[]>(() => {
    const locks = this.lockState();
    const predictions = this.predictionState();
    return this.summaries().map((summary) => {
      const lock = locks.get(summary.subjectId) ?? null;
      return {
        ...summary,
        lock,
        state: enrollmentState(summary, lock),
        prediction: lock ? 'locked' : (predictions.get(summary.subjectId) ?? 'unknown'),
      };
    });
  });
  readonly filtered = computed(() => this.rows().filter((row) => matchesFilter(row, this.filter())));
  readonly sites = computed(() => [...new Set(this.summaries().map((row) => row.siteCode))].sort());
  readonly lockSummary = computed(() => {
    const job = this.lockJob();
    return job?.status === 'succeeded' && job.result ? (job.result as unknown as LockJobSummary) : null;
  });
  readonly predictionRunning = computed(() => {
    const status = this.predictionJob()?.status;
    return status === 'queued' || status === 'running';
  });
  readonly lockRunning = computed(() => {
    const status = this.lockJob()?.status;
    return status === 'queued' || status === 'running';
  });

  async load(trialCode: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const [summaries, locks] = await Promise.all([
        firstValueFrom(this.api.list(trialCode)),
        firstValueFrom(this.api.locks(trialCode)),
      ]);
      this.summaries.set(summaries);
      this.lockState.set(new Map(locks.map((lock) => [lock.subjectId, lock])));
      this.lookUpPredictions(
        trialCode,
        summaries.filter((summary) => !locks.some((lock) => lock.subjectId === summary.subjectId)),
      );
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Locks every enrollment not yet locked; follows the job and reloads when it ends. */
  /** Predicts every enrollment that has a baseline image and no prediction yet (a job). */
  async predictAll(trialCode: string): Promise<void> {
    this.predictionProblem.set(null);
    try {
      const job = await firstValueFrom(this.api.requestPrediction(trialCode, null));
      this.predictionJob.set(job);
      this.predictionWatch?.unsubscribe();
      this.predictionWatch = this.jobs.watch(trialCode, job.id).subscribe({
        next: (current) => {
          this.predictionJob.set(current);
          if (current.status === 'succeeded' || current.status === 'failed') void this.load(trialCode);
        },
        error: (error: unknown) => this.predictionProblem.set(toApiProblem(error)),
      });
    } catch (error) {
      this.predictionProblem.set(toApiProblem(error));
    }
  }

  async lockAll(trialCode: string): Promise<void> {
    this.lockProblem.set(null);
    try {
      const request = await firstValueFrom(this.api.lockAll(trialCode));
      if (request.kind === 'already-locked') {
        await this.load(trialCode);
        return;
      }
      this.lockJob.set(request.job);
      this.jobWatch?.unsubscribe();
      this.jobWatch = this.jobs.watch(trialCode, request.job.id).subscribe({
        next: (job) => {
          this.lockJob.set(job);
          if (job.status === 'succeeded' || job.status === 'failed') void this.load(trialCode);
        },
        error: (error: unknown) => this.lockProblem.set(toApiProblem(error)),
      });
    } catch (error) {
      this.lockProblem.set(toApiProblem(error));
    }
  }

  destroy(): void {
    this.predictionLookups?.unsubscribe();
    this.jobWatch?.unsubscribe();
    this.predictionWatch?.unsubscribe();
  }

  private lookUpPredictions(trialCode: string, unlocked: readonly EnrollmentSummary[]): void {
    this.predictionLookups?.unsubscribe();
    this.predictionState.set(new Map());
    this.predictionLookups = from(unlocked)
      .pipe(
        mergeMap(
          (summary) =>
            this.api.predictions(trialCode, summary.subjectId).pipe(
              map((predictions): [string, PredictionStatus] => [
                summary.subjectId,
                predictions.length > 0 ? 'predicted' : 'none',
              ]),
              catchError(() => of<[string, PredictionStatus]>([summary.subjectId, 'unknown'])),
            ),
          PREDICTION_CONCURRENCY,
        ),
      )
      .subscribe(([subjectId, status]) =>
        this.predictionState.update((current) => new Map(current).set(subjectId, status)),
      );
  }
}
