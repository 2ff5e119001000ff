import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { type Subscription, firstValueFrom } from 'rxjs';
import { JobsApi, toApiProblem, type ApiProblem, type Job } from '@prospect/web-data-access';
import {
  EnrollmentApi,
  RECEIPT_CRYPTO,
  verifyLockReceipt,
  type EnrollmentLock,
  type LockJobSummary,
  type ReceiptVerification,
  type ServerLedgerVerification,
} from '@prospect/web-data-access/enrollment';
import { downloadText, JobProgress, ProblemAlert } from '@prospect/web-ui';
import { formatDateTime, HashText } from '@prospect/web-ui/records';
import { LockJobSummaryView } from './lock-job-summary';

/**
 * The subject's lock: request it (a job), its status (hashes and commitment, never the
 * prediction), the receipt to download, and its verification in this browser.
 */
@Component({
  selector: 'app-lock-panel',
  imports: [JobProgress, ProblemAlert, HashText, LockJobSummaryView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (lock(); as lock) {
      <p>
        <span
          class="badge"
          [class.badge--good]="lock.inPrimaryAnalysis"
          [class.badge--warn]="!lock.inPrimaryAnalysis"
        >
          {{ lock.inPrimaryAnalysis ? 'Locked' : 'Locked: protocol deviation' }}
        </span>
        Entry {{ lock.leafIndex }} of the ledger, {{ date(lock.lockedAt) }}.
      </p>
      @if (lock.deviation; as deviation) {
        <p class="notice notice--warn">{{ deviation.reason }} Excluded from the primary analysis.</p>
      }
      <dl class="facts">
        <dt>Treatment start known at lock</dt>
        <dd>
          {{ lock.treatmentStartKnown.status
          }}{{ lock.treatmentStartKnown.at ? ', ' + date(lock.treatmentStartKnown.at) : ''
          }}{{ lock.treatmentStartKnown.source ? ' (' + lock.treatmentStartKnown.source + ')' : '' }}
        </dd>
        <dt>Commitment ({{ lock.predictionCommitment.algorithm }})</dt>
        <dd><app-hash-text [value]="lock.predictionCommitment.digest" label="commitment" /></dd>
        <dt>Model</dt>
        <dd><app-hash-text [value]="lock.modelSha256" label="model SHA-256" /></dd>
        <dt>Image, mask</dt>
        <dd>
          <app-hash-text [value]="lock.imageSha256" label="image SHA-256" />
          <app-hash-text [value]="lock.maskSha256" label="mask SHA-256" />
        </dd>
        <dt>Features, settings, inputs</dt>
        <dd>
          <app-hash-text [value]="lock.featuresSha256" label="features SHA-256" />
          <app-hash-text [value]="lock.featureSettingsSha256" label="feature settings SHA-256" />
          <app-hash-text [value]="lock.inputsSha256" label="inputs SHA-256" />
        </dd>
        <dt>Protocol, baseline link</dt>
        <dd>
          protocol v{{ lock.protocolVersion }}, baseline link v{{ lock.baselineLinkVersion }}, threshold
          {{ lock.threshold }}
        </dd>
        <dt>FHIR write-back</dt>
        <dd>
          {{
            lock.fhirWriteBack
              ? lock.fhirWriteBack.status +
                (lock.fhirWriteBack.riskAssessment ? ' · ' + lock.fhirWriteBack.riskAssessment : '') +
                (lock.fhirWriteBack.lastError ? ' · ' + lock.fhirWriteBack.lastError : '')
              : '—'
          }}
        </dd>
      </dl>
      <div class="actions">
        <button
          type="button"
          class="button button--secondary"
          (click)="download()"
          [disabled]="receiptBusy()"
        >
          Download receipt (JSON)
        </button>
        <button type="button" class="button" (click)="verify()" [disabled]="receiptBusy()">
          Verify receipt
        </button>
      </div>
      <app-problem-alert [problem]="receiptProblem()" />
      <div role="status" aria-live="polite">
        @if (verification(); as result) {
          @if (result.mode === 'browser') {
            <p class="notice" [class.notice--good]="result.ok" [class.notice--error]="!result.ok">
              <strong>{{
                result.ok ? 'Receipt verified in this browser' : 'Receipt does NOT verify'
              }}</strong>
              — checked here with Web Crypto (SHA-256, Ed25519), independently of the server’s own
              verification.
            </p>
            <ul class="checks">
              @for (check of result.checks; track check.check) {
                <li>
                  <span class="badge" [class.badge--good]="check.ok" [class.badge--bad]="!check.ok">{{
                    check.ok ? 'Pass' : 'Fail'
                  }}</span>
                  <strong>{{ check.label }}:</strong> {{ check.message }}
                </li>
              }
            </ul>
            <p class="muted">
              The trial key id to compare with the one recorded when the trial was set up (for a check that
              trusts nothing this server says): <span class="hash">{{ keyId() }}</span>
            </p>
          } @else {
            <p class="notice notice--warn">
              This browser cannot verify the receipt itself ({{ result.reason }}). The result below is the
              <strong>server’s</strong> verification of the whole ledger, not an independent check; for one,
              run <code>prospect verify</code> on the downloaded receipt.
            </p>
            @if (serverVerification(); as server) {
              <p class="notice" [class.notice--good]="server.ok" [class.notice--error]="!server.ok">
                Server verification:
                {{ server.ok ? 'the ledger verifies' : server.failures.length + ' failure(s)' }}.
              </p>
              @for (failure of server.failures; track $index) {
                <p class="muted">{{ failure.check }}: {{ failure.message }}</p>
              }
            }
          }
        }
      </div>
    } @else {
      <p>Not locked.</p>
      @if (canLock()) {
        <p class="muted">
          The lock job predicts if needed, re-reads the FHIR record and locks; it is refused when treatment
          has already started.
        </p>
        <button type="button" class="button" (click)="requestLock()" [disabled]="lockRunning()">
          Lock the prediction
        </button>
      }
    }
    <app-job-progress [job]="job()" label="Lock job" />
    <app-problem-alert [problem]="problem()" />
    @if (summary(); as summary) {
      <app-lock-job-summary [summary]="summary" />
    }
  `,
  styles: `
    .checks {
      list-style: none;
      padding: 0;
    }
    .checks li {
      margin: 0.25rem 0;
    }
  `,
})
export class LockPanel {
  private readonly api = inject(EnrollmentApi);
  private readonly jobs = inject(JobsApi);
  private readonly subtle = inject(RECEIPT_CRYPTO);
  readonly trialCode = input.required<string>();
  readonly subjectId = input.required<string>();
  readonly lock = input<EnrollmentLock | null>(null);
  readonly canLock = input(false);
  readonly changed = output<void>();

  protected readonly job = signal<Job | null>(null);
  protected readonly summary = signal<LockJobSummary | null>(null);
  protected readonly lockRunning = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly receiptBusy = signal(false);
  protected readonly receiptProblem = signal<ApiProblem | null>(null);
  protected readonly verification = signal<ReceiptVerification | null>(null);
  protected readonly serverVerification = signal<ServerLedgerVerification | null>(null);
  protected readonly keyId = signal('');
  protected readonly date = formatDateTime;
  private watch: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watch?.unsubscribe());
  }

  protected async requestLock(): Promise<void> {
    this.lockRunning.set(true);
    this.problem.set(null);
    this.summary.set(null);
    try {
      const request = await firstValueFrom(this.api.lock(this.trialCode(), this.subjectId()));
      if (request.kind === 'already-locked') {
        this.lockRunning.set(false);
        this.changed.emit();
        return;
      }
      this.job.set(request.job);
      this.watch?.unsubscribe();
      this.watch = this.jobs.watch(this.trialCode(), request.job.id).subscribe({
        next: (job) => {
          this.job.set(job);
          if (job.status === 'succeeded' || job.status === 'failed') {
            this.lockRunning.set(false);
            if (job.status === 'succeeded' && job.result)
              this.summary.set(job.result as unknown as LockJobSummary);
            this.changed.emit();
          }
        },
        error: (error: unknown) => {
          this.lockRunning.set(false);
          this.problem.set(toApiProblem(error));
        },
      });
    } catch (error) {
      this.lockRunning.set(false);
      this.problem.set(toApiProblem(error));
    }
  }

  protected async download(): Promise<void> {
    this.receiptBusy.set(true);
    this.receiptProblem.set(null);
    try {
      const { text } = await firstValueFrom(this.api.receipt(this.trialCode(), this.subjectId()));
      downloadText(`${this.subjectId()}-lock-receipt.json`, text, 'application/json');
    } catch (error) {
      this.receiptProblem.set(toApiProblem(error));
    } finally {
      this.receiptBusy.set(false);
    }
  }

  protected async verify(): Promise<void> {
    this.receiptBusy.set(true);
    this.receiptProblem.set(null);
    this.verification.set(null);
    this.serverVerification.set(null);
    try {
      const [{ receipt }, anchor] = await Promise.all([
        firstValueFrom(this.api.receipt(this.trialCode(), this.subjectId())),
        firstValueFrom(this.api.ledgerKeys(this.trialCode())),
      ]);
      const result = await verifyLockReceipt(receipt, this.subtle, anchor);
      this.keyId.set(receipt.treeHead.keyId);
      this.verification.set(result);
      if (result.mode === 'unsupported') {
        this.serverVerification.set(await firstValueFrom(this.api.verifyLedger(this.trialCode())));
      }
    } catch (error) {
      this.receiptProblem.set(toApiProblem(error));
    } finally {
      this.receiptBusy.set(false);
    }
  }
}
