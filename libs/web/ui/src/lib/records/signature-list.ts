import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { DateTimePipe } from './date-time';
import { HashText } from './hash-text';

/** What {@link SignatureList} shows of an electronic signature (a subset of the API's signature records). */
export interface SignatureRow {
  readonly id: number | string;
  readonly signerUsername: string;
  readonly printedName: string;
  readonly meaning: string;
  readonly statement: string;
  readonly recordSha256: string;
  readonly signedAt: string;
}

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
            <th scope="col">{{ hashHeading() }}</th>
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
              <td>{{ signature.statement }}</td>
              <td><app-hash-text [value]="signature.recordSha256" [label]="hashLabel()" /></td>
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
  readonly signatures = input.required<readonly SignatureRow[]>();
  readonly caption = input('Electronic signatures');
  /** The heading of the hash column. */
  readonly hashHeading = input('Signed record');
  /** What the hash is, for its copy button. */
  readonly hashLabel = input('signed record hash');
}
