import type { TrialRole } from '@prospect/domain';
import type { Actor } from './actor';

/** The authenticated caller, attached to the request by the access guard. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly sessionId: string;
  readonly mustChangePassword: boolean;
}

/** The trial named in the route and the caller's roles in it, resolved by the access guard. */
export interface TrialAccess {
  readonly trialId: string;
  readonly trialCode: string;
  readonly roles: readonly TrialRole[];
}

export interface AuthenticatedRequest {
  id?: string | number;
  principal?: Principal;
  trialAccess?: TrialAccess;
}

export function actorOf(principal: Principal, requestId: string | number | undefined): Actor {
  return {
    userId: principal.userId,
    username: principal.username,
    requestId: requestId === undefined ? null : String(requestId),
  };
}
