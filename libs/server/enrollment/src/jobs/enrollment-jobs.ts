import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@prospect/platform';
import { DataSource } from 'typeorm';
import { BASELINE_SYNC_JOB, EnrollmentService, FHIR_WRITE_BACK_JOB } from '../enrollment.service';
import { SyncJobOutbox } from './tracked-job';

function syncJobId(payload: unknown): string {
  const id = (payload as { syncJobId?: unknown } | null)?.syncJobId;
  if (typeof id !== 'string') throw new Error('job payload has no syncJobId');
  return id;
}

/** Registers the enrollment jobs (baseline re-sync, FHIR write-back) and the tracked jobs' outbox. */
@Injectable()
export class EnrollmentJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly enrollment: EnrollmentService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.addOutbox(new SyncJobOutbox(this.dataSource));
    this.registry.add({
      jobName: BASELINE_SYNC_JOB,
      process: (payload) => this.enrollment.runSyncJob(syncJobId(payload)),
    });
    this.registry.add({
      jobName: FHIR_WRITE_BACK_JOB,
      process: (payload) => this.enrollment.runWriteBackJob(syncJobId(payload)),
    });
  }
}
