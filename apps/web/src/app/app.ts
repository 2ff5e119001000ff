import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { SessionStore, TrialContextStore } from '@prospect/web-data-access';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event)">Skip to main content</a>
    <header class="site-header">
      <div class="container site-header__inner">
        <a class="brand" routerLink="/">Prospect</a>
        @if (session.me(); as me) {
          @if (context.trials().length > 0) {
            <label class="trial-switcher">
              <span class="visually-hidden">Trial</span>
              <select
                [ngModel]="context.currentCode() ?? ''"
                (ngModelChange)="switchTrial($event)"
                name="trial"
              >
                <option value="">All trials</option>
                @for (trial of context.trials(); track trial.code) {
                  <option [value]="trial.code">{{ trial.code }}</option>
                }
              </select>
            </label>
          }
          <nav class="user-menu" aria-label="Account">
            <span class="user-menu__name">{{ me.displayName }}</span>
            <a routerLink="/password">Password</a>
            <a routerLink="/status">Status</a>
            <button type="button" class="button button--secondary button--small" (click)="logout()">
              Sign out
            </button>
          </nav>
        } @else {
          <p class="tagline">{{ tagline }}</p>
        }
      </div>
    </header>
    <main id="main" class="container" tabindex="-1">
      <router-outlet />
    </main>
    <footer class="site-footer">
      <div class="container">
        <p>
          Prospect · version {{ version }}
          @if (expiresAt(); as expiresAt) {
            · session until {{ expiresAt }}
          }
        </p>
      </div>
    </footer>
  `,
})
export class App {
  protected readonly session = inject(SessionStore);
  protected readonly context = inject(TrialContextStore);
  private readonly router = inject(Router);
  protected readonly tagline = 'Prospective validation of clinical AI predictions';
  protected readonly version = '0.1.0';
  protected readonly expiresAt = computed(() => {
    const at = this.session.sessionExpiresAt();
    return at ? new Date(at).toLocaleString() : null;
  });

  constructor() {
    // The trial list follows whoever is signed in.
    effect(() => {
      const userId = this.session.me()?.id;
      if (userId) untracked(() => void this.context.loadTrials());
    });
  }

  /**
   * With `<base href="/">` a bare `#main` link would navigate to the home page; move the focus
   * into the main region instead, so the next Tab reaches the page's first control.
   */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }

  protected switchTrial(code: string): void {
    void this.router.navigate(code ? ['/trials', code, 'overview'] : ['/']);
  }

  protected async logout(): Promise<void> {
    await this.session.logout();
    await this.router.navigate(['/login']);
  }
}
