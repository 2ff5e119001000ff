import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TrialContextStore } from '@prospect/web-data-access';
import {
  EnrollmentListStore,
  type EnrollmentFilter,
  type EnrollmentRow,
  type EnrollmentState,
  type PredictionStatus,
} from '@prospect/web-data-access/enrollment';
import { downloadText, JobProgress, ProblemAlert, toCsv } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { ELIGIBILITY_TEXT } from './eligibility-rules';
import { formatShortDate } from './format';
import { LockJobSummaryView } from './lock-job-summary';

export const STATE_TEXT: Readonly<Record<EnrollmentState, string>> = {
  ready: 'Ready',
  blocked: 'Blocking issues',
  'not-eligible': 'Not eligible',
  locked: 'Locked',
  deviation: 'Deviation',
};
/** What each state means, for the filter and the badge's title. */
export const STATE_HINT: Readonly<Record<EnrollmentState, string>> = {
  ready: 'Ready to predict and lock',
  blocked: 'Blocking issues open',
  'not-eligible': 'Not eligible',
  locked: 'Locked before treatment',
  deviation: 'Locked after treatment start (deviation)',
};
const STATE_BADGE: Readonly<Record<EnrollmentState, string>> = {
  ready: 'badge badge--neutral',
  blocked: 'badge badge--bad',
  'not-eligible': 'badge badge--bad',
  locked: 'badge badge--good',
  deviation: 'badge badge--warn',
};
const PREDICTION_TEXT: Readonly<Record<PredictionStatus, string>> = {
  locked: 'Locked',
  predicted: 'Predicted, not locked',
  none: 'None',
  unknown: '…',
};
const PAGE_SIZE = 50;

