import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { TrialContextStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import { EnrollmentApi, type LockDeviation } from '@prospect/web-data-access/enrollment';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';

const KIND_TEXT: Readonly<Record<LockDeviation['kind'], string>> = {
  'treatment-started-before-lock':
    'Treatment started before the prediction was locked: the prediction is not prospective. The lock is kept in the ledger, and the subject is excluded from the primary (per-protocol) analysis but stays in the sensitivity analysis.',
};

/** Locks found to postdate the actual treatment start, and what each means. */
@Component({
  selector: 'app-deviations-page',
  imports: [RouterLink, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Lock deviations</h1>
    <p>
      A lock deviation is found when a later record shows that treatment had already started when the
      prediction was locked. Nothing is deleted: the ledger keeps the lock, and the analysis excludes it from
      the primary analysis.
    </p>
    <app-problem-alert [problem]="problem()" />
    <p role="status" class="muted">
      {{
        loading()
          ? 'Loading…'
          : deviations().length + ' deviation' + (deviations().length === 1 ? '' : 's') + '.'
      }}
    </p>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Lock deviations of
          {{
            code()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col" class="numeric">Ledger entry</th>
            <th scope="col">Locked</th>
            <th scope="col">Treatment start</th>
            <th scope="col" class="numeric">Baseline link</th>
            <th scope="col">Detected</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          @for (deviation of deviations(); track deviation.subjectId) {
            <tr>
              <th scope="row">
                @if (readsEnrollments()) {
                  <a [routerLink]="['..', 'subjects', deviation.subjectId]">{{ deviation.subjectId }}</a>
                } @else {
                  {{ deviation.subjectId }}
                }
              </th>
              <td class="numeric">{{ deviation.leafIndex }}</td>
              <td>{{ date(deviation.lockedAt) }}</td>
              <td>{{ startText(deviation) }}</td>
              <td class="numeric">v{{ deviation.baselineLinkVersion }}</td>
              <td>{{ date(deviation.detectedAt) }}</td>
              <td>{{ deviation.reason }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="7" class="muted">
                No lock deviation: every prediction was locked before treatment started.
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <h2>What the kinds mean</h2>
    <dl class="facts">
      @for (kind of kinds; track kind[0]) {
        <dt>
          <code>{{ kind[0] }}</code>
        </dt>
        <dd>{{ kind[1] }}</dd>
      }
    </dl>
  `,
})
export class DeviationsPage {
  private readonly api = inject(EnrollmentApi);
  private readonly context = inject(TrialContextStore);
  protected readonly code = computed(() => this.context.currentCode() ?? '');
  protected readonly readsEnrollments = computed(() => this.context.hasRole('coordinator', 'monitor'));
  protected readonly deviations = signal<readonly LockDeviation[]>([]);
  protected readonly loading = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly kinds = Object.entries(KIND_TEXT);
  protected readonly date = formatDateTime;

  constructor() {
    effect(() => {
      const code = this.code();
      if (code) void this.load(code);
    });
  }

  protected startText(deviation: LockDeviation): string {
    const start = deviation.treatmentStart as { at?: unknown; status?: unknown; source?: unknown };
    const at = typeof start.at === 'string' ? this.date(start.at) : '—';
    const source = typeof start.source === 'string' ? ` (${start.source})` : '';
    return `${typeof start.status === 'string' ? start.status + ', ' : ''}${at}${source}`;
  }

  private async load(code: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      this.deviations.set(await firstValueFrom(this.api.lockDeviations(code)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
