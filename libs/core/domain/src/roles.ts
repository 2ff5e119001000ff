/**
 * Every role a Prospect user can hold, global or per trial.
 *
 * Kept as a tuple so the same list drives the `Role` type, runtime checks and UI pickers.
 */
export const ROLES = [
  'admin',
  'coordinator',
  'outcome-assessor',
  'statistician',
  'dmc',
  'monitor',
  'regulatory',
] as const;

/** A role name from {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** A role that can be granted within a single trial: every role except `admin`. */
export type TrialRole = Exclude<Role, 'admin'>;

/**
 * Roles that can be granted per trial.
 *
 * `admin` is absent because administering the platform is not scoped to a trial; granting it per
 * trial would suggest an isolation that does not exist.
 */
export const TRIAL_ROLES: readonly TrialRole[] = Object.freeze(
  ROLES.filter((role): role is TrialRole => role !== 'admin'),
);

/**
 * Whether `value` is one of {@link ROLES}.
 *
 * @example
 * isRole('dmc'); // true
 * isRole('Admin'); // false: role names are case-sensitive
 */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether `value` is a role that may be granted within a trial (see {@link TRIAL_ROLES}).
 *
 * @example
 * isTrialRole('statistician'); // true
 * isTrialRole('admin'); // false
 */
export function isTrialRole(value: unknown): value is TrialRole {
  return typeof value === 'string' && (TRIAL_ROLES as readonly string[]).includes(value);
}
