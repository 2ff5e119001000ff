import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  EconomicsApi,
  type HealthEconomicsPlanInput,
  type PlanAmendment,
} from '@prospect/web-data-access/economics';
import { DataTable, ProblemAlert } from '@prospect/web-ui';
import { formatMoney, formatPercent } from '../analyses/format';

let nextId = 0;

/** The health-economic analysis plan in force and, for the statistician, a plan amendment. */
@Component({
  selector: 'app-he-plan-panel',
  imports: [DataTable, FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="he-plan-title">
      <h2 id="he-plan-title">Health-economic analysis plan</h2>
      @if (noPlan()) {
        <p class="notice notice--warn" role="status">{{ noPlan() }}</p>
      } @else {
        <app-problem-alert [problem]="loadProblem()" />
      }
      @if (view(); as view) {
        @let plan = view.plan;
        <dl class="facts">
          <dt>Protocol version</dt>
          <dd>{{ view.protocolVersion }}</dd>
          <dt>Perspective</dt>
          <dd>{{ plan.perspective }}</dd>
          <dt>Time horizon</dt>
          <dd>{{ plan.timeHorizonYears }} years</dd>
          <dt>Discount rates</dt>
          <dd>
            costs {{ percent(plan.discountRates.costs) }}, effects {{ percent(plan.discountRates.effects) }} a
            year
          </dd>
          <dt>Currency and price year</dt>
          <dd>{{ plan.currency }}, {{ plan.priceYear }}</dd>
          <dt>Effect measure</dt>
          <dd>{{ plan.effectMeasure === 'qaly' ? 'QALYs' : 'Life-years' }}</dd>
          <dt>Alternative for predicted non-responders</dt>
          <dd>{{ plan.alternativePathway }}</dd>
          <dt>Strategies</dt>
          <dd>
            Standard of care, model-guided care{{
              plan.includeTreatAllAlternative ? ', the alternative for everyone' : ''
            }}
          </dd>
          <dt>Willingness-to-pay thresholds</dt>
          <dd>{{ wtp() }} per {{ plan.effectMeasure === 'qaly' ? 'QALY' : 'life-year' }}</dd>
          <dt>Acceptability grid</dt>
          <dd>
            {{ money(plan.wtpGrid.from) }} to {{ money(plan.wtpGrid.to) }}, {{ plan.wtpGrid.points }} points
          </dd>
          <dt>Population for EVPI</dt>
          <dd>{{ plan.population.patientsPerYear }} patients a year for {{ plan.population.years }} years</dd>
        </dl>
        <app-data-table
          caption="Model parameters"
          [columns]="['Name', 'Label', 'Base value', 'One-way range', 'PSA distribution', 'Unit']"
          [rows]="parameterRows()"
          fileName="health-economic-parameters.csv"
        />
        <app-data-table
          caption="Costs and effects by pathway"
          [columns]="['Pathway', 'Costs', 'Effects (utility × years)']"
          [rows]="pathwayRows()"
        />
      }
      @if (canAmend()) {
        <details (toggle)="ensureDraft()">
          <summary>Propose a plan amendment</summary>
          <p class="muted">
            The plan is part of the protocol: submitting creates a new protocol version, in force once an
            administrator approves it with a signature. Edit the plan as JSON; the server validates every
            field.
          </p>
          <form class="form" (ngSubmit)="submit()">
            <label [for]="id + '-plan'">Plan (JSON)</label>
            <textarea
              [id]="id + '-plan'"
              name="plan"
              rows="16"
              required
              [ngModel]="draft()"
              (ngModelChange)="draft.set($event)"
            ></textarea>
            @if (parseError()) {
              <p class="field-error" role="alert">{{ parseError() }}</p>
            }
            <label [for]="id + '-reason'">Reason for the amendment</label>
            <textarea
              [id]="id + '-reason'"
              name="reason"
              rows="2"
              required
              maxlength="2000"
              [ngModel]="reason()"
              (ngModelChange)="reason.set($event)"
            ></textarea>
            <div class="actions">
              <button type="submit" class="button" [disabled]="busy() || !reason().trim() || !draft().trim()">
                Submit the amendment
              </button>
            </div>
          </form>
          <app-problem-alert [problem]="problem()" />
          @if (amendment(); as amendment) {
            <p class="notice notice--good" role="status">
              Protocol version {{ amendment.version }} created ({{ amendment.status }}). It takes effect once
              approved.
            </p>
          }
        </details>
      }
    </section>
  `,
})
export class HePlanPanel {
  private readonly api = inject(EconomicsApi);
  readonly trialCode = input.required<string>();
  readonly canAmend = input(false);
  protected readonly id = `he-plan-${nextId++}`;

  protected readonly plan = rxResource({
    params: () => this.trialCode() || undefined,
    stream: ({ params }) => this.api.plan(params),
  });
  protected readonly view = computed(() => (this.plan.hasValue() ? this.plan.value() : null));
  private readonly problemOfLoad = computed(() =>
    this.plan.error() ? toApiProblem(this.plan.error()) : null,
  );
  protected readonly noPlan = computed(() => {
    const problem = this.problemOfLoad();
    return problem?.code === 'NO_HEALTH_ECONOMIC_PLAN' ? problem.detail : null;
  });
  protected readonly loadProblem = this.problemOfLoad;

  protected readonly draft = signal('');
  protected readonly reason = signal('');
  protected readonly busy = signal(false);
  protected readonly parseError = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly amendment = signal<PlanAmendment | null>(null);

  protected readonly wtp = computed(() =>
    (this.view()?.plan.willingnessToPay ?? []).map((value) => this.money(value)).join(', '),
  );
  protected readonly parameterRows = computed(() =>
    (this.view()?.plan.parameters ?? []).map((parameter) => [
      parameter.name,
      parameter.label,
      parameter.value,
      parameter.low === undefined ? '—' : `${parameter.low} to ${parameter.high}`,
      parameter.distribution.type === 'fixed'
        ? 'fixed'
        : `${parameter.distribution.type} (SD ${parameter.distribution.sd})`,
      parameter.unit ?? '',
    ]),
  );
  protected readonly pathwayRows = computed(() => {
    const plan = this.view()?.plan;
    if (!plan) return [];
    const costs = (terms: readonly { parameter: string; recurringYears?: string }[]) =>
      terms
        .map((term) =>
          term.recurringYears ? `${term.parameter} × ${term.recurringYears} years` : term.parameter,
        )
        .join(', ') || '—';
    return [
      ['Test (model-guided strategy)', costs(plan.testCosts), '—'],
      ...Object.entries(plan.pathways).map(([name, pathway]) => [
        name,
        costs(pathway.costs),
        pathway.effects.map((effect) => `${effect.utility} × ${effect.years}`).join(', ') || '—',
      ]),
    ];
  });

  protected money(value: number): string {
    return formatMoney(value, this.view()?.plan.currency ?? 'EUR');
  }

  protected percent(value: number): string {
    return formatPercent(value, 1);
  }

  /** Fills the editor with the plan in force (or leaves the user's draft). */
  protected ensureDraft(): void {
    const view = this.view();
    if (!this.draft() && view) this.draft.set(JSON.stringify(view.plan, null, 2));
  }

  protected submit(): void {
    this.parseError.set(null);
    this.problem.set(null);
    let plan: unknown;
    try {
      plan = JSON.parse(this.draft());
    } catch (error) {
      this.parseError.set(
        `The plan is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
      this.parseError.set('The plan must be a JSON object.');
      return;
    }
    this.busy.set(true);
    this.api.definePlan(this.trialCode(), plan as HealthEconomicsPlanInput, this.reason().trim()).subscribe({
      next: (amendment) => {
        this.busy.set(false);
        this.amendment.set(amendment);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.problem.set(toApiProblem(error));
      },
    });
  }
}
