import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EconomicEvaluationResult } from '@prospect/economics';
import { evaluationCharts } from '@prospect/report';
import { ChartPanel } from '@prospect/web-ui/charts';

/**
 * The cost-effectiveness plane and acceptability curves of an economic evaluation
 * (`GET …/economic-evaluations/{n}/result` → `result`), as the submission report draws them.
 */
@Component({
  selector: 'app-evaluation-charts',
  imports: [ChartPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (chart of charts(); track chart.spec.id) {
      <app-chart-panel [chart]="chart.spec" [caption]="chart.caption" [headingLevel]="headingLevel()" />
    } @empty {
      <p class="muted">
        No probabilistic sensitivity analysis was run (0 draws): there is no cost-effectiveness plane or
        acceptability curve to draw.
      </p>
    }
  `,
})
export class EvaluationCharts {
  readonly result = input.required<EconomicEvaluationResult>();
  readonly headingLevel = input(3);

  protected readonly charts = computed(() => evaluationCharts(this.result()));
}
