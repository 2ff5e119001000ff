import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  type LedgerVerification as Report,
  LedgerApi,
  verificationChecklist,
} from '@prospect/web-data-access/ledger';
import { ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';

const STATUS_TEXT = { pass: 'Pass', fail: 'Fail', 'not-checked': 'Not checked' } as const;
const STATUS_BADGE = { pass: 'badge--good', fail: 'badge--bad', 'not-checked': 'badge--neutral' } as const;

/**
 * Runs the API's verification of the log (what `prospect verify` checks offline, plus the
 * database against the log) and shows it as a checklist: each check passed or failed, every
 * failure with its entry or line, and the declared deviations.
 */
@Component({
  selector: 'app-ledger-verification',
  imports: [ProblemAlert, HashText, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="verify-title">
      <h2 id="verify-title">Verification</h2>
      <p class="muted">
        Re-checks every signature, proof and commitment of the log, that each prediction was locked before
        treatment started, and that the database's rows still match the log.
      </p>
      <div class="actions">
        <button type="button" class="button" [disabled]="busy() || !trialCode()" (click)="verify()">
          {{ busy() ? 'Verifying…' : report() ? 'Verify again' : 'Verify the ledger' }}
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      @if (report(); as report) {
        <div
          class="notice"
          [class.notice--good]="report.ok"
          [class.notice--error]="!report.ok"
          role="status"
          aria-live="polite"
        >
          @if (report.ok) {
            <strong>Ledger verified:</strong> all {{ checklist().length }} checks passed
          } @else {
            <strong>Verification failed:</strong> {{ report.failures.length }}
            {{ report.failures.length === 1 ? 'failure' : 'failures' }} in {{ failedChecks() }}
            {{ failedChecks() === 1 ? 'check' : 'checks' }}
          }
          <span class="muted"> (checked {{ checkedAt() | dateTime }})</span>
        </div>
        <ul class="checklist" aria-label="Verification checks">
          @for (check of checklist(); track check.id) {
            <li [attr.data-status]="check.status">
              <span class="badge {{ badge[check.status] }}">{{ statusText[check.status] }}</span><span
                class="visually-hidden"
                >:
              </span>
              <span>
                <strong>{{ check.label }}</strong>
                <span class="muted"> — {{ check.evidence }}</span>
                @if (check.failures.length > 0) {
                  <ul>
                    @for (failure of check.failures; track $index) {
                      <li>
                        <code>{{ failure.check }}</code>
                        @if (failure.index !== undefined) {
                          (entry {{ failure.index }})
                        } @else if (failure.line !== undefined) {
                          (line {{ failure.line }})
                        }
                        : {{ failure.message }}
                      </li>
                    }
                  </ul>
                }
              </span>
            </li>
          }
        </ul>
        @if (report.deviations.length > 0) {
          <div class="table-wrap">
            <table class="table table--compact">
              <caption>
                Declared deviations: locks after treatment start (kept in the log, excluded from the primary
                analysis)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Entry</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Locked</th>
                  <th scope="col">Treatment started</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                @for (deviation of report.deviations; track deviation.index) {
                  <tr>
                    <td class="numeric">{{ deviation.index }}</td>
                    <td>{{ deviation.subjectId }}</td>
                    <td>{{ deviation.lockedAt | dateTime }}</td>
                    <td>{{ deviation.treatmentStartAt }}</td>
                    <td>{{ deviation.source ?? '—' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        <dl class="facts">
          <dt>Trust anchor (initial key id)</dt>
          <dd><app-hash-text [value]="report.summary.initialKeyId" label="trust anchor key id" /></dd>
          <dt>Latest verified root</dt>
          <dd>
            @if (report.summary.latestRootHash) {
              size {{ report.summary.latestTreeSize }},
              <app-hash-text [value]="report.summary.latestRootHash" label="latest root hash" />
            } @else {
              none
            }
          </dd>
        </dl>
      }
    </section>
  `,
  styles: `
    .checklist {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    .checklist > li {
      display: flex;
      gap: 0.6rem;
      align-items: baseline;
    }
    .checklist .badge {
      min-width: 6.5rem;
      text-align: center;
    }
  `,
})
export class LedgerVerificationPanel {
  readonly trialCode = input.required<string | null>();
  private readonly ledger = inject(LedgerApi);

  protected readonly badge = STATUS_BADGE;
  protected readonly statusText = STATUS_TEXT;
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly report = signal<Report | null>(null);
  protected readonly checkedAt = signal<string | null>(null);
  protected readonly checklist = computed(() => {
    const report = this.report();
    return report ? verificationChecklist(report) : [];
  });
  protected readonly failedChecks = computed(
    () => this.checklist().filter((check) => check.status === 'fail').length,
  );

  protected async verify(): Promise<void> {
    const trialCode = this.trialCode();
    if (!trialCode) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.report.set(await firstValueFrom(this.ledger.verify(trialCode)));
      this.checkedAt.set(new Date().toISOString());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
