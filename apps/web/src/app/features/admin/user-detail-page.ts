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
import { RouterLink } from '@angular/router';
import { type ApiProblem, SessionStore, toApiProblem } from '@prospect/web-data-access';
import { type User, type UserAction, UsersApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { OneTimePassword } from './one-time-password';
import { UserRoles } from './user-roles';

type Step = UserAction | 'password-reset';

const STEPS: Readonly<Record<Step, { label: string; done: string }>> = {
  deactivate: { label: 'Deactivate', done: 'Deactivated; their sessions have ended.' },
  reactivate: { label: 'Reactivate', done: 'Reactivated.' },
  unlock: { label: 'Unlock', done: 'Unlocked: they can sign in again.' },
  'password-reset': { label: 'Reset the password', done: 'Password reset to a new one-time password.' },
};

/** One user: state, lockout, password reset and trial roles; every change with its reason. */
@Component({
  selector: 'app-user-detail-page',
  imports: [FormsModule, RouterLink, ProblemAlert, OneTimePassword, UserRoles],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">← All users</a></p>
    <h1>{{ user()?.username ?? 'User' }}</h1>
    <app-problem-alert [problem]="problem()" />
    @if (user(); as user) {
      <dl class="facts">
        <div>
          <dt>Printed name</dt>
          <dd>{{ user.displayName }}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{{ user.isActive ? 'Active' : 'Deactivated' }}</dd>
        </div>
        <div>
          <dt>Administrator</dt>
          <dd>{{ user.isAdmin ? 'Yes' : 'No' }}</dd>
        </div>
        <div>
          <dt>Locked out until</dt>
          <dd>{{ locked() ? formatDateTime(user.lockedUntil) : 'Not locked' }}</dd>
        </div>
        <div>
          <dt>Must change password</dt>
          <dd>{{ user.mustChangePassword ? 'Yes' : 'No' }}</dd>
        </div>
        <div>
          <dt>Last login</dt>
          <dd>{{ formatDateTime(user.lastLoginAt) }}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{{ formatDateTime(user.createdAt) }}</dd>
        </div>
        <div>
          <dt>User id</dt>
          <dd>
            <code>{{ user.id }}</code>
          </dd>
        </div>
      </dl>

      @if (oneTimePassword(); as password) {
        <app-one-time-password
          [username]="user.username"
          [password]="password"
          (dismissed)="oneTimePassword.set(null)"
        />
      }
      @if (done()) {
        <p class="notice notice--good" role="status">{{ done() }}</p>
      }

      <h2>Account</h2>
      <div class="actions">
        @if (user.isActive) {
          <button
            type="button"
            class="button button--danger"
            [disabled]="isSelf()"
            (click)="choose('deactivate')"
          >
            Deactivate
          </button>
        } @else {
          <button type="button" class="button" (click)="choose('reactivate')">Reactivate</button>
        }
        @if (user.lockedUntil) {
          <button type="button" class="button button--secondary" (click)="choose('unlock')">Unlock</button>
        }
        <button type="button" class="button button--secondary" (click)="choose('password-reset')">
          Reset the password
        </button>
      </div>
      @if (isSelf()) {
        <p class="muted">You cannot deactivate your own account.</p>
      }
      @if (step(); as current) {
        <form class="form" (ngSubmit)="confirm()" aria-labelledby="step-title">
          <fieldset [disabled]="busy()">
            <legend id="step-title">{{ steps[current].label }}: {{ user.username }}</legend>
            <label for="step-reason">Reason (kept in the audit trail, 3–1000 characters)</label>
            <textarea
              id="step-reason"
              name="reason"
              rows="2"
              required
              minlength="3"
              maxlength="1000"
              [ngModel]="reason()"
              (ngModelChange)="reason.set($event)"
            ></textarea>
            @for (error of problem()?.errors ?? []; track error.field) {
              <p class="field-error">{{ error.field }}: {{ error.reason }}</p>
            }
            <div class="actions">
              <button
                type="submit"
                [class]="current === 'deactivate' ? 'button button--danger' : 'button'"
                [disabled]="reason().trim().length < 3"
              >
                {{ steps[current].label }}
              </button>
              <button type="button" class="button button--secondary" (click)="step.set(null)">Cancel</button>
            </div>
          </fieldset>
        </form>
      }

      <app-user-roles [userId]="user.id" [username]="user.username" />
    } @else if (loading()) {
      <p role="status">Loading the user…</p>
    }
  `,
})
export class UserDetailPage {
  /** From the route (`:userId`). */
  readonly userId = input.required<string>();
  private readonly api = inject(UsersApi);
  private readonly session = inject(SessionStore);
  protected readonly steps = STEPS;
  protected readonly formatDateTime = formatDateTime;
  protected readonly user = signal<User | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly step = signal<Step | null>(null);
  protected readonly reason = signal('');
  protected readonly done = signal('');
  /** Held only here, in memory, until dismissed. */
  protected readonly oneTimePassword = signal<string | null>(null);
  protected readonly isSelf = computed(() => this.session.me()?.id === this.userId());
  protected readonly locked = computed(() => {
    const until = this.user()?.lockedUntil;
    return !!until && Date.parse(until) > Date.now();
  });

  constructor() {
    effect(() => {
      const userId = this.userId();
      untracked(() => void this.load(userId));
    });
  }

  protected choose(step: Step): void {
    this.step.set(step);
    this.reason.set('');
    this.done.set('');
    this.problem.set(null);
  }

  protected async confirm(): Promise<void> {
    const step = this.step();
    const reason = this.reason().trim();
    if (!step || reason.length < 3 || this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      if (step === 'password-reset') {
        const reset = await firstValueFrom(this.api.resetPassword(this.userId(), reason));
        this.user.set(reset.user);
        this.oneTimePassword.set(reset.temporaryPassword);
      } else {
        this.user.set(await firstValueFrom(this.api.act(this.userId(), step, reason)));
      }
      this.done.set(STEPS[step].done);
      this.step.set(null);
      this.reason.set('');
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(userId: string): Promise<void> {
    this.loading.set(true);
    try {
      this.user.set(await firstValueFrom(this.api.get(userId)));
      this.problem.set(null);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
