import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { SIGNATURE_MEANINGS, type SignatureMeaning } from '@prospect/web-data-access';

/** What a signer gives: the password re-entered (21 CFR 11.200), the meaning, and a reason. */
export interface SignatureInput {
  readonly password: string;
  readonly meaning: SignatureMeaning;
  readonly reason: string;
}

let nextId = 0;

/**
 * An electronic signature: states what is being signed, asks for the password again and the
 * meaning of the signature (and a reason when the record needs one). The password field is
 * cleared after every submission.
 */
@Component({
  selector: 'app-signature-form',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="signature" (ngSubmit)="submit()" [attr.aria-labelledby]="id + '-title'">
      <fieldset [disabled]="busy()">
        <legend [id]="id + '-title'">{{ title() }}</legend>
        <p class="muted">{{ statement() }}</p>
        @if (meanings().length > 1) {
          <label [for]="id + '-meaning'">Meaning of the signature</label>
          <select
            [id]="id + '-meaning'"
            name="meaning"
            [ngModel]="meaning()"
            (ngModelChange)="meaning.set($event)"
          >
            @for (option of meanings(); track option) {
              <option [value]="option">{{ option }}</option>
            }
          </select>
        }
        @if (askReason()) {
          <label [for]="id + '-reason'">Reason</label>
          <textarea
            [id]="id + '-reason'"
            name="reason"
            rows="2"
            required
            maxlength="2000"
            [ngModel]="reason()"
            (ngModelChange)="reason.set($event)"
          ></textarea>
        }
        <label [for]="id + '-password'">Your password</label>
        <input
          [id]="id + '-password'"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          [ngModel]="password()"
          (ngModelChange)="password.set($event)"
        />
        <button class="button" type="submit" [disabled]="!password() || (askReason() && !reason().trim())">
          {{ action() }}
        </button>
      </fieldset>
    </form>
  `,
})
export class SignatureForm {
  readonly title = input('Electronic signature');
  readonly statement = input('Signing is the legally binding equivalent of your handwritten signature.');
  readonly action = input('Sign');
  readonly meanings = input<readonly SignatureMeaning[]>(SIGNATURE_MEANINGS);
  readonly defaultMeaning = input<SignatureMeaning>('approval');
  readonly askReason = input(false);
  readonly busy = input(false);
  readonly signed = output<SignatureInput>();

  protected readonly id = `signature-${nextId++}`;
  protected readonly password = signal('');
  protected readonly reason = signal('');
  protected readonly meaning = signal<SignatureMeaning>('approval');

  constructor() {
    queueMicrotask(() => this.meaning.set(this.defaultMeaning()));
  }

  protected submit(): void {
    const password = this.password();
    if (!password) return;
    this.password.set('');
    this.signed.emit({ password, meaning: this.meaning(), reason: this.reason().trim() });
  }
}
