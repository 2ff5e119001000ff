import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { SessionStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import { ProblemAlert } from '@prospect/web-ui';

@Component({
  selector: 'app-login-page',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>Sign in</h1>
      @if (expired() || session.ended() === 'expired') {
        <p class="notice" role="status">Your session expired. Sign in again to continue.</p>
      }
      <app-problem-alert [problem]="problem()" />
      <form class="form" (ngSubmit)="submit()">
        <label for="login-username">Username</label>
        <input
          id="login-username"
          name="username"
          autocomplete="username"
          required
          maxlength="64"
          [ngModel]="username()"
          (ngModelChange)="username.set($event)"
        />
        <label for="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          [ngModel]="password()"
          (ngModelChange)="password.set($event)"
        />
        <button class="button" type="submit" [disabled]="busy() || !username() || !password()">
          Sign in
        </button>
      </form>
      <p class="muted">Repeated failed attempts lock the account for a while.</p>
    </div>
  `,
})
export class LoginPage {
  readonly returnUrl = input<string>();
  readonly expired = input<string>();
  protected readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const me = await this.session.login(this.username().trim(), this.password());
      this.password.set('');
      const target = safeReturnUrl(this.returnUrl());
      await this.router.navigateByUrl(me.mustChangePassword ? '/password' : target);
    } catch (error) {
      this.password.set('');
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/** Only paths inside the app: a crafted `returnUrl` must not send the user elsewhere. */
export function safeReturnUrl(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : '/';
}
