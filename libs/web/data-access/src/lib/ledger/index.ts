export type {
  Cosignature,
  DeclaredDeviation,
  LedgerKey,
  LedgerSummary,
  LedgerVerification,
  TreeHead,
  TreeHeadReason,
  VerificationFailure,
  VerificationSummary,
} from './ledger.models';
export { LedgerApi } from './ledger.api';
export { verificationChecklist, type CheckStatus, type VerificationCheck } from './verification';
export { LEDGER_READER_ROLES, LEDGER_VERIFIER_ROLES, LOCK_RECEIPT_ROLES } from './ledger.roles';
