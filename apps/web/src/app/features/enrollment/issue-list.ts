import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { issueGuidance, issueSubject, type OpenIssue } from '@prospect/web-data-access/enrollment';

/** Open issues, blocking first, each with what to do about it. */
@Component({
  selector: 'app-issue-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (issues().length === 0) {
      <p class="notice notice--good">No open issues.</p>
    } @else {
      <ul class="issues">
        @for (issue of sorted(); track issue.code + (issue.subject ?? '')) {
          <li
            class="notice"
            [class.notice--error]="issue.severity === 'blocking'"
            [class.notice--warn]="issue.severity === 'warning'"
          >
            <p>
              <span
                class="badge"
                [class.badge--bad]="issue.severity === 'blocking'"
                [class.badge--warn]="issue.severity === 'warning'"
              >
                {{ issue.severity === 'blocking' ? 'Blocking' : 'Warning' }}
              </span>
              <code>{{ issue.code }}</code>
              @if (subject(issue); as subject) {
                · {{ subject }}
              }
            </p>
            <p>{{ issue.message }}</p>
            <p><strong>How to resolve:</strong> {{ guidance(issue) }}</p>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .issues {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    .issues p {
      margin: 0.2rem 0;
    }
  `,
})
export class IssueList {
  readonly issues = input.required<readonly OpenIssue[]>();
  protected readonly guidance = issueGuidance;
  protected readonly subject = issueSubject;

  protected sorted(): OpenIssue[] {
    return [...this.issues()].sort((a, b) =>
      a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1,
    );
  }
}
