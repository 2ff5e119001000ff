import { type Signal, computed, inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { SessionStore, TrialContextStore, type TrialRole } from '@prospect/web-data-access';

/**
 * The current trial's code: the trial context (which follows the URL), or the route's
 * `trialCode` parameter while the shell has not set it yet.
 */
export function injectTrialCode(): Signal<string | null> {
  const context = inject(TrialContextStore);
  const route = inject(ActivatedRoute, { optional: true });
  const fromRoute =
    route?.snapshot?.pathFromRoot.map((step) => step.paramMap.get('trialCode')).find((code) => !!code) ??
    null;
  return computed(() => context.currentCode() ?? fromRoute);
}

/** Whether the user holds one of `roles` in the current trial, or is admin when `admin` allows it. */
export function injectMayUse(): (roles: readonly TrialRole[], admin?: boolean) => boolean {
  const context = inject(TrialContextStore);
  const session = inject(SessionStore);
  return (roles, admin = false) =>
    (admin && session.isAdmin()) || roles.some((role) => context.roles().includes(role));
}
