import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import {
  AnalysesApi,
  type BlindedProgress,
  describeFutility,
  describeSpending,
  plannedBoundaryTable,
  type PlannedBoundaryRow,
} from '@prospect/web-data-access/analyses';
import { DataTable, ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { BoundaryChart } from './charts/boundary-chart';
import { formatNumber } from './format';

/**
 * The pre-registered analysis plan of the protocol in force: hypothesis, α, spending and futility
 * rules and the boundaries at the planned looks. Computed from the plan alone (no data), so it is
 * the same for blinded and unblinded readers.
 */
@Component({
  selector: 'app-analysis-plan-panel',
  imports: [BoundaryChart, DataTable, ProblemAlert, DateTimePipe, HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Pre-registered analysis plan</h2>
      <app-problem-alert [problem]="problem()" />
      @if (!protocolVersion() && !context.problem()) {
        <p class="muted" role="status">
          {{ context.currentTrial() ? 'No protocol version is in force yet.' : 'Loading the protocol…' }}
        </p>
      }
      @if (protocolValue(); as protocol) {
        <dl class="facts">
          <dt>Protocol version in force</dt>
          <dd>
            {{ protocol.version }}
            @if (protocol.approval; as approval) {
              (approved {{ approval.approvedAt | dateTime }})
            }
            <app-hash-text [value]="protocol.contentSha256" label="protocol content hash" />
          </dd>
          <dt>Primary hypothesis</dt>
          <dd>
            H0: AUC ≤ {{ protocol.content.primaryHypothesis.nullValue }} against H1: AUC =
            {{ protocol.content.primaryHypothesis.alternativeValue }} (Wald test, DeLong standard error)
          </dd>
          <dt>Overall type I error</dt>
          <dd>α = {{ plan()!.alpha }}, {{ plan()!.sided === 1 ? 'one-sided' : 'two-sided' }}</dd>
          <dt>α-spending function</dt>
          <dd>{{ spending() }}</dd>
          <dt>Futility rule</dt>
          <dd>{{ futility() }}</dd>
          <dt>Planned sample size</dt>
          <dd>{{ protocol.content.plannedSampleSize }} per-protocol subjects with an outcome</dd>
          <dt>Decision threshold</dt>
          <dd>predicted positive when the locked probability ≥ {{ protocol.content.decisionThreshold }}</dd>
        </dl>
        @if (boundaryError()) {
          <p class="notice notice--warn" role="alert">
            The boundaries could not be computed: {{ boundaryError() }}
          </p>
        }
        <app-data-table
          caption="Planned looks and boundaries (z scale)"
          [columns]="columns()"
          [rows]="rows()"
          [fileName]="'analysis-plan-' + trialCode() + '.csv'"
        />
        <p class="muted">
          Boundaries at the planned information fractions. At each look the server recomputes them at the
          observed fraction with the same spending function (Lan–DeMets), so earlier boundaries never change.
          @if (plan()!.sided === 2) {
            The lower boundary is the negative of the efficacy boundary.
          }
        </p>
        <app-boundary-chart [plan]="plan()" />
      }
    </section>
  `,
})
export class AnalysisPlanPanel {
  private readonly api = inject(AnalysesApi);
  protected readonly context = inject(TrialContextStore);
  /** Blinded progress, to mark which looks were taken. */
  readonly progress = input<BlindedProgress | null>(null);

  protected readonly trialCode = computed(() => this.context.currentCode() ?? '');
  protected readonly protocolVersion = computed(() => this.context.currentTrial()?.protocolInForce ?? null);
  protected readonly protocol = rxResource({
    params: () => {
      const code = this.context.currentCode();
      const version = this.protocolVersion();
      return code && version ? { code, version } : undefined;
    },
    stream: ({ params }) => this.api.protocolVersion(params.code, params.version),
  });
  protected readonly protocolValue = computed(() =>
    this.protocol.hasValue() ? this.protocol.value() : null,
  );
  protected readonly problem = computed(() => {
    const error = this.protocol.error();
    return error ? toApiProblem(error) : null;
  });
  readonly plan = computed(() => this.protocolValue()?.content.interimPlan ?? null);
  protected readonly spending = computed(() => {
    const plan = this.plan();
    return plan ? describeSpending(plan.spending) : '';
  });
  protected readonly futility = computed(() => {
    const plan = this.plan();
    return plan ? describeFutility(plan) : '';
  });
  private readonly boundaries = computed<{ rows: PlannedBoundaryRow[]; error: string | null }>(() => {
    const plan = this.plan();
    if (!plan) return { rows: [], error: null };
    try {
      return { rows: plannedBoundaryTable(plan), error: null };
    } catch (error) {
      return { rows: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
  /** The planned boundaries, for the boundary chart. */
  readonly boundaryRows = computed(() => this.boundaries().rows);
  protected readonly boundaryError = computed(() => this.boundaries().error);
  protected readonly columns = computed(() => {
    const columns = [
      'Look',
      'Information fraction',
      'Subjects with outcome',
      'Efficacy boundary z',
      'Nominal one-sided p',
      'Cumulative α spent',
    ];
    if (this.plan()?.futility.type === 'non-binding-beta-spending') columns.push('Futility bound z');
    columns.push('Status');
    return columns;
  });
  protected readonly rows = computed(() => {
    const size = this.protocolValue()?.content.plannedSampleSize ?? 0;
    const progress = this.progress();
    const withFutility = this.plan()?.futility.type === 'non-binding-beta-spending';
    return this.boundaryRows().map((row) => {
      const planned = progress?.plannedLooks.find((look) => look.lookNumber === row.lookNumber);
      const status = planned?.analysed
        ? 'Taken'
        : progress?.nextLook?.lookNumber === row.lookNumber
          ? 'Next'
          : 'Planned';
      const cells: (string | number)[] = [
        `${row.lookNumber}${row.lookNumber === this.boundaryRows().length ? ' (final)' : ''}`,
        formatNumber(row.informationFraction, 2),
        Math.round(row.informationFraction * size),
        formatNumber(row.criticalValue, 3),
        formatNumber(row.nominalLevel, 5),
        formatNumber(row.cumulativeAlphaSpent, 5),
      ];
      if (withFutility) cells.push(row.futilityBound === null ? '—' : formatNumber(row.futilityBound, 3));
      cells.push(status);
      return cells;
    });
  });
}
