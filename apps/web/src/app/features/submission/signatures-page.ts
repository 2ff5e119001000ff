import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import {
  type Signature,
  SignaturesApi,
  type SignatureVerification,
} from '@prospect/web-data-access/submission';
import { ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { injectTrialCode } from '../ledger/trial-access';

type Check =
  | { readonly state: 'checking' }
  | { readonly state: 'done'; readonly result: SignatureVerification }
  | { readonly state: 'error'; readonly problem: ApiProblem };

const RECORD_TYPES: Readonly<Record<string, string>> = {
  'protocol-version': 'Protocol version',
  analysis: 'Interim analysis',
  'economic-evaluation': 'Economic evaluation',
  'submission-package': 'Submission package',
};

/**
 * Every electronic signature in the trial (protocol approvals, analyses, evaluations, package
 * manifests), each re-verified: the signed record is hashed again and compared with what was signed.
 */
@Component({
  selector: 'app-signatures-page',
  imports: [ProblemAlert, HashText, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Electronic signatures</h1>
    <p class="muted">
      Each signature binds a signer, a meaning and a time to the SHA-256 of a record. Verification hashes the
      record again as it is stored now: a signature verifies only if the record is unchanged.
    </p>
    <app-problem-alert [problem]="problem()" />
    <div class="actions">
      <button type="button" class="button button--secondary" [disabled]="checking()" (click)="verifyAll()">
        {{ checking() ? 'Verifying…' : 'Verify all again' }}
      </button>
    </div>
    <p role="status" aria-live="polite">{{ tally() }}</p>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Electronic signatures in
          {{
            trialCode()
          }}, oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Signer</th>
            <th scope="col">Meaning</th>
            <th scope="col">Signed</th>
            <th scope="col">Record</th>
            <th scope="col">Signed SHA-256</th>
            <th scope="col">Verification</th>
          </tr>
        </thead>
        <tbody>
          @for (signature of signatures(); track signature.id) {
            <tr>
              <th scope="row">
                {{ signature.printedName }} <span class="muted">({{ signature.signerUsername }})</span>
              </th>
              <td>{{ signature.meaning }}</td>
              <td>{{ signature.signedAt | dateTime }}</td>
              <td>
                {{ recordType(signature.recordType) }}
                <br /><span class="muted">{{ signature.statement }}</span>
              </td>
              <td><app-hash-text [value]="signature.recordSha256" label="signed SHA-256" /></td>
              <td>
                @switch (checks()[signature.id]?.state) {
                  @case ('checking') {
                    <span class="muted">Checking…</span>
                  }
                  @case ('done') {
                    @if (resultOf(signature.id); as result) {
                      @if (result.valid) {
                        <span class="badge badge--good">Verifies</span>
                      } @else {
                        <span class="badge badge--bad">Does not verify</span>
                        <br />{{ result.reason }}
                        @if (result.currentSha256) {
                          <br />now <app-hash-text [value]="result.currentSha256" label="current SHA-256" />
                        }
                      }
                    }
                  }
                  @case ('error') {
                    <app-problem-alert [problem]="problemOf(signature.id)" />
                  }
                }
                <button
                  type="button"
                  class="button button--secondary button--small"
                  [attr.aria-label]="
                    'Verify the signature by ' +
                    signature.printedName +
                    ' on ' +
                    (signature.signedAt | dateTime)
                  "
                  [disabled]="checks()[signature.id]?.state === 'checking'"
                  (click)="verify(signature)"
                >
                  Verify
                </button>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="muted">
                {{ loaded() ? 'No signatures in this trial yet.' : 'Loading…' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class SignaturesPage {
  private readonly api = inject(SignaturesApi);
  protected readonly trialCode = injectTrialCode();
  protected readonly signatures = signal<readonly Signature[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly checks = signal<Readonly<Record<string, Check>>>({});
  protected readonly checking = computed(() =>
    Object.values(this.checks()).some((check) => check.state === 'checking'),
  );
  protected readonly tally = computed(() => {
    const checks = Object.values(this.checks());
    const done = checks.filter((check) => check.state === 'done');
    if (this.signatures().length === 0 || done.length === 0) return '';
    const valid = done.filter((check) => check.state === 'done' && check.result.valid).length;
    const failed = done.length - valid;
    return `${valid} of ${this.signatures().length} signatures verify${failed > 0 ? `; ${failed} do not` : ''}.`;
  });

  constructor() {
    effect(() => {
      const code = this.trialCode();
      if (code) untracked(() => void this.load(code));
    });
  }

  protected recordType(type: string): string {
    return RECORD_TYPES[type] ?? type;
  }

  protected resultOf(id: string): SignatureVerification | null {
    const check = this.checks()[id];
    return check?.state === 'done' ? check.result : null;
  }

  protected problemOf(id: string): ApiProblem | null {
    const check = this.checks()[id];
    return check?.state === 'error' ? check.problem : null;
  }

  private async load(trialCode: string): Promise<void> {
    try {
      this.signatures.set(await firstValueFrom(this.api.list(trialCode)));
      this.problem.set(null);
      await this.verifyAll();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loaded.set(true);
    }
  }

  /** Verifies every signature, four at a time. */
  protected async verifyAll(): Promise<void> {
    const queue = [...this.signatures()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.verify(next);
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  }

  protected async verify(signature: Signature): Promise<void> {
    const trialCode = this.trialCode();
    if (!trialCode) return;
    this.setCheck(signature.id, { state: 'checking' });
    try {
      const result = await firstValueFrom(this.api.verify(trialCode, signature.id));
      this.setCheck(signature.id, { state: 'done', result });
    } catch (error) {
      this.setCheck(signature.id, { state: 'error', problem: toApiProblem(error) });
    }
  }

  private setCheck(id: string, check: Check): void {
    this.checks.update((checks) => ({ ...checks, [id]: check }));
  }
}
