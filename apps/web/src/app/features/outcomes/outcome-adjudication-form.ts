import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  type AdjudicateOutcomeRequest,
  type OutcomeDetail,
  OutcomesApi,
} from '@prospect/web-data-access/outcomes';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';
import { formatDateTime, outcomeLabel, todayIso } from './outcome-format';

type Choice = '1' | '0' | 'null' | '';

/**
 * A second assessor decides a conflicting or missing outcome, with the reason, signed with the
 * password (meaning: responsibility). Whoever entered a result for the subject may not: the form
 * says so instead of asking, and the API's refusal is explained the same way.
 */
@Component({
  selector: 'app-outcome-adjudication-form',
  imports: [FormsModule, ProblemAlert, SignatureForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="adjudication-title">
      <h2 id="adjudication-title">Adjudicate</h2>
      @if (notIndependent()) {
        <p class="notice notice--warn" role="alert">
          <strong>You cannot adjudicate {{ detail().subjectId }}.</strong> You entered a result for this
          subject, and an adjudicator must not have: a second outcome assessor has to decide it.
        </p>
      } @else {
        <p>
          {{ detail().subjectId }}'s outcome is <strong>{{ detail().status }}</strong>:
          {{ detail().explanation }}. Your decision considers the {{ current().length }} current result(s)
          above.
        </p>
        <fieldset [disabled]="busy()">
          <legend>Decision</legend>
          <label
            ><input
              type="radio"
              name="decision"
              value="1"
              [ngModel]="choice()"
              (ngModelChange)="choice.set($event)"
            />
            {{ detail().positiveClass }} (1)</label
          >
          <label
            ><input
              type="radio"
              name="decision"
              value="0"
              [ngModel]="choice()"
              (ngModelChange)="choice.set($event)"
            />
            not {{ detail().positiveClass }} (0)</label
          >
          <label
            ><input
              type="radio"
              name="decision"
              value="null"
              [ngModel]="choice()"
              (ngModelChange)="choice.set($event)"
            />
            Confirmed missing (no assessable outcome)</label
          >
          @if (choice() === '1' || choice() === '0') {
            <label for="adjudication-assessed">Date the decided outcome was assessed</label>
            <input
              id="adjudication-assessed"
              name="assessedAt"
              type="date"
              required
              [max]="today"
              [ngModel]="assessedAt()"
              (ngModelChange)="assessedAt.set($event)"
            />
            @if (dated().length > 0) {
              <label for="adjudication-assessed-pick">or take the date of a current result</label>
              <select
                id="adjudication-assessed-pick"
                name="pick"
                [ngModel]="''"
                (ngModelChange)="$event && assessedAt.set($event)"
              >
                <option value="">Choose a result…</option>
                @for (result of dated(); track result.id) {
                  <option [value]="result.assessedAt!.slice(0, 10)">
                    {{ formatDateTime(result.assessedAt) }} ({{
                      outcomeLabel(result.outcome, detail().positiveClass)
                    }}, {{ result.source }})
                  </option>
                }
              </select>
            }
          }
          @for (error of problem()?.errors ?? []; track error.field) {
            <p class="field-error">{{ error.field }}: {{ error.reason }}</p>
          }
        </fieldset>
        <app-signature-form
          title="Sign the adjudication"
          [statement]="statement()"
          action="Sign and adjudicate"
          [meanings]="['responsibility']"
          defaultMeaning="responsibility"
          [askReason]="true"
          [busy]="busy() || !decided()"
          (signed)="submit($event)"
        />
        @if (!decided()) {
          <p class="muted">Choose the decision{{ choice() ? ' and its assessment date' : '' }} to sign.</p>
        }
      }
      @if (independenceRefused()) {
        <p class="notice notice--error" role="alert">
          The API refused the adjudication: you entered a result for {{ detail().subjectId }}, so a second
          outcome assessor must adjudicate it.
        </p>
      } @else {
        <app-problem-alert [problem]="problem()" />
      }
    </section>
  `,
})
export class OutcomeAdjudicationForm {
  readonly trialCode = input.required<string>();
  readonly detail = input.required<OutcomeDetail>();
  /** The signed-in user's id: whoever entered a result for the subject may not adjudicate it. */
  readonly meId = input<string | null>(null);
  readonly adjudicated = output<OutcomeDetail>();

  private readonly api = inject(OutcomesApi);
  protected readonly formatDateTime = formatDateTime;
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly today = todayIso();
  protected readonly choice = signal<Choice>('');
  protected readonly assessedAt = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected readonly current = computed(() =>
    this.detail().resultHistory.filter((result) => !result.supersededBy),
  );
  protected readonly dated = computed(() => this.current().filter((result) => result.assessedAt !== null));
  protected readonly notIndependent = computed(() => {
    const me = this.meId();
    return (
      me !== null &&
      this.detail().resultHistory.some((result) => result.source === 'assessor' && result.recordedBy === me)
    );
  });
  protected readonly independenceRefused = computed(
    () => this.problem()?.code === 'ADJUDICATOR_NOT_INDEPENDENT',
  );
  protected readonly decided = computed(
    () => this.choice() === 'null' || (this.choice() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(this.assessedAt())),
  );
  protected readonly statement = computed(
    () =>
      `You decide the primary outcome of ${this.detail().subjectId} and take responsibility for it. ` +
      'Signing is the legally binding equivalent of your handwritten signature.',
  );

  protected async submit(signature: SignatureInput): Promise<void> {
    if (!this.decided() || this.busy()) return;
    const choice = this.choice();
    const request: AdjudicateOutcomeRequest = {
      outcome: choice === 'null' ? null : choice === '1' ? 1 : 0,
      ...(choice !== 'null' ? { assessedAt: this.assessedAt() } : {}),
      reason: signature.reason,
      password: signature.password,
    };
    this.busy.set(true);
    this.problem.set(null);
    try {
      const detail = await firstValueFrom(
        this.api.adjudicate(this.trialCode(), this.detail().subjectId, request),
      );
      this.choice.set('');
      this.assessedAt.set('');
      this.adjudicated.emit(detail);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
