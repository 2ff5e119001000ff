import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TrialContextStore } from '@prospect/web-data-access';
import { AuditBrowser } from './audit-browser';

/** One trial's audit trail (administrators and monitors). */
@Component({
  selector: 'app-trial-audit-page',
  imports: [AuditBrowser],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Audit trail of {{ trialCode() }}</h1>
    @if (trialCode(); as code) {
      <app-audit-browser [trialCode]="code" />
    }
  `,
})
export class TrialAuditPage {
  protected readonly trialCode = inject(TrialContextStore).currentCode;
}
