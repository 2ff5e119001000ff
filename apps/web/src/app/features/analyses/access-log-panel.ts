import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi } from '@prospect/web-data-access/analyses';
import { DataTable, ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';

const ACTIONS: Readonly<Record<string, string>> = {
  'analysis.viewed-unblinded': 'Viewed the unblinded result',
  'analysis.snapshot-viewed': 'Viewed the subject-level snapshot',
  'analysis.reproduced': 'Reproduced the analysis',
};

/** Who viewed the look's unblinded result or snapshot, and when (DMC and monitors). */
@Component({
  selector: 'app-access-log-panel',
  imports: [DataTable, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="access-title">
      <h2 id="access-title">Access log</h2>
      <div class="actions">
        <button
          type="button"
          class="button button--secondary button--small"
          (click)="log.reload()"
          [disabled]="log.isLoading()"
        >
          Refresh
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      <app-data-table
        caption="Views of the unblinded result and snapshot of this look"
        [columns]="['When', 'Who', 'What']"
        [rows]="rows()"
        empty="Nobody has opened the unblinded result of this look."
        [fileName]="'look-' + lookNumber() + '-access-log.csv'"
      />
    </section>
  `,
})
export class AccessLogPanel {
  private readonly api = inject(AnalysesApi);
  readonly trialCode = input.required<string>();
  readonly lookNumber = input.required<number>();
  /** Bump to reload (after the DMC opened the result). */
  readonly version = input(0);

  protected readonly log = rxResource({
    params: () => ({ code: this.trialCode(), look: this.lookNumber(), version: this.version() }),
    stream: ({ params }) => this.api.accessLog(params.code, params.look),
  });
  protected readonly problem = computed(() => (this.log.error() ? toApiProblem(this.log.error()) : null));
  protected readonly rows = computed(() =>
    (this.log.hasValue() ? this.log.value() : []).map((entry) => [
      formatDateTime(entry.at),
      entry.username ?? 'unknown',
      ACTIONS[entry.action] ?? entry.action,
    ]),
  );
}
