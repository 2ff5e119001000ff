import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ApiProblem, SessionStore, toApiProblem, TrialContextStore } from '@prospect/web-data-access';
import { type OutcomeDetail, OutcomesApi } from '@prospect/web-data-access/outcomes';
import { ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';
import { OutcomeAdjudicationForm } from './outcome-adjudication-form';
import {
  formatDateTime,
  OUTCOME_SYNC_ROLES,
  currentOutcomeLabel,
  STATUS_LABELS,
  statusBadge,
  windowLabel,
} from './outcome-format';
import { OutcomeHistory } from './outcome-history';
import { OutcomeResultForm } from './outcome-result-form';
import { OutcomeSync } from './outcome-sync';

/**
 * One subject's outcome: the current status and why, every result with its source, every
 * adjudication. Outcome assessors enter results and adjudicate here; the other roles that may read
 * outcomes see the same page read-only. No prediction or lock is ever requested.
 */
@Component({
  selector: 'app-subject-outcome-page',
  imports: [
    RouterLink,
    ProblemAlert,
    OutcomeHistory,
    OutcomeResultForm,
    OutcomeAdjudicationForm,
    OutcomeSync,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">← Outcome worklist</a></p>
    <h1>Outcome of {{ subjectId() }}</h1>
    <app-problem-alert [problem]="problem()" />
    @if (detail(); as detail) {
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span [class]="statusBadge(detail.status)">{{ statusLabels[detail.status] }}</span>
            @if (detail.needsAdjudication) {
              <span class="badge badge--warn">Needs adjudication</span>
            }
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>
            {{ currentOutcomeLabel(detail) }}
          </dd>
        </div>
        <div>
          <dt>Assessed</dt>
          <dd>{{ formatDateTime(detail.assessedAt) }}</dd>
        </div>
        <div>
          <dt>Assessment window</dt>
          <dd>{{ detail.assessedAt ? windowLabel(detail.inWindow) : '—' }}</dd>
        </div>
        <div>
          <dt>Treatment start</dt>
          <dd>{{ formatDateTime(detail.treatmentStart) }}</dd>
        </div>
        <div>
          <dt>Window closes</dt>
          <dd>{{ formatDateTime(detail.windowClosesAt) }}</dd>
        </div>
        <div>
          <dt>Site</dt>
          <dd>{{ detail.site }}</dd>
        </div>
        <div>
          <dt>Positive class (1)</dt>
          <dd>{{ detail.positiveClass }}</dd>
        </div>
      </dl>
      <p>{{ detail.explanation }}</p>
      @if (detail.valuesBlinded) {
        <p class="notice" role="note">
          Outcome values are blinded for your role: you see each outcome's status, dates and assessment
          window, and who recorded or decided what and when, but not the values, evidence or reasons.
        </p>
      }
      @if (detail.withdrawal; as withdrawal) {
        <p class="notice notice--warn">Withdrawn on {{ withdrawal.withdrawnOn }}: {{ withdrawal.reason }}</p>
      }
      @if (canSync()) {
        <app-outcome-sync [trialCode]="trialCode()!" [subjectId]="detail.subjectId" (finished)="reload()" />
      }

      <app-outcome-history [detail]="detail" [meId]="meId()" />

      @if (notice()) {
        <p class="notice notice--good" role="status">{{ notice() }}</p>
      }
      @if (isAssessor()) {
        @if (adjudicable()) {
          <app-outcome-adjudication-form
            [trialCode]="trialCode()!"
            [detail]="detail"
            [meId]="meId()"
            (adjudicated)="onAdjudicated($event)"
          />
        }
        @if (!detail.withdrawn) {
          <app-outcome-result-form
            [trialCode]="trialCode()!"
            [detail]="detail"
            (recorded)="detailState.set($event)"
          />
        }
      } @else {
        <p class="muted">Read-only: results are entered and adjudicated by the trial's outcome assessors.</p>
      }
    } @else if (loading()) {
      <p role="status">Loading the outcome…</p>
    }
  `,
})
export class SubjectOutcomePage {
  /** From the route (`:subjectId`). */
  readonly subjectId = input.required<string>();

  private readonly api = inject(OutcomesApi);
  private readonly context = inject(TrialContextStore);
  private readonly session = inject(SessionStore);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly statusBadge = statusBadge;
  protected readonly currentOutcomeLabel = currentOutcomeLabel;
  protected readonly windowLabel = windowLabel;
  protected readonly formatDateTime = formatDateTime;

  protected readonly trialCode = this.context.currentCode;
  protected readonly detailState = signal<OutcomeDetail | null>(null);
  protected readonly detail = this.detailState.asReadonly();
  protected readonly loading = signal(false);
  protected readonly notice = signal('');
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly meId = computed(() => this.session.me()?.id ?? null);
  protected readonly isAssessor = computed(() => this.context.hasRole('outcome-assessor'));
  protected readonly canSync = computed(() => this.context.hasRole(...OUTCOME_SYNC_ROLES));
  protected readonly adjudicable = computed(() => {
    const detail = this.detail();
    return (
      !!detail && detail.needsAdjudication && (detail.status === 'conflicting' || detail.status === 'missing')
    );
  });

  constructor() {
    effect(() => {
      const code = this.trialCode();
      const subjectId = this.subjectId();
      if (code) untracked(() => void this.load(code, subjectId));
    });
  }

  protected reload(): void {
    const code = this.trialCode();
    if (code) void this.load(code, this.subjectId());
  }

  protected onAdjudicated(detail: OutcomeDetail): void {
    this.detailState.set(detail);
    this.notice.set(`Adjudication signed and recorded: ${detail.subjectId} is now ${detail.status}.`);
  }

  private async load(code: string, subjectId: string): Promise<void> {
    this.loading.set(true);
    try {
      this.detailState.set(await firstValueFrom(this.api.detail(code, subjectId)));
      this.problem.set(null);
    } catch (error) {
      this.detailState.set(null);
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
