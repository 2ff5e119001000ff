export * from './entities';
export { LocksModule, LEDGER_CHECKPOINT_JOB } from './locks.module';
export { LedgerKeyStore } from './key-store';
export {
  CHECKPOINT_INTERVAL_MS,
  LedgerService,
  entryTime,
  type LedgerSummaryView,
  type LedgerTrial,
  type TreeHeadView,
} from './ledger.service';
export { LedgerExportService, type LedgerVerificationView } from './ledger-export.service';
export {
  LOCK_BATCH,
  LOCK_WRITE_BACK_JOB,
  LocksService,
  type LockCandidate,
  PREDICTION_LOCK_JOB,
  startedBy,
  treatmentStartKnownOf,
  type LockOutcome,
  type LockView,
} from './locks.service';
export { ReceiptsService, type LockReceipt } from './receipts.service';
export { LockWriteBackService } from './lock-write-back.service';
