import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { SessionStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import { ProblemAlert } from '@prospect/web-ui';

const MIN_LENGTH = 12;

@Component({
  selector: 'app-password-page',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>Change your password</h1>
      @if (session.mustChangePassword()) {
        <p class="notice" role="status">
          You signed in with a one-time password. Choose your own before you continue.
        </p>
      }
      <app-problem-alert [problem]="problem()" />
      @if (done()) {
        <p class="notice" role="status">Password changed. Your other sessions were ended.</p>
      }
      <form class="form" (ngSubmit)="submit()">
        <label for="password-current">Current password</label>
        <input
          id="password-current"
          name="current"
          type="password"
          autocomplete="current-password"
          required
          [ngModel]="current()"
          (ngModelChange)="current.set($event)"
        />
        <label for="password-new">New password</label>
        <input
          id="password-new"
          name="next"
          type="password"
          autocomplete="new-password"
          required
          [attr.minlength]="minLength"
          aria-describedby="password-rules"
          [ngModel]="next()"
          (ngModelChange)="next.set($event)"
        />
        <p id="password-rules" class="muted">
          At least {{ minLength }} characters, not containing your username.
        </p>
        <label for="password-repeat">New password again</label>
        <input
          id="password-repeat"
          name="repeat"
          type="password"
          autocomplete="new-password"
          required
          [ngModel]="repeat()"
          (ngModelChange)="repeat.set($event)"
        />
        @if (mismatch()) {
          <p class="field-error" role="alert">The two new passwords differ.</p>
        }
        <button class="button" type="submit" [disabled]="busy() || !valid()">Change password</button>
      </form>
    </div>
  `,
})
export class PasswordPage {
  protected readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly minLength = MIN_LENGTH;
  protected readonly current = signal('');
  protected readonly next = signal('');
  protected readonly repeat = signal('');
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly mismatch = computed(() => this.repeat().length > 0 && this.repeat() !== this.next());
  protected readonly valid = computed(
    () => this.current().length > 0 && this.next().length >= MIN_LENGTH && this.next() === this.repeat(),
  );

  protected async submit(): Promise<void> {
    if (!this.valid()) return;
    const wasForced = this.session.mustChangePassword();
    this.busy.set(true);
    this.problem.set(null);
    try {
      await this.session.changePassword(this.current(), this.next());
      this.done.set(true);
      if (wasForced) await this.router.navigateByUrl('/');
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.current.set('');
      this.next.set('');
      this.repeat.set('');
      this.busy.set(false);
    }
  }
}
