/** Per-trial roles, as the API names them (docs/ROLES.md). */
export const TRIAL_ROLES = [
  'coordinator',
  'outcome-assessor',
  'statistician',
  'dmc',
  'monitor',
  'regulatory',
] as const;
export type TrialRole = (typeof TRIAL_ROLES)[number];

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  /** Access token lifetime in seconds. */
  readonly expiresIn: number;
  readonly refreshExpiresAt: string;
  readonly mustChangePassword: boolean;
}

export interface TrialRoleSummary {
  readonly trialCode: string;
  readonly roles: readonly string[];
}

export interface Me {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly mustChangePassword: boolean;
  readonly trials: readonly TrialRoleSummary[];
}

/** Tokens as kept for the tab, with absolute expiry times (ms since the epoch). */
export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number;
}

/** Meanings an electronic signature can carry (21 CFR 11.50). */
export const SIGNATURE_MEANINGS = ['authorship', 'review', 'approval', 'responsibility'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];
