import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionStore, TrialContextStore } from '@prospect/web-data-access';
import { visibleNavigation } from './navigation';

/** Frame of every trial page: the trial's name, the user's roles in it and the role-aware menu. */
@Component({
  selector: 'app-trial-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="trial-shell">
      <nav class="trial-nav" aria-label="Trial">
        <p class="trial-nav__title">
          <strong>{{ trialCode() }}</strong>
          @if (context.currentTrial(); as trial) {
            <span class="muted">{{ trial.title }}</span>
          }
        </p>
        <p class="trial-nav__roles muted">
          @if (context.roles().length > 0) {
            Your roles: {{ context.roles().join(', ') }}
          } @else if (session.isAdmin()) {
            Administrator (no trial role)
          }
        </p>
        <ul>
          @for (item of items(); track item.path) {
            <li>
              <a [routerLink]="item.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{
                item.label
              }}</a>
            </li>
          }
        </ul>
      </nav>
      <section class="trial-content">
        <router-outlet />
      </section>
    </div>
  `,
})
export class TrialShell {
  readonly trialCode = input.required<string>();
  protected readonly context = inject(TrialContextStore);
  protected readonly session = inject(SessionStore);
  protected readonly items = computed(() => visibleNavigation(this.context.roles(), this.session.isAdmin()));

  constructor() {
    effect(() => void this.context.select(this.trialCode()));
  }
}
