import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { AuditApi, type AuditEvent, type AuditSignatureVerification } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';

interface SignatureFacts {
  readonly id: string;
  readonly meaning?: string;
  readonly statement?: string;
  readonly printedName?: string;
  readonly signedAt?: string;
  readonly recordType?: string;
  readonly recordSha256?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, key: string): string | undefined {
  return typeof record[key] === 'string' ? record[key] : undefined;
}

/** The electronic signature an event records or refers to, if any. */
export function signatureOf(event: AuditEvent): SignatureFacts | null {
  const after = isRecord(event.after) ? event.after : {};
  if (event.entityType === 'e-signature' && event.entityId) {
    return {
      id: event.entityId,
      meaning: text(after, 'meaning'),
      statement: text(after, 'statement'),
      printedName: text(after, 'printedName'),
      signedAt: text(after, 'signedAt'),
      recordType: text(after, 'recordType'),
      recordSha256: text(after, 'recordSha256'),
    };
  }
  const id = text(after, 'signatureId');
  return id ? { id } : null;
}

/** One audit event in full: before and after values, reason, request, and its signature (verifiable). */
@Component({
  selector: 'app-audit-event-details',
  imports: [ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="facts">
      <div>
        <dt>Event</dt>
        <dd>
          <code>{{ event().id }}</code>
        </dd>
      </div>
      <div>
        <dt>Entity id</dt>
        <dd>
          <code>{{ event().entityId ?? '—' }}</code>
        </dd>
      </div>
      <div>
        <dt>Actor id</dt>
        <dd>
          <code>{{ event().actorId ?? '—' }}</code>
        </dd>
      </div>
      <div>
        <dt>Request</dt>
        <dd>
          <code>{{ event().requestId ?? '—' }}</code>
        </dd>
      </div>
      <div>
        <dt>Reason</dt>
        <dd>{{ event().reason ?? 'none given' }}</dd>
      </div>
    </dl>
    @if (signature(); as signature) {
      <h3>Electronic signature</h3>
      <dl class="facts">
        <div>
          <dt>Signature</dt>
          <dd>
            <code>{{ signature.id }}</code>
          </dd>
        </div>
        @if (signature.printedName) {
          <div>
            <dt>Signed by</dt>
            <dd>{{ signature.printedName }}</dd>
          </div>
        }
        @if (signature.meaning) {
          <div>
            <dt>Meaning</dt>
            <dd>{{ signature.meaning }}</dd>
          </div>
        }
        @if (signature.signedAt) {
          <div>
            <dt>Signed at</dt>
            <dd>{{ formatDateTime(signature.signedAt) }}</dd>
          </div>
        }
        @if (signature.recordType) {
          <div>
            <dt>Record</dt>
            <dd>{{ signature.recordType }}</dd>
          </div>
        }
        @if (signature.recordSha256) {
          <div>
            <dt>Record SHA-256</dt>
            <dd>
              <span class="hash" [title]="signature.recordSha256">{{ signature.recordSha256 }}</span>
            </dd>
          </div>
        }
      </dl>
      @if (signature.statement) {
        <p>“{{ signature.statement }}”</p>
      }
      @if (trialCode()) {
        <button
          type="button"
          class="button button--small"
          [disabled]="verifying()"
          (click)="verify(signature.id)"
        >
          Verify the signature
        </button>
      }
      @if (verification(); as result) {
        <p [class]="result.valid ? 'notice notice--good' : 'notice notice--error'" role="status">
          {{ result.valid ? 'Valid' : 'NOT valid' }}: {{ result.reason }} (signed
          <span class="hash" [title]="result.signedSha256">{{ result.signedSha256.slice(0, 12) }}…</span>, now
          <span class="hash" [title]="result.currentSha256 ?? ''"
            >{{ result.currentSha256?.slice(0, 12) ?? 'missing' }}…</span
          >)
        </p>
      }
      <app-problem-alert [problem]="problem()" />
    }
    <div class="cards">
      <div class="card">
        <h3>Before</h3>
        <pre>{{ json(event().before) }}</pre>
      </div>
      <div class="card">
        <h3>After</h3>
        <pre>{{ json(event().after) }}</pre>
      </div>
    </div>
  `,
  styles: `
    pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0;
      font-size: 0.85rem;
    }
  `,
})
export class AuditEventDetails {
  readonly event = input.required<AuditEvent>();
  /** The trial the event belongs to, when known: signatures are verified per trial. */
  readonly trialCode = input<string | null>(null);
  private readonly api = inject(AuditApi);
  protected readonly formatDateTime = formatDateTime;
  protected readonly signature = computed(() => signatureOf(this.event()));
  protected readonly verification = signal<AuditSignatureVerification | null>(null);
  protected readonly verifying = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected json(value: unknown): string {
    return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
  }

  protected async verify(signatureId: string): Promise<void> {
    const code = this.trialCode();
    if (!code) return;
    this.verifying.set(true);
    this.problem.set(null);
    try {
      this.verification.set(await firstValueFrom(this.api.verifySignature(code, signatureId)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.verifying.set(false);
    }
  }
}
