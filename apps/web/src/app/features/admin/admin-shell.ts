import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** Frame of the administration pages: their menu above the page. */
@Component({
  selector: 'app-admin-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="Administration">
      <ul class="tabs">
        <li>
          <a routerLink="users" routerLinkActive="active" ariaCurrentWhenActive="page">Users and roles</a>
        </li>
        <li><a routerLink="audit" routerLinkActive="active" ariaCurrentWhenActive="page">Audit trail</a></li>
        <li><a routerLink="models" routerLinkActive="active" ariaCurrentWhenActive="page">Models</a></li>
        <li>
          <a routerLink="trials/new" routerLinkActive="active" ariaCurrentWhenActive="page"
            >Register a trial</a
          >
        </li>
      </ul>
    </nav>
    <router-outlet />
  `,
})
export class AdminShell {}
