import type { Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { TrialAuditPage } from './trial-audit-page';

/** Administrators, and monitors of the trial in the URL (as the API allows). */
export const trialAuditGuard = trialRoleGuard(['monitor'], { admin: true });

/** `/trials/:trialCode/audit`. */
export const TRIAL_AUDIT_ROUTES: Routes = [
  { path: '', canActivate: [trialAuditGuard], component: TrialAuditPage, title: 'Audit trail · Prospect' },
];
