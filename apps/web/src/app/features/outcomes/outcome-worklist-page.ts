import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { type ApiProblem, toApiProblem, TrialContextStore } from '@prospect/web-data-access';
import {
  OUTCOME_STATUSES,
  type OutcomeStatusFilter,
  type OutcomeSummary,
  OutcomesApi,
} from '@prospect/web-data-access/outcomes';
import { downloadText, ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom, map } from 'rxjs';
import {
  formatDateTime,
  OUTCOME_SYNC_ROLES,
  outcomesCsv,
  currentOutcomeLabel,
  STATUS_LABELS,
  statusBadge,
  windowLabel,
  WORKLIST_FILTERS,
} from './outcome-format';
import { OutcomeSync } from './outcome-sync';

type WorklistFilter = OutcomeStatusFilter | 'all';
type WindowFilter = 'any' | 'in' | 'out' | 'unplaced';

function matches(row: OutcomeSummary, filter: WorklistFilter): boolean {
  if (filter === 'all') return true;
  return filter === 'needs-adjudication' ? row.needsAdjudication : row.status === filter;
}

function isFilter(value: string | null): value is WorklistFilter {
  return (
    value === 'all' || value === 'needs-adjudication' || OUTCOME_STATUSES.some((status) => status === value)
  );
}

/**
 * The outcome worklist: every subject's outcome status with counts per status, filtered by status
 * (in the URL, so a filtered list can be bookmarked), window, site and subject. Assessors and
 * coordinators start a sync from the FHIR server here. Nothing here reads a prediction.
 */
