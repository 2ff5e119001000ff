import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { copyText } from './admin-format';

/**
 * A one-time password, shown once: the API never returns it again. Copy it, hand it over through
 * a safe channel, then dismiss it; the user must change it at first login.
 */
@Component({
  selector: 'app-one-time-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="notice notice--warn" role="alert" aria-labelledby="otp-title">
      <h2 id="otp-title">One-time password for {{ username() }}</h2>
      <p>
        <strong>Shown only this once.</strong> Copy it now and give it to {{ username() }} through a safe
        channel (not e-mail together with the username). It cannot be displayed again; if it is lost, reset
        the password. {{ username() }} must change it at the first login.
      </p>
      <p>
        <code class="hash" aria-label="One-time password">{{ password() }}</code>
        <button type="button" class="button button--small" (click)="copy()">Copy password</button>
      </p>
      <p role="status">{{ copyStatus() }}</p>
      <div class="actions">
        <button type="button" class="button button--secondary" (click)="dismissed.emit()">
          I have copied it — hide the password
        </button>
      </div>
    </section>
  `,
})
export class OneTimePassword {
  readonly username = input.required<string>();
  readonly password = input.required<string>();
  readonly dismissed = output<void>();
  protected readonly copyStatus = signal('');

  protected async copy(): Promise<void> {
    this.copyStatus.set(
      (await copyText(this.password()))
        ? 'Copied to the clipboard.'
        : 'The browser did not allow copying: select the password and copy it by hand.',
    );
  }
}
