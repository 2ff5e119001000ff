import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main">Skip to main content</a>
    <header class="site-header">
      <div class="container site-header__inner">
        <a class="brand" routerLink="/">Prospect</a>
        <p class="tagline">{{ tagline }}</p>
      </div>
    </header>
    <main id="main" class="container" tabindex="-1">
      <router-outlet />
    </main>
    <footer class="site-footer">
      <div class="container">
        <p>Prospect · version {{ version }}</p>
      </div>
    </footer>
  `,
})
export class App {
  protected readonly tagline = 'Prospective validation of clinical AI predictions';
  protected readonly version = '0.1.0';
}