@Component({
  selector: 'app-outcome-worklist-page',
  imports: [FormsModule, RouterLink, ProblemAlert, OutcomeSync],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page__header">
      <h1>Outcomes</h1>
      <p class="muted">
        Follow-up outcomes of {{ trialCode() }}, read from the FHIR server, entered and adjudicated by outcome
        assessors.
      </p>
    </header>
    @if (canSync()) {
      <app-outcome-sync [trialCode]="trialCode() ?? ''" (finished)="reload()" />
    }
    <app-problem-alert [problem]="problem()" />

    <nav aria-label="Outcome status">
      <ul class="tabs">
        @for (tab of tabs(); track tab.value) {
          <li>
            <a
              [routerLink]="[]"
              [queryParams]="{ status: tab.value === 'all' ? null : tab.value }"
              queryParamsHandling="merge"
              [attr.aria-current]="filter() === tab.value ? 'page' : null"
              >{{ tab.label }} <span class="badge badge--neutral">{{ tab.count }}</span></a
            >
          </li>
        }
      </ul>
    </nav>

    <form class="form form--inline" aria-label="Narrow the worklist" (submit)="$event.preventDefault()">
      <div>
        <label for="outcome-search">Subject</label>
        <input
          id="outcome-search"
          name="search"
          type="search"
          [ngModel]="search()"
          (ngModelChange)="search.set($event)"
        />
      </div>
      <div>
        <label for="outcome-site">Site</label>
        <select id="outcome-site" name="site" [ngModel]="site()" (ngModelChange)="site.set($event)">
          <option value="">All sites</option>
          @for (code of sites(); track code) {
            <option [value]="code">{{ code }}</option>
          }
        </select>
      </div>
      <div>
        <label for="outcome-window">Assessment window</label>
        <select
          id="outcome-window"
          name="window"
          [ngModel]="windowFilter()"
          (ngModelChange)="windowFilter.set($event)"
        >
          <option value="any">Any</option>
          <option value="in">In window</option>
          <option value="out">Outside window</option>
          <option value="unplaced">Not placed</option>
        </select>
      </div>
    </form>

    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          {{
            caption()
          }}
          <button
            type="button"
            class="button button--small"
            [disabled]="visible().length === 0"
            (click)="download()"
          >
            Download CSV
          </button>
        </caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Site</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
            <th scope="col">Assessed</th>
            <th scope="col">Window</th>
            <th scope="col">Window closes</th>
            <th scope="col" class="numeric">Results</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          @for (row of visible(); track row.subjectId) {
            <tr>
              <th scope="row">
                <a [routerLink]="[row.subjectId]">{{ row.subjectId }}</a>
              </th>
              <td>{{ row.site }}</td>
              <td>
                <span [class]="statusBadge(row.status)">{{ statusLabels[row.status] }}</span>
                @if (row.needsAdjudication) {
                  <span class="badge badge--warn">Needs adjudication</span>
                }
              </td>
              <td>
                {{ currentOutcomeLabel(row) }}
              </td>
              <td>{{ formatDateTime(row.assessedAt) }}</td>
              <td>{{ row.assessedAt ? windowLabel(row.inWindow) : '—' }}</td>
              <td>{{ formatDateTime(row.windowClosesAt) }}</td>
              <td class="numeric">{{ row.results }}</td>
              <td>{{ row.explanation }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="9" class="muted">
                {{ loading() ? 'Loading outcomes…' : 'No subject matches these filters.' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class OutcomeWorklistPage {
  private readonly api = inject(OutcomesApi);
  private readonly context = inject(TrialContextStore);
  private readonly route = inject(ActivatedRoute);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly statusBadge = statusBadge;
  protected readonly currentOutcomeLabel = currentOutcomeLabel;
  protected readonly windowLabel = windowLabel;
  protected readonly formatDateTime = formatDateTime;

  protected readonly trialCode = this.context.currentCode;
  protected readonly canSync = computed(() => this.context.hasRole(...OUTCOME_SYNC_ROLES));
  protected readonly outcomes = signal<readonly OutcomeSummary[]>([]);
  protected readonly loading = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly search = signal('');
  protected readonly site = signal('');
  protected readonly windowFilter = signal<WindowFilter>('any');
  protected readonly filter = toSignal(
    this.route.queryParamMap.pipe(
      map((params): WorklistFilter => {
        const value = params.get('status');
        return isFilter(value) ? value : 'all';
      }),
    ),
    { initialValue: 'all' as WorklistFilter },
  );

  protected readonly tabs = computed(() =>
    WORKLIST_FILTERS.map((tab) => ({
      ...tab,
      count: this.outcomes().filter((row) => matches(row, tab.value)).length,
    })),
  );
  protected readonly sites = computed(() => [...new Set(this.outcomes().map((row) => row.site))].sort());
  protected readonly visible = computed(() => {
    const search = this.search().trim().toLowerCase();
    const site = this.site();
    const inWindow = this.windowFilter();
    return this.outcomes().filter(
      (row) =>
        matches(row, this.filter()) &&
        (!search || row.subjectId.toLowerCase().includes(search)) &&
        (!site || row.site === site) &&
        (inWindow === 'any' ||
          (inWindow === 'in' && row.inWindow === true) ||
          (inWindow === 'out' && row.inWindow === false) ||
          (inWindow === 'unplaced' && row.inWindow === null)),
    );
  });
  protected readonly caption = computed(() => {
    const tab = WORKLIST_FILTERS.find((candidate) => candidate.value === this.filter());
    return `${tab?.label ?? 'All'} outcomes: ${this.visible().length} of ${this.outcomes().length} subjects`;
  });

  constructor() {
    effect(() => {
      const code = this.trialCode();
      if (code) untracked(() => void this.load(code));
    });
  }

  protected reload(): void {
    const code = this.trialCode();
    if (code) void this.load(code);
  }

  protected download(): void {
    downloadText(`${this.trialCode() ?? 'trial'}-outcomes.csv`, outcomesCsv(this.visible()));
  }

  private async load(code: string): Promise<void> {
    this.loading.set(true);
    try {
      const outcomes = await firstValueFrom(this.api.list(code));
      if (code === this.trialCode()) {
        this.outcomes.set(outcomes);
        this.problem.set(null);
      }
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
