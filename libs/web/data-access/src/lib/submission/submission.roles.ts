import type { TrialRole } from '../auth/auth.models';

/** Who may list, read and download submission packages (docs/ROLES.md). */
export const PACKAGE_READER_ROLES: readonly TrialRole[] = ['regulatory', 'monitor'];

/** Who may build and sign submission packages. */
export const PACKAGE_SIGNER_ROLES: readonly TrialRole[] = ['regulatory'];

/** Who may list and verify a trial's electronic signatures (and admin). */
export const SIGNATURE_READER_ROLES: readonly TrialRole[] = ['statistician', 'monitor', 'regulatory'];
