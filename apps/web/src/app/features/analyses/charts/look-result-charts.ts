import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  lookCharts,
  ROC_BAND_REPLICATES,
  sampleFromSnapshot,
  type ChartSample,
  type LookCharts,
  type ReportAnalysisResult,
  type ReportSnapshot,
} from '@prospect/report';
import { ChartPanel } from '@prospect/web-ui/charts';

/** The look an analysis result belongs to: its number and result hash (the band's bootstrap seed). */
export interface ChartLook {
  readonly lookNumber: number;
  readonly resultSha256: string;
}

/**
 * The unblinded charts of one analysed look (DMC): ROC curve with its bootstrap band,
 * calibration and decision curve of the primary (per-protocol) analysis, and forest plots of the
 * AUC by site and by each subgroup. Built by the submission report's own mapping (@prospect/report
 * `lookCharts`), so the screen shows the report's curves and numbers.
 *
 * `sample` is the look's frozen snapshot (`GET …/analyses/{n}/snapshot`) or the per-protocol
 * scores and outcomes; without it the ROC curve and calibration plot are left out and the page
 * says why. The threshold defaults to the snapshot's locked decision threshold.
 */
@Component({
  selector: 'app-look-result-charts',
  imports: [ChartPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let all = charts();
    @if (all.primaryUnavailable) {
      <p class="notice notice--warn" role="status">
        Look {{ look().lookNumber }}: the primary analysis could not be computed ({{
          all.primaryUnavailable
        }}).
      </p>
    }
    @if (all.performance; as performance) {
      @if (performance.roc) {
        <app-chart-panel
          [chart]="performance.roc.spec"
          [caption]="performance.roc.caption"
          [headingLevel]="headingLevel()"
        />
      }
      @if (performance.calibration) {
        <app-chart-panel
          [chart]="performance.calibration.spec"
          [caption]="performance.calibration.caption"
          [headingLevel]="headingLevel()"
        />
      }
      @if (!performance.roc) {
        <p class="notice" role="status">{{ missingSample() }}</p>
      }
      <app-chart-panel
        [chart]="performance.decisionCurve.spec"
        [caption]="performance.decisionCurve.caption"
        [headingLevel]="headingLevel()"
      />
    }
    @for (forest of all.forests; track forest.name) {
      @if ('chart' in forest) {
        <app-chart-panel
          [chart]="forest.chart.spec"
          [caption]="forest.chart.caption"
          [headingLevel]="headingLevel()"
        />
      } @else {
        <p class="muted">
          {{ forest.by === 'site' ? 'By site' : 'Subgroup ' + forest.name }}: not available ({{
            forest.unavailable
          }}).
        </p>
      }
    }
  `,
})
export class LookResultCharts {
  /** The look's result (`GET …/analyses/{n}/result` → `result`). */
  readonly result = input.required<ReportAnalysisResult>();
  readonly look = input.required<ChartLook>();
  /** The look's snapshot (or per-protocol sample); null when not loaded. */
  readonly sample = input<
    (ReportSnapshot & { readonly design?: { readonly threshold: number } }) | ChartSample | null
  >(null);
  /** Locked decision threshold; by default the snapshot's. */
  readonly threshold = input<number | null>(null);
  /** Bootstrap replicates of the ROC band; the report's by default, so both show the same band. */
  readonly replicates = input(ROC_BAND_REPLICATES);
  readonly headingLevel = input(3);

  private readonly chartSample = computed<ChartSample | null>(() => {
    const sample = this.sample();
    if (!sample) return null;
    return 'subjects' in sample ? sampleFromSnapshot(sample) : sample;
  });

  protected readonly charts = computed<LookCharts>(() => {
    const sample = this.sample();
    const threshold =
      this.threshold() ?? (sample && 'subjects' in sample ? sample.design?.threshold : null) ?? Number.NaN;
    return lookCharts({
      look: this.look(),
      result: this.result(),
      sample: this.chartSample(),
      threshold,
      replicates: this.replicates(),
    });
  });

  protected readonly missingSample = computed(() => {
    const sample = this.chartSample();
    const result = this.result();
    const n = result.primary.n;
    return sample === null
      ? 'The ROC curve and calibration plot are drawn from the look’s per-subject snapshot, which is not loaded.'
      : `The snapshot’s per-protocol sample (${sample.scores.length} subjects) does not match the result (${n} subjects): the ROC curve and calibration plot are left out.`;
  });
}
