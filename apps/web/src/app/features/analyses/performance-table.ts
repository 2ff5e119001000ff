import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PopulationResult } from '@prospect/web-data-access/analyses';
import { DataTable } from '@prospect/web-ui';
import { formatEstimate, formatInterval, formatNumber } from './format';

/** One analysis population's performance at the locked threshold, every estimate with its interval. */
@Component({
  selector: 'app-performance-table',
  imports: [DataTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (population(); as population) {
      @if (population.available) {
        <app-data-table
          [caption]="
            title() + ': ' + population.n + ' subjects, ' + population.events + ' with the positive class'
          "
          [columns]="['Measure', 'Estimate (95% CI)', 'Interval method']"
          [rows]="rows()"
          [fileName]="fileName()"
        />
        @if (confusion(); as c) {
          <div class="table-wrap">
            <table class="table table--compact">
              <caption>
                {{
                  title()
                }}: confusion at the locked threshold
              </caption>
              <thead>
                <tr>
                  <td></td>
                  <th scope="col">Outcome positive</th>
                  <th scope="col">Outcome negative</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Predicted positive</th>
                  <td class="numeric">TP {{ c.tp }}</td>
                  <td class="numeric">FP {{ c.fp }}</td>
                </tr>
                <tr>
                  <th scope="row">Predicted negative</th>
                  <td class="numeric">FN {{ c.fn }}</td>
                  <td class="numeric">TN {{ c.tn }}</td>
                </tr>
              </tbody>
            </table>
          </div>
        }
      } @else {
        <p class="notice notice--warn">
          {{ title() }}: not computed ({{ population.n }} subjects, {{ population.events }} positive) —
          {{ population.reason }}.
        </p>
      }
    }
  `,
})
export class PerformanceTable {
  readonly population = input.required<PopulationResult>();
  readonly title = input.required<string>();
  readonly fileName = input<string | null>(null);

  protected readonly confusion = computed(() => {
    const population = this.population();
    return population.available ? population.report.confusion : null;
  });

  protected readonly rows = computed(() => {
    const population = this.population();
    if (!population.available) return [];
    const report = population.report;
    const proportion = (label: string, value: typeof report.sensitivity): string[] => [
      label,
      formatEstimate(value.estimate, value.wilson),
      value.estimate === null
        ? 'undefined: no subject in the denominator'
        : `Wilson; exact (Clopper–Pearson) ${formatInterval(value.clopperPearson)}`,
    ];
    const rows: (string | number)[][] = [
      [
        'AUC',
        formatEstimate(report.auc.estimate, report.auc.ci),
        `DeLong, SE ${formatNumber(report.auc.se)}`,
      ],
      proportion('Sensitivity', report.sensitivity),
      proportion('Specificity', report.specificity),
      proportion('PPV', report.ppv),
      proportion('NPV', report.npv),
    ];
    const calibration = report.calibration;
    if ('unavailable' in calibration) {
      rows.push(['Calibration', `not available: ${calibration.unavailable}`, '—']);
    } else {
      rows.push(
        [
          'Calibration intercept (in the large; ideal 0)',
          formatEstimate(calibration.intercept.estimate, calibration.intercept.ci),
          'Wald',
        ],
        [
          'Calibration slope (ideal 1)',
          formatEstimate(calibration.slope.estimate, calibration.slope.ci),
          'Wald',
        ],
        [
          'Brier score',
          formatNumber(calibration.brier),
          `scaled Brier ${formatNumber(calibration.scaledBrier)}`,
        ],
      );
    }
    if (population.test) {
      rows.push([
        `Test of H0: AUC ≤ ${population.test.auc0}`,
        `z = ${formatNumber(population.test.z)}`,
        `one-sided p = ${formatNumber(population.test.p, 4)}`,
      ]);
    } else if (population.testUnavailable) {
      rows.push(['Primary test', 'not computed', population.testUnavailable]);
    }
    return rows;
  });
}
