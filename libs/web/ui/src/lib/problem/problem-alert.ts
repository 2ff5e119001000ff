import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ApiProblem } from '@prospect/web-data-access';

/** The API's refusal in words, with each refused field; announced to screen readers. */
@Component({
  selector: 'app-problem-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as problem) {
      <div class="notice notice--error" role="alert">
        <p>
          <strong>{{ problem.title || 'Refused' }}</strong>
          @if (problem.detail && problem.detail !== problem.title) {
            <span>— {{ problem.detail }}</span>
          }
        </p>
        @if (problem.errors.length > 0) {
          <ul>
            @for (error of problem.errors; track error.field) {
              <li>
                <code>{{ error.field }}</code>: {{ error.reason }}
              </li>
            }
          </ul>
        }
        @if (problem.requestId) {
          <p class="muted">Request {{ problem.requestId }}</p>
        }
      </div>
    }
  `,
})
export class ProblemAlert {
  readonly problem = input<ApiProblem | null>(null);
}