/** The trial's enrollments with filters, and "lock all ready" for coordinators. */
@Component({
  selector: 'app-subjects-page',
  imports: [FormsModule, RouterLink, ProblemAlert, JobProgress, LockJobSummaryView],
  providers: [EnrollmentListStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .nowrap {
      white-space: nowrap;
    }
  `,
  template: `
    <h1>Enrollments</h1>
    <form class="form form--inline" aria-label="Filter enrollments" (submit)="$event.preventDefault()">
      <label for="f-site">Site</label>
      <select
        id="f-site"
        name="site"
        [ngModel]="store.filter().site"
        (ngModelChange)="setFilter('site', $event)"
      >
        <option value="">All sites</option>
        @for (site of store.sites(); track site) {
          <option [value]="site">{{ site }}</option>
        }
      </select>
      <label for="f-state">State</label>
      <select
        id="f-state"
        name="state"
        [ngModel]="store.filter().state"
        (ngModelChange)="setFilter('state', $event)"
      >
        <option value="">All states</option>
        @for (state of states; track state) {
          <option [value]="state">{{ stateHint[state] }}</option>
        }
      </select>
      <label for="f-issues">Open issues</label>
      <select
        id="f-issues"
        name="issues"
        [ngModel]="store.filter().issues"
        (ngModelChange)="setFilter('issues', $event)"
      >
        <option value="">Any</option>
        <option value="blocking">With blocking issues</option>
        <option value="none">Without blocking issues</option>
      </select>
      <label for="f-locked">Lock</label>
      <select
        id="f-locked"
        name="locked"
        [ngModel]="store.filter().locked"
        (ngModelChange)="setFilter('locked', $event)"
      >
        <option value="">Locked or not</option>
        <option value="yes">Locked</option>
        <option value="no">Not locked</option>
      </select>
      <button type="button" class="button button--secondary" (click)="reload()" [disabled]="store.loading()">
        Refresh
      </button>
      <button type="button" class="button button--secondary" (click)="download()">Download CSV</button>
    </form>

    @if (canAct()) {
      <section aria-labelledby="predict-all-title">
        <h2 id="predict-all-title">Predict from the uploaded images</h2>
        <p class="muted">
          Extracts the radiomics features and runs the protocol's frozen model for every enrollment with a
          baseline image and no prediction yet. You see the hashes, never the probability.
        </p>
        <button type="button" class="button" (click)="predictAll()" [disabled]="store.predictionRunning()">
          Predict all uploaded images
        </button>
        <app-job-progress [job]="store.predictionJob()" label="Prediction job" />
        <app-problem-alert [problem]="store.predictionProblem()" />
      </section>
      <section aria-labelledby="lock-all-title">
        <h2 id="lock-all-title">Lock ready predictions</h2>
        <p class="muted">
          Predicts what is missing, re-reads each record from FHIR and locks every enrollment not yet locked;
          a subject whose treatment has started is refused.
        </p>
        <button type="button" class="button" (click)="lockAll()" [disabled]="store.lockRunning()">
          Lock all ready predictions
        </button>
        <app-job-progress [job]="store.lockJob()" label="Lock job" />
        <app-problem-alert [problem]="store.lockProblem()" />
        @if (store.lockSummary(); as summary) {
          <app-lock-job-summary [summary]="summary" />
        }
      </section>
    }

    <app-problem-alert [problem]="store.problem()" />
    <p role="status" class="muted">
      @if (store.loading()) {
        Loading…
      } @else {
        {{ store.filtered().length }} of {{ store.rows().length }} enrollments shown.
      }
    </p>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Enrollments of
          {{
            code()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Site</th>
            <th scope="col">Enrolled</th>
            <th scope="col">State</th>
            <th scope="col">Eligibility</th>
            <th scope="col">Treatment start</th>
            <th scope="col" class="numeric">Baseline link</th>
            <th scope="col" class="numeric">Blocking issues</th>
            <th scope="col">Prediction</th>
            <th scope="col">Lock</th>
          </tr>
        </thead>
        <tbody>
          @for (row of page(); track row.subjectId) {
            <tr>
              <th scope="row" class="nowrap">
                <a [routerLink]="[row.subjectId]">{{ row.subjectId }}</a>
              </th>
              <td>{{ row.siteCode }}</td>
              <td class="nowrap" [title]="date(row.enrolledAt)">{{ day(row.enrolledAt) }}</td>
              <td>
                <span [class]="stateBadge[row.state]" [title]="stateHint[row.state]">{{
                  stateText[row.state]
                }}</span>
              </td>
              <td>{{ eligibilityText[row.eligibility] }}</td>
              <td [title]="row.treatmentStart.at ? date(row.treatmentStart.at) : ''">
                {{ row.treatmentStart.status }}
                @if (row.treatmentStart.at) {
                  <span class="nowrap">{{ day(row.treatmentStart.at) }}</span>
                }
              </td>
              <td class="numeric">v{{ row.baselineVersion }}</td>
              <td class="numeric">{{ row.blockingIssues }}</td>
              <td>{{ predictionText[row.prediction] }}</td>
              <td>
                @if (row.lock; as lock) {
                  <span [title]="date(lock.lockedAt)"
                    >entry {{ lock.leafIndex }}, <span class="nowrap">{{ day(lock.lockedAt) }}</span></span
                  >
                } @else {
                  Not locked
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="10" class="muted">No enrollment matches.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (pages() > 1) {
      <nav aria-label="Pages" class="actions">
        <button
          type="button"
          class="button button--secondary button--small"
          [disabled]="pageIndex() === 0"
          (click)="pageIndex.set(pageIndex() - 1)"
        >
          Previous page
        </button>
        <span>Page {{ pageIndex() + 1 }} of {{ pages() }}</span>
        <button
          type="button"
          class="button button--secondary button--small"
          [disabled]="pageIndex() + 1 >= pages()"
          (click)="pageIndex.set(pageIndex() + 1)"
        >
          Next page
        </button>
      </nav>
    }
  `,
})
export class SubjectsPage {
  protected readonly store = inject(EnrollmentListStore);
  private readonly context = inject(TrialContextStore);

  protected readonly code = computed(() => this.context.currentCode() ?? '');
  protected readonly canAct = computed(() => this.context.roles().includes('coordinator'));
  protected readonly pageIndex = signal(0);
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.store.filtered().length / PAGE_SIZE)));
  protected readonly page = computed(() =>
    this.store.filtered().slice(this.pageIndex() * PAGE_SIZE, (this.pageIndex() + 1) * PAGE_SIZE),
  );
  protected readonly states = Object.keys(STATE_TEXT) as EnrollmentState[];
  protected readonly stateText = STATE_TEXT;
  protected readonly stateHint = STATE_HINT;
  protected readonly stateBadge = STATE_BADGE;
  protected readonly predictionText = PREDICTION_TEXT;
  protected readonly eligibilityText = ELIGIBILITY_TEXT;
  protected readonly date = formatDateTime;
  protected readonly day = formatShortDate;

  constructor() {
    effect(() => {
      const code = this.code();
      if (code) void this.store.load(code);
    });
    inject(DestroyRef).onDestroy(() => this.store.destroy());
  }

  protected setFilter<K extends keyof EnrollmentFilter>(key: K, value: EnrollmentFilter[K]): void {
    this.store.filter.update((filter) => ({ ...filter, [key]: value }));
    this.pageIndex.set(0);
  }

  protected reload(): void {
    void this.store.load(this.code());
  }

  protected predictAll(): void {
    void this.store.predictAll(this.code());
  }

  protected lockAll(): void {
    void this.store.lockAll(this.code());
  }

  protected download(): void {
    const rows = this.store
      .filtered()
      .map((row: EnrollmentRow) => [
        row.subjectId,
        row.siteCode,
        row.enrolledAt,
        STATE_HINT[row.state],
        row.eligibility,
        row.treatmentStart.status,
        row.treatmentStart.at,
        row.baselineVersion,
        row.blockingIssues,
        PREDICTION_TEXT[row.prediction],
        row.lock?.leafIndex,
        row.lock?.lockedAt,
      ]);
    downloadText(
      `${this.code()}-enrollments.csv`,
      toCsv(
        [
          'subject',
          'site',
          'enrolledAt',
          'state',
          'eligibility',
          'treatmentStart',
          'treatmentStartAt',
          'baselineVersion',
          'blockingIssues',
          'prediction',
          'leafIndex',
          'lockedAt',
        ],
        rows,
      ),
    );
  }
}
