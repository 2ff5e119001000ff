import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  LEDGER_VERIFIER_ROLES,
  LOCK_RECEIPT_ROLES,
  LedgerApi,
  type LedgerSummary,
  type TreeHead,
} from '@prospect/web-data-access/ledger';
import { SIGNATURE_READER_ROLES, saveFile } from '@prospect/web-data-access/submission';
import { ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { LedgerVerificationPanel } from './ledger-verification';
import { TreeHeadsTable } from './tree-heads-table';
import { injectMayUse, injectTrialCode } from './trial-access';

type Busy = 'export' | 'receipts' | 'publish' | null;

/**
 * The trial's transparency log: its public face (size, keys with the trust anchor first, key
 * rotations, signed tree heads and cosignatures), verification, exports for offline checking,
 * and (admin) publishing a new signed tree head.
 */
@Component({
  selector: 'app-ledger-page',
  imports: [RouterLink, ProblemAlert, HashText, DateTimePipe, LedgerVerificationPanel, TreeHeadsTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Transparency ledger</h1>
    <p class="muted">
      Every prediction is committed to this append-only log before treatment starts. Signed tree heads fix its
      state; anyone with the trust anchor can check it offline with
      <code>prospect verify</code>.
    </p>
    <app-problem-alert [problem]="problem()" />

    @if (summary(); as summary) {
      <dl class="facts">
        <dt>Entries</dt>
        <dd class="numeric">{{ summary.treeSize }}</dd>
        <dt>Trust anchor</dt>
        <dd>
          @if (summary.publicKeys[0]; as anchor) {
            <app-hash-text [value]="anchor.keyId" label="trust anchor key id" [length]="16" />
          } @else {
            none
          }
        </dd>
        <dt>Key rotations</dt>
        <dd class="numeric">{{ rotations() }}</dd>
        <dt>Latest signed head</dt>
        <dd>
          @if (summary.latestTreeHead; as head) {
            size {{ head.treeSize }}, signed {{ head.timestamp | dateTime }} ({{ head.reason }}), root
            <app-hash-text [value]="head.rootHash" label="latest root hash" />
          } @else {
            none yet
          }
        </dd>
      </dl>
    }

    <div class="actions">
      @if (mayExport()) {
        <button
          type="button"
          class="button button--secondary"
          [disabled]="busy() !== null"
          (click)="exportLog()"
        >
          {{ busy() === 'export' ? 'Exporting…' : 'Export the log (JSON lines)' }}
        </button>
      }
      @if (mayDownloadReceipts()) {
        <button
          type="button"
          class="button button--secondary"
          [disabled]="busy() !== null"
          (click)="downloadReceipts()"
        >
          {{ busy() === 'receipts' ? 'Preparing…' : 'Download lock receipts' }}
        </button>
      }
      @if (isAdmin()) {
        <button type="button" class="button" [disabled]="busy() !== null" (click)="publish()">
          {{ busy() === 'publish' ? 'Signing…' : 'Publish a signed tree head' }}
        </button>
      }
      @if (mayReadSignatures()) {
        <a class="button button--secondary" [routerLink]="signaturesLink()">Electronic signatures</a>
      }
    </div>
    <app-problem-alert [problem]="actionProblem()" />
    @if (message()) {
      <p class="notice notice--good" role="status">{{ message() }}</p>
    }

    @if (summary(); as summary) {
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Signing keys: the first is the trust anchor; later keys were introduced by rotation entries signed
            by both keys
          </caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Key id (SHA-256)</th>
              <th scope="col">Public key (Ed25519, base64url)</th>
              <th scope="col">Reason</th>
              <th scope="col">Log entry</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            @for (key of summary.publicKeys; track key.keyId; let first = $first) {
              <tr>
                <th scope="row">
                  @if (first) {
                    <span class="badge badge--good">Trust anchor</span>
                  } @else {
                    <span class="badge badge--neutral">Rotation {{ $index }}</span>
                  }
                </th>
                <td><app-hash-text [value]="key.keyId" label="key id" /></td>
                <td><app-hash-text [value]="key.publicKey" label="public key" /></td>
                <td>{{ key.reason }}</td>
                <td class="numeric">{{ key.leafIndex }}</td>
                <td>{{ key.createdAt | dateTime }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }

    <app-tree-heads-table [heads]="treeHeads()" [anchorKeyId]="anchorKeyId()" />

    @if (mayExport()) {
      <app-ledger-verification [trialCode]="trialCode()" />
      <section aria-labelledby="offline-title">
        <h2 id="offline-title">Verify offline</h2>
        <p>
          Export the log, then check it on any computer with the Prospect command-line tool, trusting only the
          key id published for the trial:
        </p>
        <pre><code>prospect verify {{ trialCode() }}-ledger.jsonl --trusted-key {{ anchorKeyId() ?? 'TRUST-ANCHOR-KEY-ID' }}</code></pre>
        <p class="muted">
          Lock receipts verify the same way (<code>prospect verify {{ trialCode() }}-lock-receipts.jsonl</code
          >), each lock on its own against the latest signed head. Exit code 0 means every check passed.
        </p>
      </section>
    }
  `,
})
export class LedgerPage {
  private readonly ledger = inject(LedgerApi);
  private readonly mayUse = injectMayUse();
  protected readonly trialCode = injectTrialCode();

  protected readonly summary = signal<LedgerSummary | null>(null);
  protected readonly treeHeads = signal<readonly TreeHead[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly actionProblem = signal<ApiProblem | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly busy = signal<Busy>(null);

  protected readonly anchorKeyId = computed(() => this.summary()?.publicKeys[0]?.keyId ?? null);
  protected readonly rotations = computed(() => Math.max(0, (this.summary()?.publicKeys.length ?? 0) - 1));
  protected readonly isAdmin = computed(() => this.mayUse([], true));
  protected readonly mayExport = computed(() => this.mayUse(LEDGER_VERIFIER_ROLES, true));
  protected readonly mayDownloadReceipts = computed(() => this.mayUse(LOCK_RECEIPT_ROLES));
  protected readonly mayReadSignatures = computed(() => this.mayUse(SIGNATURE_READER_ROLES, true));
  protected readonly signaturesLink = computed(() => [
    '/trials',
    this.trialCode() ?? '',
    'submission',
    'signatures',
  ]);

  constructor() {
    effect(() => {
      const code = this.trialCode();
      if (code) untracked(() => void this.load(code));
    });
  }

  private async load(trialCode: string): Promise<void> {
    this.problem.set(null);
    try {
      const [summary, heads] = await Promise.all([
        firstValueFrom(this.ledger.summary(trialCode)),
        firstValueFrom(this.ledger.treeHeads(trialCode)),
      ]);
      this.summary.set(summary);
      this.treeHeads.set(heads);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  protected exportLog(): Promise<void> {
    return this.download('export', (code) => this.ledger.exportLog(code));
  }

  protected downloadReceipts(): Promise<void> {
    return this.download('receipts', (code) => this.ledger.lockReceipts(code));
  }

  protected async publish(): Promise<void> {
    const code = this.trialCode();
    if (!code) return;
    this.start('publish');
    try {
      const head = await firstValueFrom(this.ledger.publishTreeHead(code));
      this.message.set(`Signed a new tree head covering ${head.treeSize} entries.`);
      await this.load(code);
    } catch (error) {
      this.actionProblem.set(toApiProblem(error));
    } finally {
      this.busy.set(null);
    }
  }

  private async download(
    kind: 'export' | 'receipts',
    fetch: (code: string) => Promise<{ blob: Blob; fileName: string }>,
  ): Promise<void> {
    const code = this.trialCode();
    if (!code) return;
    this.start(kind);
    try {
      const file = await fetch(code);
      saveFile(file);
      this.message.set(`Downloaded ${file.fileName}.`);
    } catch (error) {
      this.actionProblem.set(toApiProblem(error));
    } finally {
      this.busy.set(null);
    }
  }

  private start(kind: Busy): void {
    this.busy.set(kind);
    this.actionProblem.set(null);
    this.message.set(null);
  }
}
