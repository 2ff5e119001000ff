import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AuditBrowser } from './audit-browser';

/** The whole platform's audit trail: every trial, logins and user administration (administrators). */
@Component({
  selector: 'app-admin-audit-page',
  imports: [AuditBrowser],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Audit trail</h1>
    <p class="muted">Every recorded change on the platform: all trials, sign-ins and user administration.</p>
    <app-audit-browser />
  `,
})
export class AdminAuditPage {}
