import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@prospect/platform';
import { LedgerKeyStore } from './key-store';
import { LedgerController } from './ledger.controller';
import { LedgerExportService } from './ledger-export.service';
import { LedgerService } from './ledger.service';
import { LockWriteBackService } from './lock-write-back.service';
import { LocksController } from './locks.controller';
import { LOCK_WRITE_BACK_JOB, LocksService, PREDICTION_LOCK_JOB } from './locks.service';
import { ReceiptsService } from './receipts.service';

/** Hourly: daily checkpoints for quiet logs, and a retry of FHIR write-backs still pending. */
export const LEDGER_CHECKPOINT_JOB = 'locks.ledger-checkpoint';
const HOUR_MS = 60 * 60 * 1000;

function field(payload: unknown, name: string): string {
  const value = (payload as Record<string, unknown> | null)?.[name];
  if (typeof value !== 'string') throw new Error(`job payload has no ${name}`);
  return value;
}

/** Registers the lock, write-back and checkpoint jobs with the queue. */
@Injectable()
export class LockJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly locks: LocksService,
    private readonly writeBack: LockWriteBackService,
    private readonly ledger: LedgerService,
  ) {}

  onModuleInit(): void {
    this.registry.add({
      jobName: PREDICTION_LOCK_JOB,
      process: (payload) => this.locks.run(field(payload, 'syncJobId')),
    });
    this.registry.add({
      jobName: LOCK_WRITE_BACK_JOB,
      process: async (payload) => {
        await this.writeBack.run(field(payload, 'trialId'));
      },
    });
    this.registry.add({
      jobName: LEDGER_CHECKPOINT_JOB,
      every: { ms: HOUR_MS, payload: {} },
      process: async () => {
        // New daily heads are published to the FHIR server even when no lock is pending.
        const checkpointed = await this.ledger.signDueCheckpoints();
        const pending = await this.ledger.trialsWithPendingWriteBacks();
        for (const trialId of new Set([...checkpointed, ...pending])) {
          await this.locks.queueWriteBack(trialId, checkpointed.includes(trialId));
        }
      },
    });
  }
}

/** Prediction locks, the trials' transparency logs, receipts, verification and FHIR write-back. */
@Module({})
export class LocksModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: LocksModule,
      // Global so that later contexts (the submission package) reach the ledger export.
      global: true,
      controllers: options.http ? [LocksController, LedgerController] : [],
      providers: [
        LedgerKeyStore,
        LedgerService,
        LedgerExportService,
        LocksService,
        ReceiptsService,
        LockWriteBackService,
        LockJobs,
      ],
      exports: [LedgerService, LedgerExportService, LocksService, ReceiptsService],
    };
  }
}
