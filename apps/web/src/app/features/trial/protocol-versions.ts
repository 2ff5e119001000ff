import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import { TrialApi, type ProtocolVersion } from '@prospect/web-data-access/trial';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { formatDateTime, HashText } from '@prospect/web-ui/records';

const STATUS_BADGE: Readonly<Record<ProtocolVersion['status'], string>> = {
  approved: 'badge badge--good',
  draft: 'badge badge--warn',
  superseded: 'badge badge--neutral',
};

/** Every protocol version with its status; the protocol JSON on request; approval for the admin. */
@Component({
  selector: 'app-protocol-versions',
  imports: [ProblemAlert, SignatureForm, HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Protocol versions
        </caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Endpoint</th>
            <th scope="col" class="numeric">Threshold</th>
            <th scope="col" class="numeric">Planned n</th>
            <th scope="col">Created</th>
            <th scope="col">Approved</th>
            <th scope="col">Amendment reason</th>
            <th scope="col">Content SHA-256</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (version of versions(); track version.version) {
            <tr>
              <th scope="row">
                v{{ version.version }}
                @if (version.version === inForce()) {
                  <span class="badge badge--good">in force</span>
                }
              </th>
              <td>
                <span [class]="badge(version)">{{ version.status }}</span>
              </td>
              <td>{{ version.endpointType }}</td>
              <td class="numeric">{{ version.decisionThreshold }}</td>
              <td class="numeric">{{ version.plannedSampleSize }}</td>
              <td>{{ date(version.createdAt) }}</td>
              <td>{{ version.approval ? date(version.approval.approvedAt) : '—' }}</td>
              <td>{{ version.amendmentReason ?? '—' }}</td>
              <td><app-hash-text [value]="version.contentSha256" label="content SHA-256" /></td>
              <td>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  [attr.aria-expanded]="shown() === version.version"
                  (click)="toggle(version.version)"
                >
                  {{ shown() === version.version ? 'Hide' : 'Show' }} protocol v{{ version.version }}
                </button>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="10" class="muted">No protocol version.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (shownVersion(); as version) {
      <section aria-labelledby="protocol-json-title">
        <h3 id="protocol-json-title">Protocol version {{ version.version }} (JSON)</h3>
        <pre class="protocol-json" tabindex="0">{{ json(version) }}</pre>
      </section>
    }
    @if (isAdmin() && approvable(); as version) {
      <section aria-labelledby="approve-title">
        <h3 id="approve-title">Approve protocol version {{ version.version }}</h3>
        <p>
          Approving puts version {{ version.version }} in force for enrollment and analyses and freezes it;
          later changes are amendments.
        </p>
        <app-signature-form
          [title]="'Approve protocol ' + trialCode() + ' version ' + version.version"
          [statement]="
            'I approve protocol version ' +
            version.version +
            ' (SHA-256 ' +
            version.contentSha256 +
            '). Signing is the legally binding equivalent of my handwritten signature.'
          "
          action="Approve and sign"
          [meanings]="['approval']"
          defaultMeaning="approval"
          [busy]="busy()"
          (signed)="approve(version, $event)"
        />
        <app-problem-alert [problem]="problem()" />
      </section>
    }
    @if (approvedMessage(); as message) {
      <p class="notice notice--good" role="status">{{ message }}</p>
    }
  `,
  styles: `
    .protocol-json {
      max-height: 28rem;
      overflow: auto;
      background: #f6f6f6;
      padding: 0.75rem;
      font-size: 0.85rem;
    }
  `,
})
export class ProtocolVersions {
  private readonly api = inject(TrialApi);
  readonly trialCode = input.required<string>();
  readonly versions = input.required<readonly ProtocolVersion[]>();
  readonly inForce = input<number | null>(null);
  readonly isAdmin = input(false);
  readonly approved = output<ProtocolVersion>();

  protected readonly shown = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly approvedMessage = signal<string | null>(null);
  protected readonly shownVersion = computed(
    () => this.versions().find((v) => v.version === this.shown()) ?? null,
  );
  /** Only the latest version can be approved, and only while it is a draft. */
  protected readonly approvable = computed(() => {
    const latest = this.versions().at(-1);
    return latest && latest.status === 'draft' ? latest : null;
  });
  protected readonly date = formatDateTime;

  protected badge(version: ProtocolVersion): string {
    return STATUS_BADGE[version.status];
  }

  protected toggle(version: number): void {
    this.shown.update((current) => (current === version ? null : version));
  }

  protected json(version: ProtocolVersion): string {
    return JSON.stringify(version.content, null, 2);
  }

  protected async approve(version: ProtocolVersion, signature: SignatureInput): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.approvedMessage.set(null);
    try {
      const approved = await firstValueFrom(
        this.api.approveProtocol(this.trialCode(), version.version, signature.password),
      );
      this.approvedMessage.set(`Protocol version ${approved.version} is approved and in force.`);
      this.approved.emit(approved);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
