import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** A SHA-256 shortened to its first characters, the full value in the title, with a copy button. */
@Component({
  selector: 'app-hash-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (value(); as value) {
      <span class="hash" [attr.title]="value">{{ short() }}…</span>
      <button
        type="button"
        class="button button--secondary button--small"
        [attr.aria-label]="'Copy ' + label()"
        (click)="copy(value)"
      >
        {{ copied() ? 'Copied' : 'Copy' }}
      </button>
    } @else {
      <span class="muted">{{ missing() }}</span>
    }
  `,
})
export class HashText {
  readonly value = input<string | null>(null);
  readonly label = input('hash');
  readonly missing = input('none');
  protected readonly copied = signal(false);
  protected readonly short = computed(() => (this.value() ?? '').slice(0, 12));

  protected copy(value: string): void {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) return;
    clipboard.writeText(value).then(
      () => this.copied.set(true),
      () => this.copied.set(false),
    );
  }
}
