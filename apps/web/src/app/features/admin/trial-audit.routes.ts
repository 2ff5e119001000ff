import { inject } from '@angular/core';
import { type CanActivateFn, Router, type Routes } from '@angular/router';
import { SessionStore } from '@prospect/web-data-access';
import { TrialAuditPage } from './trial-audit-page';

/** Administrators, and monitors of the trial in the URL (as the API allows). */
export const trialAuditGuard: CanActivateFn = (route) => {
  const session = inject(SessionStore);
  let current: typeof route | null = route;
  let trialCode: string | null = null;
  while (current && !trialCode) {
    trialCode = current.paramMap.get('trialCode');
    current = current.parent;
  }
  if (session.isAdmin() || (trialCode && session.hasAnyRole(trialCode, ['monitor']))) return true;
  return inject(Router).createUrlTree(['/forbidden']);
};

/** `/trials/:trialCode/audit`. */
export const TRIAL_AUDIT_ROUTES: Routes = [
  { path: '', canActivate: [trialAuditGuard], component: TrialAuditPage, title: 'Audit trail · Prospect' },
];
