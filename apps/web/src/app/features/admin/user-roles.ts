import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import {
  type ApiProblem,
  toApiProblem,
  TRIAL_ROLES,
  TrialContextStore,
  type TrialRole,
} from '@prospect/web-data-access';
import { type RoleAssignment, UsersApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';

/** A user's trial roles, current and revoked; grant one (trial + role) or revoke one, with a reason. */
@Component({
  selector: 'app-user-roles',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Trial roles</h2>
    <app-problem-alert [problem]="problem()" />
    @if (done()) {
      <p class="notice notice--good" role="status">{{ done() }}</p>
    }
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Roles of
          {{
            username()
          }}
          ({{
            active().length
          }}
          current,
          {{
            revoked().length
          }}
          revoked)
        </caption>
        <thead>
          <tr>
            <th scope="col">Trial</th>
            <th scope="col">Role</th>
            <th scope="col">Granted</th>
            <th scope="col">State</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          @for (assignment of assignments(); track assignment.id) {
            <tr>
              <th scope="row">{{ assignment.trialCode }}</th>
              <td>{{ assignment.role }}</td>
              <td>{{ formatDateTime(assignment.grantedAt) }}</td>
              <td>
                @if (assignment.revokedAt) {
                  <span class="badge badge--neutral">Revoked</span>
                  {{ formatDateTime(assignment.revokedAt) }}:
                  {{ assignment.revokeReason }}
                } @else {
                  <span class="badge badge--good">Current</span>
                }
              </td>
              <td>
                @if (!assignment.revokedAt) {
                  @if (revoking()?.id === assignment.id) {
                    <form
                      class="form form--inline"
                      (ngSubmit)="revoke(assignment)"
                      [attr.aria-label]="'Revoke ' + assignment.role + ' in ' + assignment.trialCode"
                    >
                      <div>
                        <label [for]="'revoke-reason-' + assignment.id">Reason</label>
                        <input
                          [id]="'revoke-reason-' + assignment.id"
                          name="revokeReason"
                          required
                          minlength="3"
                          maxlength="1000"
                          [ngModel]="revokeReason()"
                          (ngModelChange)="revokeReason.set($event)"
                        />
                      </div>
                      <button
                        type="submit"
                        class="button button--danger button--small"
                        [disabled]="busy() || revokeReason().trim().length < 3"
                      >
                        Revoke
                      </button>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        (click)="revoking.set(null)"
                      >
                        Cancel
                      </button>
                    </form>
                  } @else {
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      (click)="startRevoke(assignment)"
                      [attr.aria-label]="'Revoke ' + assignment.role + ' in ' + assignment.trialCode"
                    >
                      Revoke…
                    </button>
                  }
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">No trial role: {{ username() }} sees no trial.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    <form class="form form--inline" (ngSubmit)="grant()" aria-label="Grant a trial role">
      <div>
        <label for="grant-trial">Trial</label>
        <select
          id="grant-trial"
          name="trialCode"
          required
          [ngModel]="trialCode()"
          (ngModelChange)="trialCode.set($event)"
        >
          <option value="">Choose a trial…</option>
          @for (trial of trials.trials(); track trial.code) {
            <option [value]="trial.code">{{ trial.code }} — {{ trial.title }}</option>
          }
        </select>
      </div>
      <div>
        <label for="grant-role">Role</label>
        <select id="grant-role" name="role" required [ngModel]="role()" (ngModelChange)="role.set($event)">
          <option value="">Choose a role…</option>
          @for (option of roles; track option) {
            <option [value]="option">{{ option }}</option>
          }
        </select>
      </div>
      <div>
        <label for="grant-reason">Reason (optional)</label>
        <input
          id="grant-reason"
          name="reason"
          maxlength="1000"
          [ngModel]="grantReason()"
          (ngModelChange)="grantReason.set($event)"
        />
      </div>
      <button type="submit" class="button" [disabled]="busy() || !trialCode() || !role()">
        Grant the role
      </button>
    </form>
    @for (error of problem()?.errors ?? []; track error.field) {
      <p class="field-error">{{ error.field }}: {{ error.reason }}</p>
    }
  `,
})
export class UserRoles {
  readonly userId = input.required<string>();
  readonly username = input.required<string>();
  private readonly api = inject(UsersApi);
  protected readonly trials = inject(TrialContextStore);
  protected readonly roles = TRIAL_ROLES;
  protected readonly formatDateTime = formatDateTime;
  protected readonly assignments = signal<readonly RoleAssignment[]>([]);
  protected readonly active = computed(() =>
    this.assignments().filter((assignment) => !assignment.revokedAt),
  );
  protected readonly revoked = computed(() =>
    this.assignments().filter((assignment) => !!assignment.revokedAt),
  );
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly done = signal('');
  protected readonly trialCode = signal('');
  protected readonly role = signal<TrialRole | ''>('');
  protected readonly grantReason = signal('');
  protected readonly revoking = signal<RoleAssignment | null>(null);
  protected readonly revokeReason = signal('');

  constructor() {
    effect(() => {
      const userId = this.userId();
      untracked(() => void this.load(userId));
    });
    if (this.trials.trials().length === 0) void this.trials.loadTrials();
  }

  protected startRevoke(assignment: RoleAssignment): void {
    this.revoking.set(assignment);
    this.revokeReason.set('');
  }

  protected async grant(): Promise<void> {
    const role = this.role();
    if (!this.trialCode() || !role) return;
    const reason = this.grantReason().trim();
    await this.run(async () => {
      const granted = await firstValueFrom(
        this.api.grantRole(this.userId(), {
          trialCode: this.trialCode(),
          role,
          ...(reason ? { reason } : {}),
        }),
      );
      this.done.set(`Granted ${granted.role} in ${granted.trialCode}.`);
      this.role.set('');
      this.grantReason.set('');
    });
  }

  protected async revoke(assignment: RoleAssignment): Promise<void> {
    const reason = this.revokeReason().trim();
    if (reason.length < 3) return;
    await this.run(async () => {
      await firstValueFrom(this.api.revokeRole(this.userId(), assignment.id, reason));
      this.done.set(`Revoked ${assignment.role} in ${assignment.trialCode}.`);
      this.revoking.set(null);
    });
  }

  private async run(change: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.done.set('');
    try {
      await change();
      await this.load(this.userId());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(userId: string): Promise<void> {
    try {
      this.assignments.set(await firstValueFrom(this.api.roles(userId, true)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
