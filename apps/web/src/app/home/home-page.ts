import { ChangeDetectionStrategy, Component, inject, type OnInit } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore, TrialContextStore } from '@prospect/web-data-access';
import { ProblemAlert } from '@prospect/web-ui';

/** The trials the user works in, with their roles in each; the administrator's tools. */
@Component({
  selector: 'app-home-page',
  imports: [RouterLink, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Your trials</h1>
    <app-problem-alert [problem]="context.problem()" />
    @if (session.isAdmin()) {
      <nav class="actions" aria-label="Administration">
        <a class="button" routerLink="/admin/trials/new">Register a trial</a>
        <a class="button button--secondary" routerLink="/admin/users">Users and roles</a>
        <a class="button button--secondary" routerLink="/admin/audit">Audit trail</a>
        <a class="button button--secondary" routerLink="/admin/models">Models</a>
      </nav>
    }
    <table class="table">
      <caption>
        Trials you hold a role in{{
          session.isAdmin() ? ' (all trials, as administrator)' : ''
        }}
      </caption>
      <thead>
        <tr>
          <th scope="col">Trial</th>
          <th scope="col">Title</th>
          <th scope="col">Indication</th>
          <th scope="col">Protocol in force</th>
          <th scope="col">Your roles</th>
        </tr>
      </thead>
      <tbody>
        @for (trial of context.trials(); track trial.code) {
          <tr>
            <td>
              <a [routerLink]="['/trials', trial.code, 'overview']">{{ trial.code }}</a>
            </td>
            <td>{{ trial.title }}</td>
            <td>{{ trial.indication }}</td>
            <td>{{ trial.protocolInForce ? 'version ' + trial.protocolInForce : 'not approved yet' }}</td>
            <td>{{ session.rolesIn(trial.code).join(', ') || '—' }}</td>
          </tr>
        } @empty {
          <tr>
            <td colspan="5" class="muted">
              No trials yet. An administrator registers trials and grants roles.
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class HomePage implements OnInit {
  protected readonly session = inject(SessionStore);
  protected readonly context = inject(TrialContextStore);

  ngOnInit(): void {
    void this.context.loadTrials();
  }
}
