import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Job } from '@prospect/web-data-access';

const STATUS_TEXT: Readonly<Record<Job['status'], string>> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
};

/** A job's state as a progress bar with its status, attempts and error. */
@Component({
  selector: 'app-job-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (job(); as job) {
      <div class="job" [attr.data-status]="job.status">
        <p class="job__status" role="status" aria-live="polite">
          {{ label() }}: {{ statusText() }}
          @if (job.attempts > 1) {
            (attempt {{ job.attempts }})
          }
        </p>
        @if (fraction(); as fraction) {
          <progress [attr.aria-label]="label() + ' progress'" max="1" [value]="fraction.value"></progress>
          <p class="muted job__step">
            {{ fraction.done }} of {{ fraction.total }}
            @if (fraction.step) {
              · {{ fraction.step }}
            }
          </p>
        } @else if (job.status === 'queued' || job.status === 'running') {
          <progress [attr.aria-label]="label() + ' progress'"></progress>
        } @else {
          <progress [attr.aria-label]="label() + ' progress'" max="1" [value]="1"></progress>
        }
        @if (job.error) {
          <p class="notice notice--error" role="alert">{{ job.error }}</p>
        }
      </div>
    }
  `,
  styles: `
    .job progress {
      width: 100%;
      height: 0.75rem;
    }
    .job[data-status='failed'] progress {
      accent-color: #b00020;
    }
  `,
})
export class JobProgress {
  readonly job = input<Job | null>(null);
  readonly label = input('Job');
  /** Jobs that report how far they are (`{ done, total, step? }` while running) get a real bar. */
  protected readonly fraction = computed(() => {
    const job = this.job();
    const report = job?.status === 'running' ? job.result : null;
    const done = report?.['done'];
    const total = report?.['total'];
    if (typeof done !== 'number' || typeof total !== 'number' || total <= 0) return null;
    const step = report?.['step'];
    return { done, total, value: Math.min(1, done / total), step: typeof step === 'string' ? step : null };
  });
  protected readonly statusText = computed(() => {
    const job = this.job();
    return job ? STATUS_TEXT[job.status] : '';
  });
}
