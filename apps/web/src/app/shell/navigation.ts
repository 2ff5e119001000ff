import type { TrialRole } from '@prospect/web-data-access';

/** One entry of the trial navigation, shown to holders of any of `roles`. */
export interface TrialNavItem {
  readonly label: string;
  /** Relative to `/trials/:trialCode`. */
  readonly path: string;
  readonly roles: readonly TrialRole[] | 'admin-or-any';
  /** Administrators see it too, without a trial role (the API lets them call what it needs). */
  readonly admin?: boolean;
}

/**
 * The trial menu. Each item lists the roles docs/ROLES.md lets call what the screen needs, so a
 * user never sees a link that would answer 403.
 */
export const TRIAL_NAVIGATION: readonly TrialNavItem[] = [
  { label: 'Overview', path: 'overview', roles: 'admin-or-any' },
  { label: 'Candidates', path: 'enrollment/candidates', roles: ['coordinator'] },
  { label: 'Enrollments', path: 'enrollment/subjects', roles: ['coordinator', 'monitor'] },
  {
    label: 'Lock deviations',
    path: 'enrollment/deviations',
    roles: ['coordinator', 'statistician', 'dmc', 'monitor', 'regulatory'],
  },
  {
    label: 'Outcomes',
    path: 'outcomes',
    roles: ['outcome-assessor', 'coordinator', 'dmc', 'monitor', 'regulatory'],
  },
  {
    label: 'Analyses',
    path: 'analyses',
    roles: ['statistician', 'dmc', 'coordinator', 'monitor', 'regulatory'],
  },
  {
    label: 'Cost-effectiveness',
    path: 'economics',
    roles: ['statistician', 'dmc', 'coordinator', 'monitor', 'regulatory'],
  },
  { label: 'Submission', path: 'submission', roles: ['regulatory', 'monitor'] },
  { label: 'Ledger', path: 'ledger', roles: 'admin-or-any' },
  {
    label: 'Signatures',
    path: 'submission/signatures',
    roles: ['statistician', 'monitor', 'regulatory'],
    admin: true,
  },
  { label: 'Audit trail', path: 'audit', roles: ['monitor'], admin: true },
];

export function visibleNavigation(roles: readonly TrialRole[], isAdmin: boolean): TrialNavItem[] {
  return TRIAL_NAVIGATION.filter((item) =>
    item.roles === 'admin-or-any'
      ? isAdmin || roles.length > 0
      : item.roles.some((role) => roles.includes(role)) || (isAdmin && item.admin === true),
  );
}
