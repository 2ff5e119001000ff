import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  type EconomicEvaluationResult,
  probabilityCostEffective,
  strategyLabel,
} from '@prospect/web-data-access/economics';
import { DataTable } from '@prospect/web-ui';
import { EvaluationCharts } from './charts/evaluation-charts';
import { formatEstimate, formatMoney, formatNumber, formatPercent } from '../analyses/format';

/** An evaluation's result: accuracy, base case with ICERs, NMB, PSA intervals, acceptability, EVPI, tornado. */
@Component({
  selector: 'app-evaluation-result',
  imports: [DataTable, EvaluationCharts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    <p>
      {{ r.perspective }} perspective, {{ r.timeHorizonYears }}-year horizon, discounting costs
      {{ percent(r.discountRates.costs) }} and effects {{ percent(r.discountRates.effects) }} a year;
      {{ r.currency }} {{ r.priceYear }}; effects in {{ unit() }}s; predicted responder when the locked
      probability ≥ {{ r.threshold }}.
    </p>
    @if (headline(); as headline) {
      <p class="notice" role="status">
        <strong>{{ headline }}</strong>
      </p>
    }
    <app-data-table
      caption="Observed accuracy used by the model"
      [columns]="['Measure', 'Estimate (95% Wilson CI)']"
      [rows]="accuracyRows()"
    />
    <app-data-table
      caption="Base case: expected cost and effect per patient, incremental analysis"
      [columns]="[
        'Strategy',
        'Cost',
        unitTitle(),
        'Compared with',
        'Incremental cost',
        'Incremental ' + unit() + 's',
        'ICER',
        'Status',
      ]"
      [rows]="incrementalRows()"
      fileName="base-case.csv"
    />
    <app-data-table
      caption="Net monetary benefit per patient at the plan's willingness to pay"
      [columns]="nmbColumns()"
      [rows]="nmbRows()"
      fileName="net-monetary-benefit.csv"
    />
    <app-evaluation-charts [result]="r" />
    @if (r.psa; as psa) {
      <h3>Probabilistic sensitivity analysis ({{ psa.draws }} draws, seed {{ psa.seed }})</h3>
      <app-data-table
        caption="Incremental costs and effects against standard of care (mean, 95% interval of the draws)"
        [columns]="[
          'Strategy',
          'Incremental cost',
          'Incremental ' + unit() + 's',
          'ICER of the means',
          'Dominant (cheaper, more effective)',
          'Dominated',
        ]"
        [rows]="planeRows()"
        fileName="psa-incremental.csv"
      />
      <app-data-table
        caption="Probability cost-effective at the plan's willingness to pay"
        [columns]="acceptabilityColumns()"
        [rows]="acceptabilityRows()"
      />
      <app-data-table
        caption="Expected value of perfect information"
        [columns]="['Willingness to pay', 'Per patient', 'Population']"
        [rows]="evpiRows()"
      />
    } @else {
      <p class="muted">No probabilistic sensitivity analysis (0 draws): only deterministic results.</p>
    }
    @if (r.oneWay.length > 0) {
      <h3>One-way sensitivity analysis</h3>
      @for (tornado of r.oneWay; track tornado.wtp) {
        <details [open]="$first">
          <summary>
            At {{ money(tornado.wtp) }} per {{ unit() }}: base incremental NMB
            {{ money(tornado.baseIncrementalNmb) }}
          </summary>
          <app-data-table
            [caption]="
              'Incremental NMB of model-guided care over standard of care at ' +
              money(tornado.wtp) +
              ' per ' +
              unit() +
              ', each input at the ends of its range (widest swing first)'
            "
            [columns]="['Input', 'Low', 'High', 'Incremental NMB at low', 'Incremental NMB at high']"
            [rows]="tornadoRows(tornado.wtp)"
          />
        </details>
      }
    }
  `,
})
export class EvaluationResult {
  readonly result = input.required<EconomicEvaluationResult>();
  /** The plan's willingness-to-pay thresholds (defaults to those of the NMB table). */
  readonly thresholds = input<readonly number[] | null>(null);

  protected readonly unit = computed(() => (this.result().effectMeasure === 'qaly' ? 'QALY' : 'life-year'));
  protected readonly unitTitle = computed(() =>
    this.result().effectMeasure === 'qaly' ? 'QALYs' : 'Life-years',
  );
  private readonly wtps = computed(
    () => this.thresholds() ?? this.result().baseCase.netMonetaryBenefit.map((row) => row.wtp),
  );

  protected money(value: number | null): string {
    return formatMoney(value, this.result().currency);
  }

  protected percent(value: number): string {
    return formatPercent(value);
  }

  protected readonly headline = computed(() => {
    const guided = this.result().baseCase.incremental.find((row) => row.strategy === 'model-guided');
    return guided ? `Model-guided care: ${guided.note}.` : null;
  });
  protected readonly accuracyRows = computed(() => {
    const a = this.result().accuracy;
    const pct = (value: number) => formatPercent(value);
    return [
      ['Patients', a.n],
      ['Responders', a.responders],
      ['Sensitivity', formatEstimate(a.sensitivity.estimate, a.sensitivity.wilson, pct)],
      ['Specificity', formatEstimate(a.specificity.estimate, a.specificity.wilson, pct)],
      ['Prevalence', formatEstimate(a.prevalence.estimate, a.prevalence.wilson, pct)],
      [
        'TP / FP / TN / FN',
        `${a.truePositive} / ${a.falsePositive} / ${a.trueNegative} / ${a.falseNegative}`,
      ],
    ];
  });
  protected readonly incrementalRows = computed(() =>
    this.result().baseCase.incremental.map((row) => [
      strategyLabel(row.strategy),
      this.money(row.cost),
      formatNumber(row.effect, 3),
      row.comparator ? strategyLabel(row.comparator) : '—',
      row.incrementalCost === null ? '—' : this.money(row.incrementalCost),
      formatNumber(row.incrementalEffect, 3),
      row.icer === null ? '—' : `${this.money(row.icer)} per ${this.unit()}`,
      row.note,
    ]),
  );
  protected readonly nmbColumns = computed(() => [
    'Willingness to pay',
    ...this.result().baseCase.strategies.map((row) => strategyLabel(row.strategy)),
    'Highest NMB',
  ]);
  protected readonly nmbRows = computed(() =>
    this.result().baseCase.netMonetaryBenefit.map((row) => [
      this.money(row.wtp),
      ...this.result().baseCase.strategies.map((strategy) =>
        this.money(row.values.find((value) => value.strategy === strategy.strategy)?.nmb ?? null),
      ),
      strategyLabel(row.best),
    ]),
  );
  protected readonly planeRows = computed(() =>
    (this.result().psa?.plane ?? []).map((entry) => {
      const s = entry.summary;
      return [
        `${strategyLabel(entry.strategy)} vs ${strategyLabel(entry.comparator)}`,
        `${this.money(s.deltaCost.mean)} (${this.money(s.deltaCost.lower)} to ${this.money(s.deltaCost.upper)})`,
        `${formatNumber(s.deltaEffect.mean)} (${formatNumber(s.deltaEffect.lower)} to ${formatNumber(s.deltaEffect.upper)})`,
        s.icerOfMeans === null ? '—' : `${this.money(s.icerOfMeans)} per ${this.unit()}`,
        formatPercent(s.quadrants.southEast),
        formatPercent(s.quadrants.northWest),
      ];
    }),
  );
  private readonly acceptability = computed(() => probabilityCostEffective(this.result(), this.wtps()));
  protected readonly acceptabilityColumns = computed(() => [
    'Willingness to pay',
    ...(this.acceptability()[0]?.probabilities ?? []).map((entry) => strategyLabel(entry.strategy)),
    'Optimal (highest expected NMB)',
  ]);
  protected readonly acceptabilityRows = computed(() =>
    this.acceptability().map((row) => [
      row.gridWtp === row.wtp
        ? this.money(row.wtp)
        : `${this.money(row.wtp)} (grid ${this.money(row.gridWtp)})`,
      ...row.probabilities.map((entry) => formatPercent(entry.probability)),
      row.optimal
        ? `${strategyLabel(row.optimal.strategy)} (${formatPercent(row.optimal.probability)})`
        : '—',
    ]),
  );
  protected readonly evpiRows = computed(() =>
    (this.result().psa?.evpi ?? []).map((row) => [
      this.money(row.wtp),
      this.money(row.perPatient),
      this.money(row.population),
    ]),
  );

  protected tornadoRows(wtp: number): (string | number)[][] {
    const tornado = this.result().oneWay.find((entry) => entry.wtp === wtp);
    return (tornado?.bars ?? []).map((bar) => [
      bar.label,
      Number(bar.low.toPrecision(4)),
      Number(bar.high.toPrecision(4)),
      this.money(bar.incrementalNmbAtLow),
      this.money(bar.incrementalNmbAtHigh),
    ]);
  }
}
