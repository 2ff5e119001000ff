import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ApiProblem } from '@prospect/web-data-access';
import type { Signature } from '@prospect/web-data-access/submission';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { HashText } from '../ledger/hash-text';
import { InstantPipe } from '../ledger/instant.pipe';

/** The signatures on a package's manifest and, for regulatory staff, the form to add one. */
@Component({
  selector: 'app-package-signatures',
  imports: [ProblemAlert, SignatureForm, HashText, InstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="package-signatures-title">
      <h2 id="package-signatures-title">Signatures of the manifest</h2>
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Electronic signatures of this package's manifest ({{
              signatures().length
            }})
          </caption>
          <thead>
            <tr>
              <th scope="col">Signer</th>
              <th scope="col">Meaning</th>
              <th scope="col">Signed</th>
              <th scope="col">Statement</th>
              <th scope="col">Signed SHA-256</th>
            </tr>
          </thead>
          <tbody>
            @for (signature of signatures(); track signature.id) {
              <tr>
                <th scope="row">
                  {{ signature.printedName }} <span class="muted">({{ signature.signerUsername }})</span>
                </th>
                <td>{{ signature.meaning }}</td>
                <td>{{ signature.signedAt | instant }}</td>
                <td>{{ signature.statement }}</td>
                <td><app-hash-text [value]="signature.recordSha256" label="signed record SHA-256" /></td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="muted">Not signed yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (maySign()) {
        <app-signature-form
          title="Sign the manifest"
          [statement]="statement()"
          action="Sign the manifest"
          defaultMeaning="approval"
          [busy]="busy()"
          (signed)="sign.emit($event)"
        />
        <app-problem-alert [problem]="problem()" />
        @if (signedMessage()) {
          <p class="notice notice--good" role="status">{{ signedMessage() }}</p>
        }
      }
    </section>
  `,
})
export class PackageSignatures {
  readonly signatures = input.required<readonly Signature[]>();
  readonly maySign = input(false);
  readonly statement = input('');
  readonly busy = input(false);
  readonly problem = input<ApiProblem | null>(null);
  readonly signedMessage = input<string | null>(null);
  readonly sign = output<SignatureInput>();
}
