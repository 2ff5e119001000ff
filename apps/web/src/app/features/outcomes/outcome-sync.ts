import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type ApiProblem, type Job, JobsApi, toApiProblem } from '@prospect/web-data-access';
import { type OutcomeSyncCounts, OutcomesApi } from '@prospect/web-data-access/outcomes';
import { JobProgress, ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';

/**
 * Reads follow-up outcomes from the FHIR server (every subject, or one) as a job: shows its
 * progress and what it found, and tells the page to reload when it has finished.
 */
@Component({
  selector: 'app-outcome-sync',
  imports: [JobProgress, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions">
      <button type="button" class="button button--secondary" [disabled]="running()" (click)="start()">
        {{ subjectId() ? 'Re-read this subject from FHIR' : 'Sync outcomes from FHIR' }}
      </button>
    </div>
    <app-problem-alert [problem]="problem()" />
    <app-job-progress
      [job]="job()"
      [label]="subjectId() ? 'Outcome sync of ' + subjectId() : 'Outcome sync'"
    />
    @if (counts(); as counts) {
      <p class="notice notice--good" role="status">
        Sync finished: {{ counts.newResults ?? 0 }} new result(s) for
        {{ counts.enrollments ?? 0 }} subject(s); {{ counts.unchanged ?? 0 }} unchanged,
        {{ counts.noResultYet ?? 0 }} without a result yet, {{ counts.awaitingTreatmentStart ?? 0 }} awaiting
        a treatment start, {{ counts.missingFromFhir ?? 0 }} not found on the FHIR server.
      </p>
    }
  `,
})
export class OutcomeSync {
  readonly trialCode = input.required<string>();
  /** One subject; none for every enrollment of the trial. */
  readonly subjectId = input<string | null>(null);
  /** Emitted once the job has finished (succeeded or failed). */
  readonly finished = output<Job>();

  private readonly api = inject(OutcomesApi);
  private readonly jobs = inject(JobsApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly job = signal<Job | null>(null);
  protected readonly running = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly counts = signal<OutcomeSyncCounts | null>(null);

  protected async start(): Promise<void> {
    this.running.set(true);
    this.problem.set(null);
    this.counts.set(null);
    try {
      const job = await firstValueFrom(this.api.sync(this.trialCode(), this.subjectId() ?? undefined));
      this.job.set(job);
      this.jobs
        .watch(this.trialCode(), job.id)
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({
          next: (update) => {
            this.job.set(update);
            if (update.status === 'succeeded' || update.status === 'failed') {
              this.running.set(false);
              if (update.status === 'succeeded') this.counts.set((update.result ?? {}) as OutcomeSyncCounts);
              this.finished.emit(update);
            }
          },
          error: (error: unknown) => {
            this.problem.set(toApiProblem(error));
            this.running.set(false);
          },
        });
    } catch (error) {
      this.problem.set(toApiProblem(error));
      this.running.set(false);
    }
  }
}
