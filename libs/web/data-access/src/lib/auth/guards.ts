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
 * One of `roles` in the trial named by the route's `trialCode` parameter, or a platform
 * administrator when `options.admin` is true (the API's `Access.trial(roles, { admin })`).
 * Otherwise to the forbidden page. The API enforces the same rule; this only keeps people away
 * from screens that would answer 403.
 */
export function trialRoleGuard(
  roles: readonly TrialRole[],
  options: { readonly admin?: boolean } = {},
): CanActivateFn {
  return (route) => {
    const session = inject(SessionStore);
    const trialCode = findParam(route, 'trialCode');
    return (
      (options.admin && session.isAdmin()) ||
      (!!trialCode && session.hasAnyRole(trialCode, roles)) ||
      inject(Router).createUrlTree(['/forbidden'])
    );
  };
}

/** The nearest non-empty `name` parameter on the route or its ancestors. */
function findParam(route: RouteParams | null, name: string): string | null {
  return route ? route.paramMap.get(name) || findParam(route.parent, name) : null;
}

interface RouteParams {
  readonly paramMap: { get(name: string): string | null };
  readonly parent: RouteParams | null;
}
