import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { TrialRole } from '@prospect/domain';

/**
 * Who may call an endpoint. Every endpoint declares one; the guard refuses endpoints that do not.
 * - `public`: no login (health, login, refresh);
 * - `authenticated`: any logged-in user;
 * - `admin`: the global administrator role;
 * - `trial`: the listed roles in the trial named by the `trialCode` route parameter (and the
 *   administrator when `admin` is true). Roles are never implied: an administrator sees no
 *   blinded data unless also given a role that may.
 */
export type AccessRule =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated'; readonly allowPendingPasswordChange?: boolean }
  | { readonly kind: 'admin' }
  | { readonly kind: 'trial'; readonly roles: readonly TrialRole[]; readonly admin: boolean };

export const ACCESS_RULE = 'prospect:access-rule';

function describe(rule: AccessRule): string {
  switch (rule.kind) {
    case 'public':
      return 'Public.';
    case 'authenticated':
      return 'Any authenticated user.';
    case 'admin':
      return 'Role: admin.';
    case 'trial':
      return `Roles in the trial: ${[...(rule.admin ? ['admin'] : []), ...rule.roles].join(', ')}.`;
  }
}

function access(rule: AccessRule): MethodDecorator & ClassDecorator {
  const decorators: (ClassDecorator | MethodDecorator)[] = [SetMetadata(ACCESS_RULE, rule)];
  if (rule.kind !== 'public') {
    decorators.push(
      ApiBearerAuth(),
      ApiUnauthorizedResponse({ description: 'Not logged in, or the token expired or was revoked.' }),
      ApiForbiddenResponse({ description: describe(rule) }),
    );
  }
  return applyDecorators(...decorators);
}

export const Access = {
  public: () => access({ kind: 'public' }),
  authenticated: (options: { allowPendingPasswordChange?: boolean } = {}) =>
    access({ kind: 'authenticated', ...options }),
  admin: () => access({ kind: 'admin' }),
  trial: (roles: readonly TrialRole[], options: { admin?: boolean } = {}) =>
    access({ kind: 'trial', roles, admin: options.admin ?? false }),
};

export function describeAccess(rule: AccessRule): string {
  return describe(rule);
}
