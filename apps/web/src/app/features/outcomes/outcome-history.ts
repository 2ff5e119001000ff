import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { OutcomeDetail } from '@prospect/web-data-access/outcomes';
import {
  BLINDED_TEXT,
  BLINDED_VALUE,
  formatDateTime,
  outcomeLabel,
  shortId,
  windowLabel,
} from './outcome-format';

/**
 * Every result recorded for a subject (with its source and corrections) and every adjudication.
 * For roles blinded to outcome values the API leaves out values, evidence and reasons: those cells
 * say so, rather than reading as missing data.
 */
@Component({
  selector: 'app-outcome-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Results recorded so far ({{
            detail().resultHistory.length
          }}), oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Outcome</th>
            <th scope="col">Assessed</th>
            <th scope="col" class="numeric">Study day</th>
            <th scope="col">Window</th>
            <th scope="col">Evidence</th>
            <th scope="col">Reason</th>
            <th scope="col">Recorded</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          @for (result of detail().resultHistory; track result.id) {
            <tr [id]="'result-' + result.id">
              <th scope="row">
                @if (result.source === 'fhir') {
                  <span class="badge badge--neutral">FHIR server</span>
                } @else {
                  <span class="badge badge--neutral">Outcome assessor</span>
                }
              </th>
              <td>{{ outcomeLabel(result.outcome, detail().positiveClass) }}</td>
              <td>{{ formatDateTime(result.assessedAt) }}</td>
              <td class="numeric">{{ result.studyDay ?? '—' }}</td>
              <td>{{ windowLabel(result.inWindow) }}</td>
              <td>
                @if (result.evidence; as evidence) {
                  {{ evidence.detail }}
                  @for (reference of evidence.references; track reference) {
                    <br /><code>{{ reference }}</code>
                  }
                } @else {
                  <span class="muted">{{ blindedText }}</span>
                }
              </td>
              <td>
                @if (result.reason !== undefined) {
                  {{ result.reason ?? '—' }}
                } @else {
                  <span class="muted">{{ blindedText }}</span>
                }
              </td>
              <td>
                {{ formatDateTime(result.recordedAt) }}
                @if (result.source === 'assessor') {
                  <br />
                  <span class="muted" [title]="result.recordedBy ?? ''">by {{ who(result.recordedBy) }}</span>
                }
              </td>
              <td>
                @if (result.supersededBy) {
                  <span class="badge badge--neutral">Corrected</span> by
                  <a [href]="'#result-' + result.supersededBy">a later result</a>
                } @else {
                  <span class="badge badge--good">Current</span>
                }
                @if (result.supersedes) {
                  <br />corrects <a [href]="'#result-' + result.supersedes">an earlier result</a>
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="9" class="muted">
                No result yet: neither the FHIR server nor an assessor has given one.
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    @if (detail().adjudications.length > 0) {
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Adjudications ({{
              detail().adjudications.length
            }}), each signed by its adjudicator
          </caption>
          <thead>
            <tr>
              <th scope="col">Decided</th>
              <th scope="col">Outcome</th>
              <th scope="col">Assessed</th>
              <th scope="col">Window</th>
              <th scope="col">Reason</th>
              <th scope="col" class="numeric">Results considered</th>
              <th scope="col">Adjudicator</th>
              <th scope="col">Signature</th>
            </tr>
          </thead>
          <tbody>
            @for (adjudication of detail().adjudications; track adjudication.id) {
              <tr>
                <th scope="row">{{ formatDateTime(adjudication.adjudicatedAt) }}</th>
                <td>
                  {{
                    adjudication.outcome === undefined
                      ? 'decided — ' + blindedValue
                      : adjudication.outcome === null
                        ? 'confirmed missing'
                        : outcomeLabel(adjudication.outcome, detail().positiveClass)
                  }}
                </td>
                <td>{{ formatDateTime(adjudication.assessedAt) }}</td>
                <td>{{ adjudication.assessedAt ? windowLabel(adjudication.inWindow) : '—' }}</td>
                <td>
                  @if (adjudication.reason !== undefined) {
                    {{ adjudication.reason }}
                  } @else {
                    <span class="muted">{{ blindedText }}</span>
                  }
                </td>
                <td class="numeric">{{ adjudication.considered.length }}</td>
                <td [title]="adjudication.adjudicatedBy">{{ who(adjudication.adjudicatedBy) }}</td>
                <td>
                  <span class="hash" [title]="adjudication.signatureId">{{
                    shortId(adjudication.signatureId)
                  }}</span>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class OutcomeHistory {
  readonly detail = input.required<OutcomeDetail>();
  /** The signed-in user's id, to say "you" for their own entries. */
  readonly meId = input<string | null>(null);

  protected readonly formatDateTime = formatDateTime;
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly windowLabel = windowLabel;
  protected readonly shortId = shortId;
  protected readonly blindedValue = BLINDED_VALUE;
  protected readonly blindedText = BLINDED_TEXT;
  private readonly me = computed(() => this.meId());

  protected who(userId: string | null): string {
    if (!userId) return '—';
    return userId === this.me() ? 'you' : `user ${shortId(userId)}`;
  }
}
