import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  type OutcomeDetail,
  OutcomesApi,
  type RecordOutcomeRequest,
} from '@prospect/web-data-access/outcomes';
import { ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';
import { formatDateTime, outcomeLabel, todayIso } from './outcome-format';

type Choice = '1' | '0' | 'null' | '';

/**
 * An outcome assessor enters a result: the endpoint's class (or "not assessable" with a reason),
 * the date it was assessed, an optional source remark, or a correction of an earlier assessor
 * result with the reason for the change.
 */
@Component({
  selector: 'app-outcome-result-form',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form" (ngSubmit)="submit()" aria-labelledby="result-form-title">
      <h2 id="result-form-title">Enter a result</h2>
      <fieldset [disabled]="busy()">
        <legend>Result of the primary endpoint</legend>
        <label
          ><input
            type="radio"
            name="outcome"
            value="1"
            [ngModel]="choice()"
            (ngModelChange)="choice.set($event)"
          />
          {{ detail().positiveClass }} (1)</label
        >
        <label
          ><input
            type="radio"
            name="outcome"
            value="0"
            [ngModel]="choice()"
            (ngModelChange)="choice.set($event)"
          />
          not {{ detail().positiveClass }} (0)</label
        >
        <label
          ><input
            type="radio"
            name="outcome"
            value="null"
            [ngModel]="choice()"
            (ngModelChange)="choice.set($event)"
          />
          Not assessable (needs a reason)</label
        >
        @if (fieldError('outcome'); as error) {
          <p class="field-error">{{ error }}</p>
        }

        <label for="result-assessed">Date assessed (specimen or surgery date)</label>
        <input
          id="result-assessed"
          name="assessedAt"
          type="date"
          required
          [max]="today"
          [ngModel]="assessedAt()"
          (ngModelChange)="assessedAt.set($event)"
          [attr.aria-describedby]="fieldError('assessedAt') ? 'result-assessed-error' : null"
        />
        @if (fieldError('assessedAt'); as error) {
          <p class="field-error" id="result-assessed-error">{{ error }}</p>
        }

        @if (correctable().length > 0) {
          <label for="result-supersedes">This entry</label>
          <select
            id="result-supersedes"
            name="supersedes"
            [ngModel]="supersedes()"
            (ngModelChange)="supersedes.set($event)"
          >
            <option value="">is a new result</option>
            @for (result of correctable(); track result.id) {
              <option [value]="result.id">
                corrects the result of {{ formatDateTime(result.assessedAt) }}:
                {{ outcomeLabel(result.outcome, detail().positiveClass) }}
              </option>
            }
          </select>
          @if (fieldError('supersedes'); as error) {
            <p class="field-error">{{ error }}</p>
          }
        }

        <label for="result-reason">Reason{{ reasonRequired() ? ' (required)' : ' (optional)' }}</label>
        <textarea
          id="result-reason"
          name="reason"
          rows="2"
          maxlength="2000"
          [required]="reasonRequired()"
          [ngModel]="reason()"
          (ngModelChange)="reason.set($event)"
        ></textarea>
        @if (fieldError('reason'); as error) {
          <p class="field-error">{{ error }}</p>
        }

        <label for="result-comment">Source document or remark (no patient identifiers)</label>
        <textarea
          id="result-comment"
          name="comment"
          rows="2"
          maxlength="2000"
          [ngModel]="comment()"
          (ngModelChange)="comment.set($event)"
        ></textarea>

        <div class="actions">
          <button class="button" type="submit" [disabled]="!ready()">
            {{ supersedes() ? 'Record the correction' : 'Record the result' }}
          </button>
        </div>
      </fieldset>
    </form>
    <app-problem-alert [problem]="problem()" />
    @if (saved()) {
      <p class="notice notice--good" role="status">{{ saved() }}</p>
    }
  `,
})
export class OutcomeResultForm {
  readonly trialCode = input.required<string>();
  readonly detail = input.required<OutcomeDetail>();
  readonly recorded = output<OutcomeDetail>();

  private readonly api = inject(OutcomesApi);
  protected readonly formatDateTime = formatDateTime;
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly today = todayIso();
  protected readonly choice = signal<Choice>('');
  protected readonly assessedAt = signal('');
  protected readonly supersedes = signal('');
  protected readonly reason = signal('');
  protected readonly comment = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly saved = signal('');

  /** Assessor results that may still be corrected (the latest version of each). */
  protected readonly correctable = computed(() =>
    this.detail().resultHistory.filter((result) => result.source === 'assessor' && !result.supersededBy),
  );
  protected readonly reasonRequired = computed(() => this.choice() === 'null' || this.supersedes() !== '');
  protected readonly ready = computed(
    () =>
      this.choice() !== '' &&
      /^\d{4}-\d{2}-\d{2}$/.test(this.assessedAt()) &&
      (!this.reasonRequired() || this.reason().trim() !== ''),
  );

  protected fieldError(field: string): string | null {
    const errors = this.problem()?.errors.filter((error) => error.field === field) ?? [];
    return errors.length > 0 ? errors.map((error) => error.reason).join('; ') : null;
  }

  protected async submit(): Promise<void> {
    if (!this.ready() || this.busy()) return;
    const choice = this.choice();
    const reason = this.reason().trim();
    const comment = this.comment().trim();
    const request: RecordOutcomeRequest = {
      outcome: choice === 'null' ? null : choice === '1' ? 1 : 0,
      assessedAt: this.assessedAt(),
      ...(reason ? { reason } : {}),
      ...(this.supersedes() ? { supersedes: this.supersedes() } : {}),
      ...(comment ? { comment } : {}),
    };
    this.busy.set(true);
    this.problem.set(null);
    this.saved.set('');
    try {
      const detail = await firstValueFrom(
        this.api.record(this.trialCode(), this.detail().subjectId, request),
      );
      this.saved.set(request.supersedes ? 'Correction recorded.' : 'Result recorded.');
      this.choice.set('');
      this.assessedAt.set('');
      this.supersedes.set('');
      this.reason.set('');
      this.comment.set('');
      this.recorded.emit(detail);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
