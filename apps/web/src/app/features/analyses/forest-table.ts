import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SubgroupPerformance } from '@prospect/web-data-access/analyses';
import { DataTable } from '@prospect/web-ui';
import { formatEstimate, formatNumber } from './format';

/** Performance by site or subgroup with the heterogeneity test (per-protocol population). */
@Component({
  selector: 'app-forest-table',
  imports: [DataTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (unavailable()) {
      <p class="muted">{{ title() }}: not available ({{ unavailable() }}).</p>
    } @else {
      <app-data-table
        [caption]="title()"
        [columns]="['Group', 'n', 'Positive', 'AUC (95% CI)', 'Sensitivity (95% CI)', 'Specificity (95% CI)']"
        [rows]="rows()"
      />
      <p class="muted">{{ heterogeneity() }}</p>
    }
  `,
})
export class ForestTable {
  readonly title = input.required<string>();
  readonly performance = input.required<SubgroupPerformance | { readonly unavailable: string }>();

  protected readonly unavailable = computed(() => {
    const performance = this.performance();
    return 'unavailable' in performance ? performance.unavailable : null;
  });
  protected readonly rows = computed(() => {
    const performance = this.performance();
    if ('unavailable' in performance) return [];
    return performance.groups.map((group) => [
      group.name,
      group.n,
      group.events,
      group.auc ? formatEstimate(group.auc.estimate, group.auc.ci) : (group.reason ?? 'not computed'),
      formatEstimate(group.sensitivity.estimate, group.sensitivity.ci),
      formatEstimate(group.specificity.estimate, group.specificity.ci),
    ]);
  });
  protected readonly heterogeneity = computed(() => {
    const performance = this.performance();
    if ('unavailable' in performance) return '';
    const test = performance.heterogeneity;
    if (!test)
      return `Heterogeneity not tested${performance.heterogeneityReason ? `: ${performance.heterogeneityReason}` : ''}.`;
    return `Heterogeneity of the AUC across ${test.k} groups: Q = ${formatNumber(test.q)}, df = ${test.df}, p = ${formatNumber(test.p, 4)}, I² = ${formatNumber(test.i2 * 100, 1)}%${performance.heterogeneityReason ? ` (${performance.heterogeneityReason})` : ''}.`;
  });
}
