import type { DataSource, EntityManager } from 'typeorm';
import { jsonb } from '@prospect/platform';
import { SyncJobEntity, type SyncJobKind } from '../entities';

/**
 * Creates the visible record of a background job (status `queued`), inside the caller's
 * transaction; enqueue it after that transaction commits, with the record's id as the job id.
 */
export async function createTrackedJob(
  manager: EntityManager,
  kind: SyncJobKind,
  trialId: string,
  enrollmentId: string | null,
  requestedBy: string | null,
): Promise<SyncJobEntity> {
  const inserted = await manager.insert(SyncJobEntity, {
    kind,
    trialId,
    enrollmentId,
    status: 'queued',
    attempts: 0,
    requestedBy,
  });
  return manager.findOneByOrFail(SyncJobEntity, { id: (inserted.identifiers[0] as { id: string }).id });
}

/**
 * Runs a tracked job's work and records its progress: `running` (attempt counted), then
 * `succeeded` with the work's result or `failed` with its message (and the error is rethrown so the
 * queue retries). A job that already succeeded (a worker killed after committing) is not run again.
 * `work` may call `progress` to make partial results visible while it runs.
 */
export async function runTrackedJob(
  dataSource: DataSource,
  jobId: string,
  work: (
    job: SyncJobEntity,
    progress: (result: Record<string, unknown>) => Promise<void>,
  ) => Promise<Record<string, unknown>>,
): Promise<void> {
  const repository = dataSource.getRepository(SyncJobEntity);
  const job = await repository.findOneBy({ id: jobId });
  if (!job || job.status === 'succeeded') return;
  await repository.update(job.id, {
    status: 'running',
    attempts: job.attempts + 1,
    startedAt: new Date(),
    error: null,
  });
  const progress = async (result: Record<string, unknown>): Promise<void> => {
    await repository.update(job.id, { result: jsonb(result) });
  };
  try {
    const result = await work(job, progress);
    await repository.update(job.id, { status: 'succeeded', result: jsonb(result), finishedAt: new Date() });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await repository.update(job.id, {
      status: 'failed',
      error: message.slice(0, 2000),
      finishedAt: new Date(),
    });
    throw error;
  }
}
