import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { TreeHead } from '@prospect/web-data-access/ledger';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';

const REASONS: Readonly<Record<string, string>> = {
  'trial-created': 'Trial created',
  'lock-batch': 'After a lock batch',
  daily: 'Daily checkpoint',
  'key-rotation': 'Key rotation',
  'on-request': 'Published on request',
};

/** Every signed tree head, newest first, with the signing key and witness cosignatures. */
@Component({
  selector: 'app-tree-heads-table',
  imports: [HashText, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Signed tree heads, newest first ({{
            heads().length
          }})
        </caption>
        <thead>
          <tr>
            <th scope="col">Tree size</th>
            <th scope="col">Signed</th>
            <th scope="col">Why</th>
            <th scope="col">Root hash</th>
            <th scope="col">Signing key</th>
            <th scope="col">Cosignatures</th>
          </tr>
        </thead>
        <tbody>
          @for (head of newestFirst(); track head.treeSize + head.timestamp; let first = $first) {
            <tr>
              <th scope="row" class="numeric">
                {{ head.treeSize }}
                @if (first) {
                  <span class="badge badge--neutral">Latest</span>
                }
              </th>
              <td>{{ head.timestamp | dateTime }}</td>
              <td>{{ reason(head.reason) }}</td>
              <td><app-hash-text [value]="head.rootHash" label="root hash" /></td>
              <td>
                <app-hash-text [value]="head.keyId" label="signing key id" [copyable]="false" />
                @if (head.keyId === anchorKeyId()) {
                  <span class="muted">(trust anchor)</span>
                }
              </td>
              <td>
                @if (head.cosignatures.length === 0) {
                  <span class="muted">none</span>
                } @else {
                  <ul class="plain">
                    @for (cosignature of head.cosignatures; track cosignature.keyId + cosignature.timestamp) {
                      <li>
                        {{ cosignature.witness }}, {{ cosignature.timestamp | dateTime }}
                        <app-hash-text
                          [value]="cosignature.keyId"
                          label="witness key id"
                          [copyable]="false"
                        />
                      </li>
                    }
                  </ul>
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="muted">No signed tree head yet.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .plain {
      list-style: none;
      margin: 0;
      padding: 0;
    }
  `,
})
export class TreeHeadsTable {
  readonly heads = input.required<readonly TreeHead[]>();
  readonly anchorKeyId = input<string | null>(null);
  protected readonly newestFirst = computed(() => [...this.heads()].reverse());

  protected reason(reason: string): string {
    return REASONS[reason] ?? reason;
  }
}
