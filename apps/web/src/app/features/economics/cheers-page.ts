import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type ApiProblem, TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import { type CheersEntryStatus, type CheersItem, EconomicsApi } from '@prospect/web-data-access/economics';
import { ProblemAlert } from '@prospect/web-ui';

const STATUS_TEXT: Readonly<Record<CheersItem['status'], string>> = {
  reported: 'Reported',
  'not-reported': 'Not reported',
  'not-applicable': 'Not applicable',
  missing: 'Missing',
};

/**
 * The CHEERS 2022 checklist of an evaluation: the items the platform answers, the users' entries
 * and the items still missing; statisticians and regulatory staff state the missing ones.
 */
@Component({
  selector: 'app-cheers-page',
  imports: [FormsModule, ProblemAlert, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← Evaluation {{ evaluationNumber() }}</a>
    </p>
    <h1>CHEERS 2022 checklist</h1>
    <app-problem-alert [problem]="loadProblem()" />
    @if (checklist(); as checklist) {
      @if (checklist.complete) {
        <p class="notice notice--good" role="status">Every item is answered.</p>
      } @else {
        <p class="notice notice--warn" role="status">
          {{ missing() }} of {{ checklist.items.length }} items still need an answer.
        </p>
      }
      @if (checklist.ignoredEntries.length > 0) {
        <p class="muted">
          Entries for items {{ checklist.ignoredEntries.join(', ') }} are ignored: the platform answers them.
        </p>
      }
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Items of the Consolidated Health Economic Evaluation Reporting Standards 2022
          </caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Section</th>
              <th scope="col">Topic</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
              <th scope="col">Source</th>
              @if (canEdit()) {
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (item of checklist.items; track item.number) {
              <tr>
                <th scope="row">{{ item.number }}</th>
                <td>{{ item.section }}</td>
                <td>{{ item.topic }}</td>
                <td>
                  <span
                    class="badge"
                    [class.badge--good]="item.status === 'reported'"
                    [class.badge--warn]="item.status === 'missing'"
                    [class.badge--neutral]="
                      item.status === 'not-applicable' || item.status === 'not-reported'
                    "
                  >
                    {{ statusText(item) }}
                  </span>
                </td>
                <td>{{ item.text }}</td>
                <td>
                  {{ item.source === 'platform' ? 'Platform' : item.source === 'user' ? 'User entry' : '—' }}
                </td>
                @if (canEdit()) {
                  <td>
                    @if (item.source !== 'platform') {
                      <button
                        type="button"
                        class="button button--small button--secondary"
                        (click)="edit(item)"
                        [attr.aria-label]="'Answer item ' + item.number"
                      >
                        {{ item.status === 'missing' ? 'Answer' : 'Change' }}
                      </button>
                    }
                  </td>
                }
              </tr>
              @if (editing() === item.number) {
                <tr>
                  <td [attr.colspan]="canEdit() ? 7 : 6">
                    <form class="form" (ngSubmit)="save(item.number)">
                      <fieldset [disabled]="busy()">
                        <legend>Item {{ item.number }}: {{ item.topic }}</legend>
                        <label for="cheers-status">Status</label>
                        <select
                          id="cheers-status"
                          name="status"
                          [ngModel]="status()"
                          (ngModelChange)="status.set($event)"
                        >
                          <option value="reported">Reported (say where)</option>
                          <option value="not-reported">Not reported (say why)</option>
                          <option value="not-applicable">Not applicable (say why)</option>
                        </select>
                        <label for="cheers-text">{{
                          status() === 'reported' ? 'Where or what is reported' : 'Reason'
                        }}</label>
                        <textarea
                          id="cheers-text"
                          name="text"
                          rows="3"
                          required
                          maxlength="4000"
                          [ngModel]="text()"
                          (ngModelChange)="text.set($event)"
                        ></textarea>
                        <div class="actions">
                          <button type="submit" class="button" [disabled]="!text().trim()">
                            Save item {{ item.number }}
                          </button>
                          <button type="button" class="button button--secondary" (click)="editing.set(null)">
                            Cancel
                          </button>
                        </div>
                      </fieldset>
                    </form>
                    <app-problem-alert [problem]="saveProblem()" />
                  </td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class CheersPage {
  private readonly api = inject(EconomicsApi);
  private readonly context = inject(TrialContextStore);
  /** Route parameter. */
  readonly evaluationNumber = input.required<string>();
  protected readonly canEdit = computed(() =>
    this.context.roles().some((role) => role === 'statistician' || role === 'regulatory'),
  );

  protected readonly resource = rxResource({
    params: () => {
      const code = this.context.currentCode();
      const evaluation = Number(this.evaluationNumber());
      return code && Number.isInteger(evaluation) && evaluation > 0 ? { code, evaluation } : undefined;
    },
    stream: ({ params }) => this.api.cheers(params.code, params.evaluation),
  });
  protected readonly checklist = computed(() => (this.resource.hasValue() ? this.resource.value() : null));
  protected readonly loadProblem = computed(() =>
    this.resource.error() ? toApiProblem(this.resource.error()) : null,
  );
  protected readonly missing = computed(
    () => this.checklist()?.items.filter((item) => item.status === 'missing').length ?? 0,
  );

  protected readonly editing = signal<number | null>(null);
  protected readonly status = signal<CheersEntryStatus>('reported');
  protected readonly text = signal('');
  protected readonly busy = signal(false);
  protected readonly saveProblem = signal<ApiProblem | null>(null);

  protected statusText(item: CheersItem): string {
    return STATUS_TEXT[item.status];
  }

  protected edit(item: CheersItem): void {
    this.editing.set(item.number);
    this.saveProblem.set(null);
    this.status.set(item.status === 'missing' ? 'reported' : item.status);
    this.text.set(item.source === 'user' ? item.text : '');
  }

  protected save(itemNumber: number): void {
    const code = this.context.currentCode();
    if (!code || !this.text().trim()) return;
    this.busy.set(true);
    this.saveProblem.set(null);
    this.api.addCheersEntry(code, { itemNumber, status: this.status(), text: this.text().trim() }).subscribe({
      next: () => {
        this.busy.set(false);
        this.editing.set(null);
        this.resource.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.saveProblem.set(toApiProblem(error));
      },
    });
  }
}
