import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';
import { actorOf, type AuthenticatedRequest, type Principal, type TrialAccess } from './principal';

/** The authenticated caller (set by the access guard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on an endpoint without authentication');
  return principal;
});

/** The caller as the audit trail records it, with the request id; the system actor on public endpoints. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const requestId = request.id === undefined ? null : String(request.id);
  return request.principal
    ? actorOf(request.principal, request.id)
    : { userId: null, username: null, requestId };
});

/** The trial named in the route and the caller's roles in it (set by the access guard on trial endpoints). */
export const CurrentTrial = createParamDecorator((_: unknown, context: ExecutionContext): TrialAccess => {
  const access = context.switchToHttp().getRequest<AuthenticatedRequest>().trialAccess;
  if (!access) throw new Error('CurrentTrial used on an endpoint without a trial access rule');
  return access;
});
