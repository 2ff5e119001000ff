import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi } from '@prospect/web-data-access/analyses';
import { EconomicsApi } from '@prospect/web-data-access/economics';
import { ProblemAlert } from '@prospect/web-ui';
import { EvaluationsPanel } from './evaluations-panel';
import { HePlanPanel } from './plan-panel';

/** Cost-effectiveness: the plan in force, the evaluations and (statistician) a new evaluation. */
@Component({
  selector: 'app-economics-page',
  imports: [EvaluationsPanel, HePlanPanel, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Cost-effectiveness</h1>
    <p class="muted">
      The pre-registered health-economic evaluation of model-guided care, run on a computed look's frozen
      snapshot.
      @if (!canReadResults()) {
        Results are for the statistician and the data monitoring committee; this page shows the plan and each
        evaluation's hashes, status and signatures.
      }
    </p>
    <app-he-plan-panel [trialCode]="trialCode()" [canAmend]="isStatistician()" />
    <app-problem-alert [problem]="problem()" />
    <app-evaluations-panel
      [trialCode]="trialCode()"
      [evaluations]="evaluationsValue()"
      [looks]="looksValue()"
      [canRequest]="isStatistician()"
      (changed)="evaluations.reload()"
    />
  `,
})
export class EconomicsPage {
  private readonly api = inject(EconomicsApi);
  private readonly analyses = inject(AnalysesApi);
  private readonly context = inject(TrialContextStore);
  protected readonly trialCode = computed(() => this.context.currentCode() ?? '');
  protected readonly isStatistician = computed(() => this.context.roles().includes('statistician'));
  protected readonly canReadResults = computed(() =>
    this.context.roles().some((role) => role === 'statistician' || role === 'dmc'),
  );

  protected readonly evaluations = rxResource({
    params: () => this.context.currentCode() || undefined,
    stream: ({ params }) => this.api.list(params),
  });
  /** The looks (blinded list), for the statistician to choose the one to evaluate. */
  protected readonly looks = rxResource({
    params: () => (this.isStatistician() ? this.context.currentCode() || undefined : undefined),
    stream: ({ params }) => this.analyses.list(params),
  });
  protected readonly evaluationsValue = computed(() =>
    this.evaluations.hasValue() ? this.evaluations.value() : [],
  );
  protected readonly looksValue = computed(() => (this.looks.hasValue() ? this.looks.value() : []));
  protected readonly problem = computed(() => {
    const error = this.evaluations.error() ?? this.looks.error();
    return error ? toApiProblem(error) : null;
  });
}
