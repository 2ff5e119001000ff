import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { type ApiProblem, TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import { EconomicsApi } from '@prospect/web-data-access/economics';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { DateTimePipe, HashText, SignatureList } from '@prospect/web-ui/records';
import { EvaluationResult } from './evaluation-result';

/**
 * One economic evaluation: its record (hashes, signatures) for every reader; the result for the
 * statistician and the DMC only (other roles never request it); signing for the statistician.
 */
@Component({
  selector: 'app-evaluation-page',
  imports: [DateTimePipe, EvaluationResult, HashText, ProblemAlert, RouterLink, SignatureForm, SignatureList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">← Cost-effectiveness</a></p>
    <h1>Evaluation {{ number() }}</h1>
    <app-problem-alert [problem]="loadProblem()" />
    @if (evaluation(); as evaluation) {
      <section aria-labelledby="evaluation-record">
        <h2 id="evaluation-record">Record</h2>
        <dl class="facts">
          <dt>Status</dt>
          <dd>{{ evaluation.status }}</dd>
          <dt>Look evaluated</dt>
          <dd>
            <a [routerLink]="['../../analyses', evaluation.lookNumber]">Look {{ evaluation.lookNumber }}</a>
          </dd>
          <dt>Protocol version</dt>
          <dd>{{ evaluation.protocolVersion }}</dd>
          <dt>Plan SHA-256</dt>
          <dd><app-hash-text [value]="evaluation.planSha256" label="plan hash" /></dd>
          <dt>PSA</dt>
          <dd>{{ evaluation.draws }} draws, seed “{{ evaluation.seed }}”</dd>
          <dt>Requested</dt>
          <dd>{{ evaluation.requestedAt | dateTime }}</dd>
          <dt>Computed</dt>
          <dd>{{ evaluation.computedAt | dateTime }}</dd>
          <dt>Result SHA-256</dt>
          <dd>
            <app-hash-text [value]="evaluation.resultSha256" label="result hash" missing="not computed yet" />
          </dd>
        </dl>
        @if (canReadCheers()) {
          <p><a [routerLink]="['cheers']">CHEERS 2022 reporting checklist</a></p>
        }
      </section>
      <section aria-labelledby="evaluation-signatures">
        <h2 id="evaluation-signatures">Signatures</h2>
        <app-signature-list
          [signatures]="evaluation.signatures"
          [caption]="'Signatures on evaluation ' + evaluation.evaluationNumber"
        />
        @if (isStatistician()) {
          @if (evaluation.status === 'computed') {
            <app-signature-form
              [title]="'Sign evaluation ' + evaluation.evaluationNumber"
              statement="You sign the plan and the computed result by their hashes. Signing is the legally binding equivalent of your handwritten signature."
              action="Sign the evaluation"
              defaultMeaning="authorship"
              [busy]="signing()"
              (signed)="sign($event)"
            />
          } @else {
            <p class="muted">The evaluation can be signed once it is computed.</p>
          }
          <app-problem-alert [problem]="signProblem()" />
          @if (signedMessage()) {
            <p class="notice notice--good" role="status">{{ signedMessage() }}</p>
          }
        }
      </section>
      @if (canReadResult() && evaluation.status === 'computed') {
        <section aria-labelledby="evaluation-result">
          <h2 id="evaluation-result">Result</h2>
          <p class="muted">Viewing the result is recorded in the audit trail.</p>
          <app-problem-alert [problem]="resultProblem()" />
          @if (result(); as result) {
            <app-evaluation-result [result]="result" />
          } @else if (!resultProblem()) {
            <p class="muted" role="status">Loading the result…</p>
          }
        </section>
      }
    }
  `,
})
export class EvaluationPage {
  private readonly api = inject(EconomicsApi);
  private readonly context = inject(TrialContextStore);
  /** Route parameter. */
  readonly evaluationNumber = input.required<string>();

  protected readonly number = computed(() => Number(this.evaluationNumber()));
  protected readonly trialCode = computed(() => this.context.currentCode() ?? '');
  private readonly roles = computed(() => this.context.roles());
  protected readonly isStatistician = computed(() => this.roles().includes('statistician'));
  protected readonly canReadResult = computed(() =>
    this.roles().some((role) => role === 'statistician' || role === 'dmc'),
  );
  protected readonly canReadCheers = computed(() =>
    this.roles().some((role) => role === 'statistician' || role === 'dmc' || role === 'regulatory'),
  );

  protected readonly record = rxResource({
    params: () => {
      const code = this.context.currentCode();
      const evaluation = this.number();
      return code && Number.isInteger(evaluation) && evaluation > 0 ? { code, evaluation } : undefined;
    },
    stream: ({ params }) => this.api.get(params.code, params.evaluation),
  });
  protected readonly evaluation = computed(() => (this.record.hasValue() ? this.record.value() : null));
  protected readonly loadProblem = computed(() =>
    this.record.error() ? toApiProblem(this.record.error()) : null,
  );

  /** Requested only for statisticians and the DMC, and only once the evaluation is computed. */
  private readonly resultKey = computed(
    () => {
      const evaluation = this.evaluation();
      return evaluation && evaluation.status === 'computed' && this.canReadResult()
        ? { code: this.trialCode(), evaluation: evaluation.evaluationNumber }
        : undefined;
    },
    // A signature updates the record; that must not fetch (and audit) the result again.
    { equal: (a, b) => a?.code === b?.code && a?.evaluation === b?.evaluation },
  );
  protected readonly resultResource = rxResource({
    params: () => this.resultKey(),
    stream: ({ params }) => this.api.result(params.code, params.evaluation),
  });
  protected readonly result = computed(() =>
    this.resultResource.hasValue() ? (this.resultResource.value()?.result ?? null) : null,
  );
  protected readonly resultProblem = computed(() =>
    this.resultResource.error() ? toApiProblem(this.resultResource.error()) : null,
  );

  protected readonly signing = signal(false);
  protected readonly signProblem = signal<ApiProblem | null>(null);
  protected readonly signedMessage = signal<string | null>(null);

  protected sign(signature: SignatureInput): void {
    const evaluation = this.evaluation();
    if (!evaluation) return;
    this.signing.set(true);
    this.signProblem.set(null);
    this.signedMessage.set(null);
    this.api
      .sign(this.trialCode(), evaluation.evaluationNumber, {
        password: signature.password,
        meaning: signature.meaning,
      })
      .subscribe({
        next: (updated) => {
          this.signing.set(false);
          this.record.set(updated);
          this.signedMessage.set(`Evaluation ${updated.evaluationNumber} signed (${signature.meaning}).`);
        },
        error: (error: unknown) => {
          this.signing.set(false);
          this.signProblem.set(toApiProblem(error));
        },
      });
  }
}
