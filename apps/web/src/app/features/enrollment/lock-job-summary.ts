import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { LockJobSummary } from '@prospect/web-data-access/enrollment';

/** What a lock job did: how many were locked, and why the others were not. */
@Component({
  selector: 'app-lock-job-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div role="status">
      <p>
        <strong>{{ summary().locked }}</strong> locked, {{ summary().alreadyLocked }} already locked,
        {{ summary().withoutBaselineImage }} without a baseline image, {{ summary().notPredicted }} not
        predicted ({{ summary().processed }} of {{ summary().enrollments }} processed).
      </p>
      @if (summary().refusedTreatmentStarted.length > 0) {
        <div class="notice notice--error">
          <p><strong>Refused: treatment had already started</strong></p>
          <ul>
            @for (item of summary().refusedTreatmentStarted; track item.subjectId) {
              <li>{{ item.subjectId }}: {{ (item.problems ?? []).join(' ') }}</li>
            }
          </ul>
        </div>
      }
      @if (summary().notReady.length > 0) {
        <div class="notice notice--warn">
          <p><strong>Not ready for a prediction</strong></p>
          <ul>
            @for (item of summary().notReady; track item.subjectId) {
              <li>{{ item.subjectId }}: {{ (item.problems ?? []).join(' ') || 'not ready' }}</li>
            }
          </ul>
        </div>
      }
    </div>
  `,
})
export class LockJobSummaryView {
  readonly summary = input.required<LockJobSummary>();
}
