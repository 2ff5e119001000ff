import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  AnalysesApi,
  type AnalysisResult,
  type AnalysisSnapshot,
  decisionStatement,
} from '@prospect/web-data-access/analyses';
import { DataTable, ProblemAlert } from '@prospect/web-ui';
import { forkJoin } from 'rxjs';
import { BoundaryChart } from './charts/boundary-chart';
import { LookResultCharts } from './charts/look-result-charts';
import { ForestTable } from './forest-table';
import { formatNumber, formatPercent } from './format';
import { PerformanceTable } from './performance-table';
import { ReproductionPanel } from './reproduction-panel';

const TONE_CLASS = {
  stop: 'notice notice--error',
  futility: 'notice notice--warn',
  continue: 'notice notice--good',
  final: 'notice',
  inconclusive: 'notice notice--warn',
} as const;

/**
 * The DMC's unblinded result of one look, opened on request (the API audits every view): the
 * decision the plan implies, the test statistic against the boundaries, performance with
 * intervals, sites and subgroups, the charts and the reproduction check. Created only for DMC members.
 */
@Component({
  selector: 'app-look-result-panel',
  imports: [
    BoundaryChart,
    DataTable,
    ForestTable,
    LookResultCharts,
    PerformanceTable,
    ProblemAlert,
    ReproductionPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="result-title">
      <h2 id="result-title">Unblinded result (data monitoring committee)</h2>
      <p class="notice notice--warn">
        Opening the result and the subject-level snapshot is recorded in the audit trail: your name, the time
        and the look. The committee and the trial monitors can read this record in the access log below.
      </p>
      @if (!result()) {
        <div class="actions">
          <button type="button" class="button" [disabled]="loading() || !isComputed()" (click)="open()">
            {{ loading() ? 'Opening…' : 'Open the unblinded result' }}
          </button>
        </div>
        @if (!isComputed()) {
          <p class="muted">The look is not computed yet.</p>
        }
      }
      <app-problem-alert [problem]="problem()" />
      @if (result(); as result) {
        @if (decision(); as decision) {
          <div [class]="decisionClass() + ' decision'" role="status" aria-live="polite">
            <p>
              <strong>Decision the plan implies: {{ decision.headline }}.</strong>
            </p>
            <p>{{ decision.explanation }}</p>
            <p>{{ result.rationale }}</p>
          </div>
        }
        <dl class="facts">
          <dt>Look</dt>
          <dd>
            {{ result.lookNumber }} of {{ result.plannedLooks
            }}{{ result.final ? ' (final analysis)' : ' (interim)' }}
          </dd>
          <dt>Information fraction</dt>
          <dd>
            {{ percent(result.informationFraction) }} ({{ result.counts.perProtocol }} per-protocol subjects
            with an outcome)
          </dd>
          <dt>Test statistic</dt>
          <dd>{{ zText() }}</dd>
          <dt>Efficacy boundary at this look</dt>
          <dd>
            z ≥ {{ number(result.criticalValue) }}
            @if (twoSided()) {
              (lower boundary z ≤ −{{ number(result.criticalValue) }})
            }
            @if (result.crossed) {
              <span class="badge badge--bad">{{ result.crossed }} boundary crossed</span>
            } @else {
              <span class="badge badge--neutral">not crossed</span>
            }
          </dd>
          <dt>Futility</dt>
          <dd>{{ futilityText() }}</dd>
          @if (result.conditionalPower; as power) {
            <dt>Conditional power</dt>
            <dd>
              {{ percent(power.currentTrend) }} under the current trend,
              {{ percent(power.underAlternative) }} under the protocol's alternative
              @if (power.futilityThreshold !== null) {
                (futility threshold {{ percent(power.futilityThreshold) }})
              }
            </dd>
          }
        </dl>
        <app-data-table
          caption="Boundaries recomputed at the observed information (Lan–DeMets)"
          [columns]="[
            'Look',
            'Information fraction',
            'Efficacy boundary z',
            'Nominal one-sided p',
            'Cumulative α spent',
            'Observed z',
          ]"
          [rows]="boundaryRows()"
          [fileName]="'look-' + lookNumber() + '-boundaries.csv'"
        />
        <app-boundary-chart
          [plan]="snapshot()?.design?.interimPlan ?? null"
          [result]="result"
          [headingLevel]="4"
        />
        <h3>Primary analysis (per protocol)</h3>
        <app-performance-table
          [population]="result.primary"
          title="Per-protocol population"
          [fileName]="'look-' + lookNumber() + '-primary.csv'"
        />
        <h3>Charts of the primary analysis</h3>
        <app-look-result-charts
          [result]="result"
          [look]="chartLook()"
          [sample]="snapshot()"
          [headingLevel]="4"
        />
        <h3>Sensitivity analysis (every locked subject with an outcome)</h3>
        <app-performance-table [population]="result.sensitivity" title="Sensitivity population" />
        <h3>Subject flow in the snapshot</h3>
        <app-data-table
          caption="Counts frozen with the look"
          [columns]="['Group', 'Subjects']"
          [rows]="countRows()"
        />
        <h3>By site and subgroup</h3>
        <app-forest-table title="Performance by site" [performance]="result.sites" />
        @for (subgroup of result.subgroups; track subgroup.name) {
          @if ('performance' in subgroup) {
            <app-forest-table
              [title]="'Performance by ' + subgroup.label"
              [performance]="subgroup.performance"
            />
          } @else {
            <p class="muted">Subgroup {{ subgroup.name }}: not available ({{ subgroup.unavailable }}).</p>
          }
        }
        <app-reproduction-panel
          [trialCode]="trialCode()"
          [lookNumber]="lookNumber()"
          (reproduced)="viewed.emit()"
        />
      }
    </section>
  `,
})
export class LookResultPanel {
  private readonly api = inject(AnalysesApi);
  readonly trialCode = input.required<string>();
  readonly lookNumber = input.required<number>();
  readonly isComputed = input(true);
  /** Emitted after the result was opened (the access log has a new entry). */
  readonly viewed = output<void>();

  protected readonly loading = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly result = signal<AnalysisResult | null>(null);
  readonly snapshot = signal<AnalysisSnapshot | null>(null);
  private readonly resultSha256 = signal('');
  protected readonly chartLook = computed(() => ({
    lookNumber: this.lookNumber(),
    resultSha256: this.resultSha256(),
  }));

  protected readonly decision = computed(() => {
    const result = this.result();
    return result ? decisionStatement(result.decision) : null;
  });
  protected readonly decisionClass = computed(() => TONE_CLASS[this.decision()?.tone ?? 'final']);
  protected readonly twoSided = computed(() => this.snapshot()?.design.interimPlan.sided === 2);
  protected readonly zText = computed(() => {
    const result = this.result();
    if (!result) return '';
    const primary = result.primary;
    if (!primary.available) return `not computed: ${primary.reason}`;
    if (!primary.test) return `not computed: ${primary.testUnavailable ?? 'unavailable'}`;
    return `z = ${formatNumber(primary.test.z)} (AUC ${formatNumber(primary.report.auc.estimate)} against H0 AUC ≤ ${primary.test.auc0}; one-sided p = ${formatNumber(primary.test.p, 4)})`;
  });
  protected readonly futilityText = computed(() => {
    const futility = this.result()?.futility;
    if (!futility || futility.rule === 'none') return 'No futility rule in the plan.';
    if (futility.rule === 'conditional-power')
      return 'Conditional-power rule (non-binding); see conditional power.';
    return futility.bound === null
      ? 'Non-binding β-spending: no bound at this look.'
      : `Non-binding β-spending: consider stopping when z < ${formatNumber(futility.bound)}.`;
  });
  protected readonly boundaryRows = computed(() => {
    const result = this.result();
    if (!result) return [];
    const observed = result.boundaries.observed;
    return observed.informationFractions.map((fraction, index) => [
      index + 1,
      formatNumber(fraction),
      formatNumber(observed.criticalValues[index]),
      formatNumber(observed.stageLevels[index], 5),
      formatNumber(observed.alphaSpent[index], 5),
      formatNumber(result.boundaries.zStatistics[index] ?? null),
    ]);
  });
  protected readonly countRows = computed(() => {
    const counts = this.result()?.counts;
    if (!counts) return [];
    return [
      ['Locked', counts.locked],
      ['With an outcome', counts.withOutcome],
      ['Per protocol with an outcome', counts.perProtocol],
      ['Outcome pending', counts.outcomePending],
      ['Outcome conflicting', counts.outcomeConflicting],
      ['Outcome missing', counts.outcomeMissing],
      ['Withdrawn', counts.withdrawn],
      ...Object.entries(counts.excluded).map(([reason, count]) => [`Excluded: ${reason}`, count]),
    ];
  });

  protected number(value: number): string {
    return formatNumber(value);
  }

  protected percent(value: number): string {
    return formatPercent(value);
  }

  protected open(): void {
    this.loading.set(true);
    this.problem.set(null);
    forkJoin({
      look: this.api.result(this.trialCode(), this.lookNumber()),
      snapshot: this.api.snapshot(this.trialCode(), this.lookNumber()),
    }).subscribe({
      next: ({ look, snapshot }) => {
        this.loading.set(false);
        this.snapshot.set(snapshot);
        this.resultSha256.set(look.resultSha256 ?? '');
        this.result.set(look.result);
        if (!look.result) this.problem.set(toApiProblem(new Error('The look has no stored result yet.')));
        this.viewed.emit();
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.problem.set(toApiProblem(error));
        this.viewed.emit();
      },
    });
  }
}
