import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { type CreatedUser, type User, UsersApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { OneTimePassword } from './one-time-password';
import { UserCreateForm } from './user-create-form';

/** Every user account with its state; create a user (the one-time password shown once). */
@Component({
  selector: 'app-users-page',
  imports: [FormsModule, RouterLink, ProblemAlert, OneTimePassword, UserCreateForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Users and roles</h1>
    <app-problem-alert [problem]="problem()" />
    @if (justCreated(); as created) {
      @if (oneTimePassword(); as password) {
        <app-one-time-password
          [username]="created.user.username"
          [password]="password"
          (dismissed)="oneTimePassword.set(null)"
        />
      }
      <p class="notice notice--good" role="status">
        Created {{ created.user.username }}.
        <a [routerLink]="[created.user.id]">Grant trial roles to {{ created.user.username }}</a>
      </p>
    }
    <form class="form form--inline" aria-label="Find users" (submit)="$event.preventDefault()">
      <div>
        <label for="user-search">Find a user</label>
        <input
          id="user-search"
          name="search"
          type="search"
          [ngModel]="search()"
          (ngModelChange)="search.set($event)"
        />
      </div>
      <div>
        <label for="user-state">State</label>
        <select id="user-state" name="state" [ngModel]="state()" (ngModelChange)="state.set($event)">
          <option value="all">All</option>
          <option value="active">Active</option>
          <option value="inactive">Deactivated</option>
          <option value="locked">Locked out</option>
        </select>
      </div>
    </form>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          {{
            visible().length
          }}
          of
          {{
            users().length
          }}
          users
        </caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Printed name</th>
            <th scope="col">State</th>
            <th scope="col">Last login</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          @for (user of visible(); track user.id) {
            <tr>
              <th scope="row">
                <a [routerLink]="[user.id]">{{ user.username }}</a>
              </th>
              <td>{{ user.displayName }}</td>
              <td>
                <span [class]="user.isActive ? 'badge badge--good' : 'badge badge--bad'">{{
                  user.isActive ? 'Active' : 'Deactivated'
                }}</span>
                @if (user.isAdmin) {
                  <span class="badge badge--neutral">Administrator</span>
                }
                @if (isLocked(user)) {
                  <span class="badge badge--warn">Locked out</span>
                }
                @if (user.mustChangePassword) {
                  <span class="badge badge--neutral">Must change password</span>
                }
              </td>
              <td>{{ formatDateTime(user.lastLoginAt) }}</td>
              <td>{{ formatDateTime(user.createdAt) }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">{{ loading() ? 'Loading users…' : 'No user matches.' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <app-user-create-form (created)="onCreated($event)" />
  `,
})
export class UsersPage implements OnInit {
  private readonly api = inject(UsersApi);
  protected readonly formatDateTime = formatDateTime;
  protected readonly users = signal<readonly User[]>([]);
  protected readonly loading = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly search = signal('');
  protected readonly state = signal<'all' | 'active' | 'inactive' | 'locked'>('all');
  protected readonly justCreated = signal<CreatedUser | null>(null);
  /** Held only here, in memory, until dismissed: never stored, never fetched again. */
  protected readonly oneTimePassword = signal<string | null>(null);
  protected readonly visible = computed(() => {
    const search = this.search().trim().toLowerCase();
    return this.users().filter(
      (user) =>
        (!search || user.username.includes(search) || user.displayName.toLowerCase().includes(search)) &&
        (this.state() === 'all' ||
          (this.state() === 'active' && user.isActive) ||
          (this.state() === 'inactive' && !user.isActive) ||
          (this.state() === 'locked' && this.isLocked(user))),
    );
  });

  ngOnInit(): void {
    void this.load();
  }

  protected isLocked(user: User): boolean {
    return user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.now();
  }

  protected onCreated(created: CreatedUser): void {
    this.justCreated.set(created);
    this.oneTimePassword.set(created.temporaryPassword);
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.users.set(await firstValueFrom(this.api.list()));
      this.problem.set(null);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
