import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi, type Reproduction } from '@prospect/web-data-access/analyses';
import { ProblemAlert } from '@prospect/web-ui';
import { HashText } from '@prospect/web-ui/records';

/** Recomputes a look from its stored snapshot and says whether the result hash matched (DMC; audited). */
@Component({
  selector: 'app-reproduction-panel',
  imports: [HashText, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>Reproduce the look</h3>
    <p>
      Recomputes the result from the stored snapshot and compares its SHA-256 with the stored one (audited).
    </p>
    <div class="actions">
      <button type="button" class="button button--secondary" [disabled]="reproducing()" (click)="reproduce()">
        {{ reproducing() ? 'Reproducing…' : 'Reproduce from the snapshot' }}
      </button>
    </div>
    <app-problem-alert [problem]="reproductionProblem()" />
    @if (reproduction(); as check) {
      <div
        [class]="check.identical && check.snapshotIntact ? 'notice notice--good' : 'notice notice--error'"
        role="status"
      >
        <p>
          <strong>{{
            check.identical && check.snapshotIntact
              ? 'Reproduced: the recomputed result is identical.'
              : 'Not reproduced: the results differ.'
          }}</strong>
        </p>
        <p>
          Snapshot
          {{ check.snapshotIntact ? 'intact (its hash matches)' : 'altered: its hash no longer matches' }}.
        </p>
        <p>Stored result <app-hash-text [value]="check.storedResultSha256" label="stored result hash" /></p>
        <p>
          Recomputed
          <app-hash-text [value]="check.recomputedResultSha256" label="recomputed result hash" />
        </p>
      </div>
    }
  `,
})
export class ReproductionPanel {
  private readonly api = inject(AnalysesApi);
  readonly trialCode = input.required<string>();
  readonly lookNumber = input.required<number>();
  /** Emitted after a reproduction (it is in the access log). */
  readonly reproduced = output<void>();

  protected readonly reproducing = signal(false);
  protected readonly reproduction = signal<Reproduction | null>(null);
  protected readonly reproductionProblem = signal<ApiProblem | null>(null);

  protected reproduce(): void {
    this.reproducing.set(true);
    this.reproductionProblem.set(null);
    this.api.reproduce(this.trialCode(), this.lookNumber()).subscribe({
      next: (check) => {
        this.reproducing.set(false);
        this.reproduction.set(check);
        this.reproduced.emit();
      },
      error: (error: unknown) => {
        this.reproducing.set(false);
        this.reproductionProblem.set(toApiProblem(error));
      },
    });
  }
}
