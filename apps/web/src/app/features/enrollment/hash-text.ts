import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** A hash shortened, the full value in the title, with a copy button. */
@Component({
  selector: 'app-hash-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="hash" [title]="value()">{{ shortened() }}</span>
    @if (value()) {
      <button
        type="button"
        class="button button--secondary button--small"
        [attr.aria-label]="'Copy ' + (label() || 'hash')"
        (click)="copy()"
      >
        {{ copied() ? 'Copied' : 'Copy' }}
      </button>
    }
  `,
})
export class HashText {
  readonly value = input<string | null>(null);
  readonly label = input('');
  protected readonly copied = signal(false);
  protected readonly shortened = computed(() => {
    const value = this.value() ?? '';
    return value.length > 16 ? `${value.slice(0, 12)}…${value.slice(-4)}` : value || '—';
  });

  protected copy(): void {
    const value = this.value();
    if (!value) return;
    void navigator.clipboard?.writeText(value).then(() => this.copied.set(true));
  }
}
