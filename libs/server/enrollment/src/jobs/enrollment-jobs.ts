import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@prospect/platform';
import { BASELINE_SYNC_JOB, EnrollmentService, FHIR_WRITE_BACK_JOB } from '../enrollment.service';

function syncJobId(payload: unknown): string {
  const id = (payload as { syncJobId?: unknown } | null)?.syncJobId;
  if (typeof id !== 'string') throw new Error('job payload has no syncJobId');
  return id;
}

/** Registers the enrollment jobs: baseline re-sync and FHIR write-back. */
@Injectable()
export class EnrollmentJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly enrollment: EnrollmentService,
  ) {}

  onModuleInit(): void {
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
