import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import type { TrialRole } from './auth.models';
import { SessionStore } from './session.store';

/** Signed in (restoring a stored session after a reload); otherwise to the login page. */
export const authenticatedGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  if (session.isAuthenticated() || (await session.restore())) {
    if (session.mustChangePassword()) return router.createUrlTree(['/password']);
    return true;
  }
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** The password-change page needs a session but not a changed password. */
export const sessionGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionStore);
  if (session.isAuthenticated() || (await session.restore())) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Platform administrators only. */
export const adminGuard: CanActivateFn = () => {
  const session = inject(SessionStore);
  return session.isAdmin() || inject(Router).createUrlTree(['/forbidden']);
};

/**
 * One of `roles` in the trial named by the route's `trialCode` parameter. The API enforces the
 * same rule; this only keeps people away from screens that would answer 403.
 */
export function trialRoleGuard(roles: readonly TrialRole[]): CanActivateFn {
  return (route) => {
    const session = inject(SessionStore);
    const trialCode = findParam(route, 'trialCode');
    if (trialCode && session.hasAnyRole(trialCode, roles)) return true;
    return inject(Router).createUrlTree(['/forbidden']);
  };
}

function findParam(
  route: { paramMap: { get(name: string): string | null }; parent: unknown },
  name: string,
): string | null {
  let current: typeof route | null = route;
  while (current) {
    const value = current.paramMap.get(name);
    if (value) return value;
    current = current.parent as typeof route | null;
  }
  return null;
}
