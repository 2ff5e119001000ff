import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/**
 * A hash or key in monospace, shortened with the full value in its title, and a button that
 * copies the full value (announced when done). Without a value it shows `missing`.
 */
@Component({
  selector: 'app-hash-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (value(); as value) {
      <code class="hash" [attr.title]="value">{{ shown() }}</code>
      @if (copyable()) {
        <button
          type="button"
          class="button button--secondary button--small"
          [attr.aria-label]="'Copy ' + label()"
          (click)="copy(value)"
        >
          {{ copied() ? 'Copied' : 'Copy' }}
        </button>
        <span class="visually-hidden" role="status">{{ copied() ? label() + ' copied' : '' }}</span>
      }
    } @else {
      <span class="muted">{{ missing() }}</span>
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
  readonly value = input<string | null | undefined>(null);
  /** What the value is, for the copy button's accessible name. */
  readonly label = input('hash');
  /** Characters kept before the ellipsis; 0 shows the whole value. */
  readonly length = input(12);
  readonly copyable = input(true);
  /** Shown instead when there is no value. */
  readonly missing = input('—');
  protected readonly copied = signal(false);
  protected readonly shown = computed(() => {
    const value = this.value() ?? '';
    const length = this.length();
    return length > 0 && value.length > length + 1 ? `${value.slice(0, length)}…` : value;
  });

  protected async copy(value: string): Promise<void> {
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
