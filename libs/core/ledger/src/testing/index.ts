/** Test support for the ledger: an honest sample ledger to verify and tamper with. */
export * from './sample-ledger';
