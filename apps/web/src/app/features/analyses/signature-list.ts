import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { RecordSignature } from '@prospect/web-data-access/analyses';
import { DateTimePipe } from './format';
import { HashText } from './hash-text';

/** The electronic signatures on a record: who, when, with which meaning, over which hash. */
@Component({
  selector: 'app-signature-list',
  imports: [DateTimePipe, HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Signer</th>
            <th scope="col">Meaning</th>
            <th scope="col">Signed</th>
            <th scope="col">Statement</th>
            <th scope="col">Signed record</th>
          </tr>
        </thead>
        <tbody>
          @for (signature of signatures(); track signature.id) {
            <tr>
              <td>{{ signature.printedName }} ({{ signature.signerUsername }})</td>
              <td>{{ signature.meaning }}</td>
              <td>{{ signature.signedAt | dateTime }}</td>
              <td>{{ signature.statement }}</td>
              <td><app-hash-text [value]="signature.recordSha256" label="signed record hash" /></td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">Not signed yet.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class SignatureList {
  readonly signatures = input.required<readonly RecordSignature[]>();
  readonly caption = input('Electronic signatures');
}
