import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ApiProblem } from '@prospect/web-data-access';
import type { Signature } from '@prospect/web-data-access/submission';
import { ProblemAlert, SignatureForm, type SignatureInput } from '@prospect/web-ui';
import { SignatureList } from '@prospect/web-ui/records';

/** The signatures on a package's manifest and, for regulatory staff, the form to add one. */
@Component({
  selector: 'app-package-signatures',
  imports: [ProblemAlert, SignatureForm, SignatureList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="package-signatures-title">
      <h2 id="package-signatures-title">Signatures of the manifest</h2>
      <app-signature-list
        [signatures]="signatures()"
        [caption]="caption()"
        hashHeading="Signed SHA-256"
        hashLabel="signed record SHA-256"
      />
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
  protected readonly caption = computed(
    () => `Electronic signatures of this package's manifest (${this.signatures().length})`,
  );
}
