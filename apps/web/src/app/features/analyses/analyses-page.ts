import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi } from '@prospect/web-data-access/analyses';
import { ProblemAlert } from '@prospect/web-ui';
import { AnalysisPlanPanel } from './analysis-plan-panel';
import { InputShiftPanel } from './input-shift-panel';
import { LooksPanel } from './looks-panel';
import { ProgressPanel } from './progress-panel';

/**
 * Plan and status: the pre-registered plan with its boundaries, blinded progress, input shift and
 * the looks (hashes, status, signatures). Nothing here is unblinded: no result or snapshot is
 * requested, whoever reads it.
 */
@Component({
  selector: 'app-analyses-page',
  imports: [AnalysisPlanPanel, InputShiftPanel, LooksPanel, ProblemAlert, ProgressPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Analyses</h1>
    <p class="muted">
      Interim and final analyses under the protocol's group-sequential plan.
      @if (isDmc()) {
        Open a look to read its unblinded result.
      } @else {
        Results are for the data monitoring committee only; this page shows the plan, blinded progress and
        each look's hashes, status and signatures.
      }
    </p>
    <app-analysis-plan-panel [progress]="progressValue()" />
    <app-problem-alert [problem]="progressProblem()" />
    <app-progress-panel [progress]="progressValue()" />
    <app-problem-alert [problem]="looksProblem()" />
    <app-looks-panel
      [trialCode]="trialCode()"
      [looks]="looksValue()"
      [progress]="progressValue()"
      [canRequest]="isStatistician()"
      (changed)="reload()"
    />
    <app-problem-alert [problem]="shiftProblem()" />
    <app-input-shift-panel [shift]="shiftValue()" />
  `,
})
export class AnalysesPage {
  private readonly api = inject(AnalysesApi);
  private readonly context = inject(TrialContextStore);
  protected readonly trialCode = computed(() => this.context.currentCode() ?? '');
  protected readonly isStatistician = computed(() => this.context.roles().includes('statistician'));
  protected readonly isDmc = computed(() => this.context.roles().includes('dmc'));

  protected readonly progress = rxResource({
    params: () => this.context.currentCode() || undefined,
    stream: ({ params }) => this.api.progress(params),
  });
  protected readonly looks = rxResource({
    params: () => this.context.currentCode() || undefined,
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly shift = rxResource({
    params: () => this.context.currentCode() || undefined,
    stream: ({ params }) => this.api.inputShift(params),
  });
  protected readonly progressValue = computed(() =>
    this.progress.hasValue() ? this.progress.value() : null,
  );
  protected readonly looksValue = computed(() => (this.looks.hasValue() ? this.looks.value() : []));
  protected readonly shiftValue = computed(() => (this.shift.hasValue() ? this.shift.value() : null));
  protected readonly progressProblem = computed(() => problemOf(this.progress.error()));
  protected readonly looksProblem = computed(() => problemOf(this.looks.error()));
  protected readonly shiftProblem = computed(() => problemOf(this.shift.error()));

  protected reload(): void {
    this.progress.reload();
    this.looks.reload();
  }
}

function problemOf(error: unknown) {
  return error ? toApiProblem(error) : null;
}
