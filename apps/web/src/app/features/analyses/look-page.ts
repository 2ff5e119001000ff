import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { type ApiProblem, SessionStore, TrialContextStore, toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi } from '@prospect/web-data-access/analyses';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { DateTimePipe, HashText, SignatureList } from '@prospect/web-ui/records';
import { AccessLogPanel } from './access-log-panel';
import { LookResultPanel } from './look-result-panel';

/**
 * One look. Everyone sees its metadata, hashes and signatures; the statistician signs it; only
 * the DMC can open its unblinded result (the result panel is not even created for other roles,
 * so no result or snapshot request can leave a blinded user's browser).
 */
@Component({
  selector: 'app-look-page',
  imports: [
    AccessLogPanel,
    DateTimePipe,
    HashText,
    LookResultPanel,
    ProblemAlert,
    RouterLink,
    SignatureForm,
    SignatureList,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">← Analyses</a></p>
    <h1>Look {{ number() }}</h1>
    <app-problem-alert [problem]="loadProblem()" />
    @if (look(); as look) {
      <section aria-labelledby="look-meta">
        <h2 id="look-meta">Record</h2>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <span
              class="badge"
              [class.badge--good]="look.status === 'computed'"
              [class.badge--bad]="look.status === 'failed'"
            >
              {{ look.status }}
            </span>
          </dd>
          <dt>Protocol version</dt>
          <dd>{{ look.protocolVersion }}</dd>
          <dt>Requested</dt>
          <dd>{{ look.requestedAt | dateTime }}</dd>
          <dt>Data frozen</dt>
          <dd>{{ look.frozenAt | dateTime }}</dd>
          <dt>Locked subjects in the snapshot</dt>
          <dd>{{ look.subjects }}</dd>
          <dt>Snapshot SHA-256</dt>
          <dd><app-hash-text [value]="look.snapshotSha256" label="snapshot hash" /></dd>
          <dt>Computed</dt>
          <dd>{{ look.computedAt | dateTime }}</dd>
          <dt>Result SHA-256</dt>
          <dd>
            <app-hash-text [value]="look.resultSha256" label="result hash" missing="not computed yet" />
          </dd>
        </dl>
      </section>
      <section aria-labelledby="look-signatures">
        <h2 id="look-signatures">Signatures</h2>
        <app-signature-list
          [signatures]="look.signatures"
          [caption]="'Signatures on look ' + look.lookNumber"
        />
        @if (isStatistician()) {
          @if (mySignatures(); as mine) {
            <p class="muted">You signed this look ({{ mine }}); a second signature needs another meaning.</p>
          }
          @if (look.status === 'computed') {
            <app-signature-form
              [title]="'Sign look ' + look.lookNumber"
              statement="You sign the frozen snapshot and the computed result by their hashes, without seeing the result. Signing is the legally binding equivalent of your handwritten signature."
              action="Sign the analysis"
              defaultMeaning="authorship"
              [busy]="signing()"
              (signed)="sign($event)"
            />
          } @else {
            <p class="muted">The look can be signed once it is computed.</p>
          }
          <app-problem-alert [problem]="signProblem()" />
          @if (signedMessage()) {
            <p class="notice notice--good" role="status">{{ signedMessage() }}</p>
          }
        }
      </section>
      @if (isDmc()) {
        <app-look-result-panel
          [trialCode]="trialCode()"
          [lookNumber]="look.lookNumber"
          [isComputed]="look.status === 'computed'"
          (viewed)="accessVersion.set(accessVersion() + 1)"
        />
      }
      @if (canReadAccessLog()) {
        <app-access-log-panel
          [trialCode]="trialCode()"
          [lookNumber]="look.lookNumber"
          [version]="accessVersion()"
        />
      }
    }
  `,
})
export class LookPage {
  private readonly api = inject(AnalysesApi);
  private readonly context = inject(TrialContextStore);
  private readonly session = inject(SessionStore);
  /** Route parameter. */
  readonly lookNumber = input.required<string>();

  protected readonly number = computed(() => Number(this.lookNumber()));
  protected readonly trialCode = computed(() => this.context.currentCode() ?? '');
  protected readonly isStatistician = computed(() => this.context.roles().includes('statistician'));
  protected readonly isDmc = computed(() => this.context.roles().includes('dmc'));
  protected readonly canReadAccessLog = computed(() =>
    this.context.roles().some((role) => role === 'dmc' || role === 'monitor'),
  );

  protected readonly resource = rxResource({
    params: () => {
      const code = this.context.currentCode();
      const look = this.number();
      return code && Number.isInteger(look) && look > 0 ? { code, look } : undefined;
    },
    stream: ({ params }) => this.api.get(params.code, params.look),
  });
  protected readonly look = computed(() => (this.resource.hasValue() ? this.resource.value() : null));
  /** The meanings the signed-in user already signed this look with. */
  protected readonly mySignatures = computed(() => {
    const me = this.session.me();
    const meanings = (this.look()?.signatures ?? [])
      .filter((signature) => me !== null && signature.signerId === me.id)
      .map((signature) => signature.meaning);
    return meanings.length > 0 ? meanings.join(', ') : null;
  });
  protected readonly loadProblem = computed(() =>
    this.resource.error() ? toApiProblem(this.resource.error()) : null,
  );
  protected readonly signing = signal(false);
  protected readonly signProblem = signal<ApiProblem | null>(null);
  protected readonly signedMessage = signal<string | null>(null);
  protected readonly accessVersion = signal(0);

  protected sign(signature: SignatureInput): void {
    const look = this.look();
    if (!look) return;
    this.signing.set(true);
    this.signProblem.set(null);
    this.signedMessage.set(null);
    this.api
      .sign(this.trialCode(), look.lookNumber, { password: signature.password, meaning: signature.meaning })
      .subscribe({
        next: (updated) => {
          this.signing.set(false);
          this.resource.set(updated);
          this.signedMessage.set(`Look ${updated.lookNumber} signed (${signature.meaning}).`);
        },
        error: (error: unknown) => {
          this.signing.set(false);
          this.signProblem.set(toApiProblem(error));
        },
      });
  }
}
