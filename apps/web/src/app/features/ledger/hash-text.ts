import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/**
 * A hash or key in monospace, shortened with the full value in its title, and a button that
 * copies the full value (announced when done).
 */
@Component({
  selector: 'app-hash-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <code class="hash" [attr.title]="value()">{{ shown() }}</code>
    @if (copyable() && value()) {
      <button
        type="button"
        class="button button--secondary button--small"
        [attr.aria-label]="'Copy ' + label()"
        (click)="copy()"
      >
        {{ copied() ? 'Copied' : 'Copy' }}
      </button>
      <span class="visually-hidden" role="status">{{ copied() ? label() + ' copied' : '' }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
      flex-wrap: wrap;
    }
  `,
})
export class HashText {
  readonly value = input.required<string | null>();
  /** What the value is, for the copy button's accessible name. */
  readonly label = input('hash');
  /** Characters kept before the ellipsis; 0 shows the whole value. */
  readonly length = input(12);
  readonly copyable = input(true);
  protected readonly copied = signal(false);
  protected readonly shown = computed(() => {
    const value = this.value() ?? '—';
    const length = this.length();
    return length > 0 && value.length > length + 1 ? `${value.slice(0, length)}…` : value;
  });

  protected async copy(): Promise<void> {
    const value = this.value();
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      this.copied.set(true);
      setTimeout(() => this.copied.set(false), 2000);
    } catch {
      // No clipboard access (insecure origin, permission refused): the full value stays in the title.
      this.copied.set(false);
    }
  }
}
