import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Enrollment } from '@prospect/web-data-access/enrollment';
import { EligibilityRules } from './eligibility-rules';
import { IssueList } from './issue-list';

/** What enrolling did: the new subject id, the eligibility per rule and the open issues. */
@Component({
  selector: 'app-enroll-result',
  imports: [RouterLink, EligibilityRules, IssueList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="enrolled-title" class="card">
      <h2 id="enrolled-title" tabindex="-1">Enrolled as {{ enrollment().subjectId }}</h2>
      <p role="status">
        Subject <strong>{{ enrollment().subjectId }}</strong> enrolled at site
        {{ enrollment().siteCode }} under protocol version {{ enrollment().protocolVersion }}.
        <a [routerLink]="['..', 'subjects', enrollment().subjectId]">Open the enrollment</a>
      </p>
      <app-eligibility-rules [eligibility]="enrollment().baseline.link.eligibility" />
      <h3>Open issues</h3>
      <app-issue-list [issues]="enrollment().baseline.issues" />
    </section>
  `,
})
export class EnrollResult {
  readonly enrollment = input.required<Enrollment>();
}
