import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { BaselineLink, EligibilityOutcome, RuleEvaluation } from '@prospect/web-data-access/enrollment';
import { formatDateTime } from '@prospect/web-ui/records';

export const ELIGIBILITY_TEXT: Readonly<Record<EligibilityOutcome, string>> = {
  passed: 'Eligible',
  failed: 'Not eligible',
  'needs-review': 'Needs review',
};

export const ELIGIBILITY_BADGE: Readonly<Record<EligibilityOutcome, string>> = {
  passed: 'badge badge--good',
  failed: 'badge badge--bad',
  'needs-review': 'badge badge--warn',
};

const RESULT_TEXT: Readonly<Record<RuleEvaluation['result'], string>> = {
  met: 'Met',
  'not-met': 'Not met',
  unknown: 'Cannot be decided',
};

/** Whether the rule lets the patient in: an inclusion met, or an exclusion not met. */
function favourable(rule: RuleEvaluation): boolean | null {
  if (rule.result === 'unknown') return null;
  return rule.kind === 'inclusion' ? rule.result === 'met' : rule.result === 'not-met';
}

/** The eligibility decision, rule by rule, with the evidence each rests on. */
@Component({
  selector: 'app-eligibility-rules',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <span [class]="badges[eligibility().outcome]">{{ texts[eligibility().outcome] }}</span>
      <span class="muted"> as of {{ date(eligibility().at) }}</span>
    </p>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Eligibility by rule
        </caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">Result</th>
            <th scope="col">Reason</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          @for (rule of eligibility().rules; track rule.ruleId) {
            <tr>
              <th scope="row">{{ rule.ruleId }}</th>
              <td>{{ rule.kind }}</td>
              <td>
                <span [class]="ruleBadge(rule)">{{ resultText[rule.result] }}</span>
                <span class="visually-hidden">{{ verdict(rule) }}</span>
              </td>
              <td>{{ rule.reason }}</td>
              <td>
                @for (ref of rule.evidence; track ref.id) {
                  <span class="hash" [title]="ref.resourceType + '/' + ref.id"
                    >{{ ref.resourceType }}/{{ ref.id.slice(0, 8) }}…</span
                  >
                } @empty {
                  —
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class EligibilityRules {
  readonly eligibility = input.required<BaselineLink['eligibility']>();
  protected readonly texts = ELIGIBILITY_TEXT;
  protected readonly badges = ELIGIBILITY_BADGE;
  protected readonly resultText = RESULT_TEXT;
  protected readonly date = formatDateTime;

  protected ruleBadge(rule: RuleEvaluation): string {
    const ok = favourable(rule);
    return ok === null ? 'badge badge--warn' : ok ? 'badge badge--good' : 'badge badge--bad';
  }

  protected verdict(rule: RuleEvaluation): string {
    const ok = favourable(rule);
    return ok === null ? '(to review)' : ok ? '(allows enrollment)' : '(excludes)';
  }
}
