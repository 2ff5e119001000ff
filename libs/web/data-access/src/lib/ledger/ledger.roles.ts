import type { TrialRole } from '../auth/auth.models';

/** Who may read the log's public face (keys, heads, proofs): every trial role, and admin. */
export const LEDGER_READER_ROLES: readonly TrialRole[] = [
  'coordinator',
  'outcome-assessor',
  'statistician',
  'dmc',
  'monitor',
  'regulatory',
];

/** Who may verify and export the log (and admin): not the outcome assessor (docs/ROLES.md). */
export const LEDGER_VERIFIER_ROLES: readonly TrialRole[] = [
  'coordinator',
  'statistician',
  'dmc',
  'monitor',
  'regulatory',
];

/** Who may download lock receipts (no admin: docs/ROLES.md). */
export const LOCK_RECEIPT_ROLES: readonly TrialRole[] = LEDGER_VERIFIER_ROLES;
