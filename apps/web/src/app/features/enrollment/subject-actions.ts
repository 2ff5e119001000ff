import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type Observable, type Subscription, firstValueFrom } from 'rxjs';
import { JobsApi, toApiProblem, type ApiProblem, type Job } from '@prospect/web-data-access';
import { EnrollmentApi, type EnrollmentWithdrawal } from '@prospect/web-data-access/enrollment';
import { JobProgress, ProblemAlert } from '@prospect/web-ui';

type JobKind = 'sync' | 'prediction';

/** What a coordinator does to an enrollment: planned start, re-sync, prediction request, withdrawal. */
@Component({
  selector: 'app-subject-actions',
  imports: [FormsModule, JobProgress, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="plan-title">
      <h3 id="plan-title">Planned treatment start</h3>
      @if (treatmentStarted()) {
        <p class="muted">
          Treatment is recorded as given: day 0 is the actual start, and a planned date would not be used.
        </p>
      } @else {
        <p class="muted">Used as day 0 until an administration or procedure is recorded.</p>
        <form class="form form--inline" (ngSubmit)="plan()">
          <label for="plan-at">Planned date</label>
          <input
            id="plan-at"
            name="plannedAt"
            type="date"
            required
            [ngModel]="plannedAt()"
            (ngModelChange)="plannedAt.set($event)"
          />
          <label for="plan-reason">Reason</label>
          <input
            id="plan-reason"
            name="planReason"
            required
            minlength="3"
            maxlength="1000"
            placeholder="e.g. Infusion rescheduled"
            [ngModel]="planReason()"
            (ngModelChange)="planReason.set($event)"
          />
          <button
            class="button"
            type="submit"
            [disabled]="planBusy() || !plannedAt() || planReason().trim().length < 3"
          >
            Record planned start
          </button>
        </form>
      }
      <app-problem-alert [problem]="planProblem()" />
    </section>

    <section aria-labelledby="jobs-title">
      <h3 id="jobs-title">Re-sync and prediction</h3>
      <div class="actions">
        <button type="button" class="button button--secondary" (click)="run('sync')" [disabled]="running()">
          Re-sync from FHIR
        </button>
        @if (!locked()) {
          <button
            type="button"
            class="button button--secondary"
            (click)="run('prediction')"
            [disabled]="running() || !hasImage()"
          >
            Request the prediction
          </button>
        }
      </div>
      @if (!hasImage() && !locked()) {
        <p class="muted">A prediction needs a baseline image and mask.</p>
      }
      <p class="muted">Predictions are blinded: you see their hashes, never the probability.</p>
      <app-job-progress [job]="job()" [label]="jobLabel()" />
      @if (jobOutcome(); as outcome) {
        <p class="muted">{{ outcome }}</p>
      }
      <app-problem-alert [problem]="jobProblem()" />
    </section>

    <section aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">Withdrawal</h3>
      @if (withdrawn(); as record) {
        <p class="notice notice--warn" role="status">
          {{ record.subjectId }} withdrawn on {{ record.withdrawal?.withdrawnOn }}:
          {{ record.withdrawal?.reason }}
        </p>
      } @else {
        <form class="form" (ngSubmit)="withdraw()">
          <label for="withdraw-on">Withdrawn on</label>
          <input
            id="withdraw-on"
            name="withdrawnOn"
            type="date"
            required
            [ngModel]="withdrawnOn()"
            (ngModelChange)="withdrawnOn.set($event)"
          />
          <label for="withdraw-reason">Reason (no identifiers)</label>
          <textarea
            id="withdraw-reason"
            name="withdrawReason"
            rows="2"
            required
            maxlength="2000"
            [ngModel]="withdrawReason()"
            (ngModelChange)="withdrawReason.set($event)"
          ></textarea>
          <label class="checkbox">
            <input
              type="checkbox"
              name="confirm"
              [ngModel]="confirmWithdraw()"
              (ngModelChange)="confirmWithdraw.set($event)"
            />
            I confirm the subject left the trial; this cannot be undone.
          </label>
          <button
            class="button button--danger"
            type="submit"
            [disabled]="withdrawBusy() || !withdrawnOn() || !withdrawReason().trim() || !confirmWithdraw()"
          >
            Record withdrawal
          </button>
        </form>
        <app-problem-alert [problem]="withdrawProblem()" />
      }
    </section>
  `,
})
export class SubjectActions {
  private readonly api = inject(EnrollmentApi);
  private readonly jobs = inject(JobsApi);
  readonly trialCode = input.required<string>();
  readonly subjectId = input.required<string>();
  readonly hasImage = input(false);
  /** An actual treatment start is recorded: no planned date is asked for. */
  readonly treatmentStarted = input(false);
  /** Once locked, no new prediction is asked for. */
  readonly locked = input(false);
  readonly changed = output<void>();

  protected readonly plannedAt = signal('');
  protected readonly planReason = signal('');
  protected readonly planBusy = signal(false);
  protected readonly planProblem = signal<ApiProblem | null>(null);

  protected readonly job = signal<Job | null>(null);
  protected readonly jobLabel = signal('Job');
  protected readonly running = signal(false);
  protected readonly jobProblem = signal<ApiProblem | null>(null);
  protected readonly jobOutcome = signal<string | null>(null);

  protected readonly withdrawnOn = signal('');
  protected readonly withdrawReason = signal('');
  protected readonly confirmWithdraw = signal(false);
  protected readonly withdrawBusy = signal(false);
  protected readonly withdrawProblem = signal<ApiProblem | null>(null);
  protected readonly withdrawn = signal<EnrollmentWithdrawal | null>(null);
  private watch: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watch?.unsubscribe());
  }

  protected async plan(): Promise<void> {
    this.planBusy.set(true);
    this.planProblem.set(null);
    try {
      await firstValueFrom(
        this.api.planTreatmentStart(this.trialCode(), this.subjectId(), {
          plannedAt: this.plannedAt(),
          reason: this.planReason().trim(),
        }),
      );
      this.planReason.set('');
      this.changed.emit();
    } catch (error) {
      this.planProblem.set(toApiProblem(error));
    } finally {
      this.planBusy.set(false);
    }
  }

  protected async run(kind: JobKind): Promise<void> {
    const request: Observable<Job> =
      kind === 'sync'
        ? this.api.sync(this.trialCode(), this.subjectId())
        : this.api.requestPrediction(this.trialCode(), this.subjectId());
    this.jobLabel.set(kind === 'sync' ? 'FHIR re-sync' : 'Prediction');
    this.running.set(true);
    this.jobProblem.set(null);
    this.jobOutcome.set(null);
    try {
      const job = await firstValueFrom(request);
      this.job.set(job);
      this.watch?.unsubscribe();
      this.watch = this.jobs.watch(this.trialCode(), job.id).subscribe({
        next: (current) => {
          this.job.set(current);
          if (current.status === 'succeeded' || current.status === 'failed') {
            this.running.set(false);
            this.jobOutcome.set(describeResult(current.result));
            this.changed.emit();
          }
        },
        error: (error: unknown) => {
          this.running.set(false);
          this.jobProblem.set(toApiProblem(error));
        },
      });
    } catch (error) {
      this.running.set(false);
      this.jobProblem.set(toApiProblem(error));
    }
  }

  protected async withdraw(): Promise<void> {
    this.withdrawBusy.set(true);
    this.withdrawProblem.set(null);
    try {
      this.withdrawn.set(
        await firstValueFrom(
          this.api.withdraw(this.trialCode(), this.subjectId(), {
            withdrawnOn: this.withdrawnOn(),
            reason: this.withdrawReason().trim(),
          }),
        ),
      );
      this.changed.emit();
    } catch (error) {
      this.withdrawProblem.set(toApiProblem(error));
    } finally {
      this.withdrawBusy.set(false);
    }
  }
}

/** A job's result in words, leaving out anything but counts and statuses. */
function describeResult(result: Record<string, unknown> | null): string | null {
  if (!result) return null;
  const parts = Object.entries(result)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'string' || Array.isArray(value))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? listText(value) : String(value)}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** `2 (S-1: problem; S-2: problem)` for a list of subject outcomes. */
function listText(items: readonly unknown[]): string {
  const details = items
    .map((item) => item as { subjectId?: unknown; problems?: unknown })
    .filter(
      (item) =>
        typeof item.subjectId === 'string' && Array.isArray(item.problems) && item.problems.length > 0,
    )
    .map((item) => `${String(item.subjectId)}: ${(item.problems as unknown[]).join(' ')}`);
  return details.length > 0 ? `${items.length} (${details.join('; ')})` : String(items.length);
}
