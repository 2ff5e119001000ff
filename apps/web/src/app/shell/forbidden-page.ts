import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-forbidden-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Not available with your roles</h1>
    <p>
      This page needs a role you do not hold in this trial. Ask a trial administrator if you should have it.
    </p>
    <p><a routerLink="/">Back to your trials</a></p>
  `,
})
export class ForbiddenPage {}
