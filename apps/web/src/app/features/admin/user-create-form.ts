import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { type CreatedUser, type CreateUserRequest, UsersApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Creates a user account; by default the API generates a one-time password. */
@Component({
  selector: 'app-user-create-form',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form" (ngSubmit)="submit()" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <fieldset [disabled]="busy()">
        <legend>Account</legend>
        <label for="new-username">Username</label>
        <input
          id="new-username"
          name="username"
          required
          autocomplete="off"
          aria-describedby="new-username-hint"
          [ngModel]="username()"
          (ngModelChange)="username.set($event)"
        />
        <p class="muted" id="new-username-hint">
          3–64 characters: lower-case letters, digits, dot, underscore or hyphen.
        </p>
        @if (fieldError('username'); as error) {
          <p class="field-error">{{ error }}</p>
        }
        <label for="new-display-name">Printed name (shown with the user's electronic signatures)</label>
        <input
          id="new-display-name"
          name="displayName"
          required
          maxlength="200"
          [ngModel]="displayName()"
          (ngModelChange)="displayName.set($event)"
        />
        @if (fieldError('displayName'); as error) {
          <p class="field-error">{{ error }}</p>
        }
        <label
          ><input
            type="checkbox"
            name="isAdmin"
            [ngModel]="isAdmin()"
            (ngModelChange)="isAdmin.set($event)"
          />
          Platform administrator (manages users, trials and protocols; sees no blinded data)</label
        >
      </fieldset>
      <fieldset [disabled]="busy()">
        <legend>First password</legend>
        <label
          ><input
            type="radio"
            name="passwordMode"
            value="generate"
            [ngModel]="passwordMode()"
            (ngModelChange)="passwordMode.set($event)"
          />
          Generate a one-time password (recommended)</label
        >
        <label
          ><input
            type="radio"
            name="passwordMode"
            value="set"
            [ngModel]="passwordMode()"
            (ngModelChange)="passwordMode.set($event)"
          />
          Set a password myself</label
        >
        @if (passwordMode() === 'set') {
          <label for="new-password">Password</label>
          <input
            id="new-password"
            name="password"
            type="password"
            autocomplete="new-password"
            maxlength="256"
            [ngModel]="password()"
            (ngModelChange)="password.set($event)"
          />
          @if (fieldError('password'); as error) {
            <p class="field-error">{{ error }}</p>
          }
        }
        <p class="muted">Either way, the user must change the password at the first login.</p>
      </fieldset>
      <div class="actions">
        <button class="button" type="submit" [disabled]="!ready() || busy()">Create the user</button>
      </div>
    </form>
    <app-problem-alert [problem]="problem()" />
  `,
})
export class UserCreateForm {
  readonly created = output<CreatedUser>();
  private readonly api = inject(UsersApi);
  protected readonly username = signal('');
  protected readonly displayName = signal('');
  protected readonly isAdmin = signal(false);
  protected readonly passwordMode = signal<'generate' | 'set'>('generate');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly ready = computed(
    () =>
      USERNAME.test(this.username().trim()) &&
      this.displayName().trim() !== '' &&
      (this.passwordMode() === 'generate' || this.password() !== ''),
  );

  protected fieldError(field: string): string | null {
    const errors = this.problem()?.errors.filter((error) => error.field === field) ?? [];
    return errors.length > 0 ? errors.map((error) => error.reason).join('; ') : null;
  }

  protected async submit(): Promise<void> {
    if (!this.ready() || this.busy()) return;
    const request: CreateUserRequest = {
      username: this.username().trim(),
      displayName: this.displayName().trim(),
      isAdmin: this.isAdmin(),
      ...(this.passwordMode() === 'set' ? { password: this.password() } : {}),
    };
    this.busy.set(true);
    this.problem.set(null);
    try {
      const created = await firstValueFrom(this.api.create(request));
      this.username.set('');
      this.displayName.set('');
      this.isAdmin.set(false);
      this.password.set('');
      this.passwordMode.set('generate');
      this.created.emit(created);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
