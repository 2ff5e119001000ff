import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { BaselineVersion } from '@prospect/web-data-access/enrollment';
import { ELIGIBILITY_TEXT } from './eligibility-rules';
import { formatDateTime } from '@prospect/web-ui/records';

/** Every version of the baseline link, newest first, with what changed. */
@Component({
  selector: 'app-baseline-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (version of newestFirst(); track version.version) {
      <details class="card">
        <summary>
          Version {{ version.version }} · {{ date(version.syncedAt) }} ·
          {{ eligibility[version.eligibility] }} · treatment start {{ version.treatmentStart.status }} ·
          {{ version.blockingIssues }} blocking issue{{ version.blockingIssues === 1 ? '' : 's' }} ·
          {{
            version.changes === null
              ? 'first version'
              : version.changes.length + ' change' + (version.changes.length === 1 ? '' : 's')
          }}
        </summary>
        @if (version.changes && version.changes.length > 0) {
          <div class="table-wrap">
            <table class="table table--compact">
              <caption>
                Changes in version
                {{
                  version.version
                }}
              </caption>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                @for (change of version.changes; track change.path) {
                  <tr>
                    <th scope="row">
                      <code>{{ change.path }}</code>
                    </th>
                    <td>{{ show(change.before) }}</td>
                    <td>{{ show(change.after) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p class="muted">The link as first made at enrollment.</p>
        }
      </details>
    } @empty {
      <p class="muted">No baseline history.</p>
    }
  `,
})
export class BaselineHistory {
  readonly versions = input.required<readonly BaselineVersion[]>();
  protected readonly eligibility = ELIGIBILITY_TEXT;
  protected readonly date = formatDateTime;

  protected newestFirst(): BaselineVersion[] {
    return [...this.versions()].sort((a, b) => b.version - a.version);
  }

  protected show(value: unknown): string {
    if (value === undefined) return '(absent)';
    if (value === null) return '—';
    if (typeof value === 'object') {
      const message = (value as { message?: unknown }).message;
      return typeof message === 'string' ? message : JSON.stringify(value);
    }
    return String(value);
  }
}
