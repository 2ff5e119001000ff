import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type ApiProblem, type Trial, toApiProblem, TrialContextStore } from '@prospect/web-data-access';
import { TrialRegistrationApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';
import { parseDefinition, sectionOf, valueAt } from './trial-definition';

/**
 * Registers a trial from its definition document (the file `prospect synth --write-trial` writes
 * and `prospect trial create --protocol` reads): its sites and protocol version 1, a draft to
 * approve on the trial's overview. Every field the API refuses is listed with the value sent.
 */
@Component({
  selector: 'app-trial-registration-page',
  imports: [FormsModule, RouterLink, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Register a trial</h1>
    @if (created(); as trial) {
      <section class="notice notice--good" role="status">
        <p>
          <strong>Registered {{ trial.code }}</strong
          >: {{ trial.title }} ({{ trial.indication }}), {{ trial.sites.length }} site(s), protocol version
          {{ trial.latestProtocolVersion }} as a draft.
        </p>
        <p>Next: approve the protocol with your signature, then grant trial roles.</p>
        <div class="actions">
          <a class="button" [routerLink]="['/trials', trial.code, 'overview']"
            >Open {{ trial.code }} to approve the protocol</a
          >
          <a class="button button--secondary" routerLink="/admin/users">Grant roles</a>
          <button type="button" class="button button--secondary" (click)="created.set(null)">
            Register another trial
          </button>
        </div>
      </section>
    } @else {
      <p>
        Upload or paste the trial definition: code, title, indication, sites and the protocol. An example is
        written by <code>prospect synth --write-trial trial.json --indication myeloma</code>.
      </p>
      <form class="form" (ngSubmit)="submit()" aria-label="Trial definition">
        <fieldset [disabled]="busy()">
          <legend>Trial definition (JSON)</legend>
          <label for="definition-file">Definition file (.json)</label>
          <input
            id="definition-file"
            name="file"
            type="file"
            accept=".json,application/json"
            (change)="pick($event)"
          />
          <label for="definition-text">Definition</label>
          <textarea
            id="definition-text"
            name="definition"
            rows="18"
            spellcheck="false"
            [ngModel]="text()"
            (ngModelChange)="text.set($event)"
            [attr.aria-invalid]="parseError() ? true : null"
            [attr.aria-describedby]="parseError() ? 'definition-error' : null"
          ></textarea>
          @if (text().trim() && parseError(); as error) {
            <p class="field-error" id="definition-error">{{ error }}</p>
          }
          @if (summary(); as summary) {
            <dl class="facts">
              <div>
                <dt>Code</dt>
                <dd>{{ summary.code }}</dd>
              </div>
              <div>
                <dt>Title</dt>
                <dd>{{ summary.title }}</dd>
              </div>
              <div>
                <dt>Indication</dt>
                <dd>{{ summary.indication }}</dd>
              </div>
              <div>
                <dt>Sites</dt>
                <dd>{{ summary.sites }}</dd>
              </div>
            </dl>
          }
          <div class="actions">
            <button type="submit" class="button" [disabled]="!!parseError()">Register the trial</button>
          </div>
        </fieldset>
      </form>
      <app-problem-alert [problem]="summaryProblem()" />
      @if (fieldErrors().length > 0) {
        <div class="table-wrap">
          <table class="table table--compact">
            <caption>
              What to fix ({{
                fieldErrors().length
              }})
            </caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
                <th scope="col">Value sent</th>
              </tr>
            </thead>
            <tbody>
              @for (error of fieldErrors(); track $index) {
                <tr>
                  <td>{{ error.section }}</td>
                  <th scope="row">
                    <code>{{ error.field }}</code>
                  </th>
                  <td>{{ error.reason }}</td>
                  <td>
                    <code>{{ error.value }}</code>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
})
export class TrialRegistrationPage {
  private readonly api = inject(TrialRegistrationApi);
  private readonly context = inject(TrialContextStore);
  protected readonly text = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly created = signal<Trial | null>(null);
  /** The document as sent, to show the value behind each refused field. */
  private readonly sent = signal<unknown>(null);
  private readonly parsed = computed(() => parseDefinition(this.text()));
  protected readonly parseError = computed(() => {
    const parsed = this.parsed();
    return parsed.ok ? null : parsed.error;
  });
  protected readonly summary = computed(() => {
    const parsed = this.parsed();
    if (!parsed.ok) return null;
    const value = parsed.value;
    const show = (field: unknown): string => (typeof field === 'string' && field ? field : '(missing)');
    return {
      code: show(value['code']),
      title: show(value['title']),
      indication: show(value['indication']),
      sites: Array.isArray(value['sites']) ? String(value['sites'].length) : '(missing)',
    };
  });
  /** The refusal itself; its fields are listed in the table below, each with the value sent. */
  protected readonly summaryProblem = computed(() => {
    const problem = this.problem();
    return problem ? { ...problem, errors: [] } : null;
  });
  protected readonly fieldErrors = computed(() =>
    (this.problem()?.errors ?? []).map((error) => ({
      field: error.field,
      reason: error.reason,
      section: sectionOf(error.field),
      value: valueAt(this.sent(), error.field),
    })),
  );

  protected async pick(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) this.text.set(await file.text());
  }

  protected async submit(): Promise<void> {
    const parsed = this.parsed();
    if (!parsed.ok || this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.sent.set(parsed.value);
    try {
      const trial = await firstValueFrom(this.api.register(parsed.value));
      this.created.set(trial);
      this.text.set('');
      void this.context.loadTrials();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
