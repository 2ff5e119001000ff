import { DomainError } from '../errors/domain-error';

/** Who is acting, as every audited write records it. `null` id means the system itself (start-up, CLI without login). */
export interface Actor {
  readonly userId: string | null;
  readonly username: string | null;
  readonly requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', requestId: null };

/**
 * The acting user's id, for records that must name a person (enrollments, uploads, registrations).
 * @param what - The act, for the error: `'An enrollment'` → "An enrollment must be made by a named user."
 */
export function requireUserId(actor: Actor, what: string): string {
  if (!actor.userId) {
    throw new DomainError('forbidden', 'ACTOR_REQUIRED', `${what} must be made by a named user.`);
  }
  return actor.userId;
}
