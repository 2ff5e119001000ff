import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { InterimPlan } from '@prospect/domain';
import {
  analysisBoundaryChart,
  plannedBoundaryChart,
  type ReportAnalysisResult,
  type ReportChart,
} from '@prospect/report';
import { ChartPanel } from '@prospect/web-ui/charts';

/**
 * The group-sequential boundaries. Given only the protocol's interim plan (`content.interimPlan`
 * of `GET …/protocol-versions/{version}`), it draws the plan's efficacy (and β-spending futility)
 * boundaries at the planned information fractions, computed in the browser with the same spending
 * functions as the analyses: what a blinded statistician may see. Given the latest look's result
 * (DMC), it draws the boundaries at the observed information fractions with each completed look's
 * z statistic, as the submission report does; the plan then only adds the lower boundary of a
 * two-sided design.
 */
@Component({
  selector: 'app-boundary-chart',
  imports: [ChartPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (chart(); as chart) {
      <app-chart-panel [chart]="chart.spec" [caption]="chart.caption" [headingLevel]="headingLevel()" />
    } @else if (failure()) {
      <p class="notice notice--error" role="alert">The boundaries could not be computed: {{ failure() }}</p>
    }
  `,
})
export class BoundaryChart {
  readonly plan = input<InterimPlan | null>(null);
  /** The latest look's result (DMC only); null for blinded views. */
  readonly result = input<ReportAnalysisResult | null>(null);
  readonly headingLevel = input(3);

  private readonly built = computed<{ chart: ReportChart | null; failure: string | null }>(() => {
    const result = this.result();
    const plan = this.plan();
    try {
      if (result) {
        return { chart: analysisBoundaryChart(result, plan ? { sided: plan.sided } : {}), failure: null };
      }
      return { chart: plan ? plannedBoundaryChart(plan) : null, failure: null };
    } catch (error) {
      return { chart: null, failure: error instanceof Error ? error.message : String(error) };
    }
  });

  protected readonly chart = computed(() => this.built().chart);
  protected readonly failure = computed(() => this.built().failure);
}
