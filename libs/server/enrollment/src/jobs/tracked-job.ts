import type { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_ATTEMPTS,
  jsonb,
  QueueUnavailableError,
  type JobOutbox,
  type OutboxJob,
  type QueueDriver,
} from '@prospect/platform';
import { SyncJobEntity, type SyncJobKind } from '../entities';

/** The queue's job name of each tracked kind; the job's payload is `{ syncJobId }`. */
export const TRACKED_JOB_NAMES = {
  'baseline-sync': 'enrollment.baseline-sync',
  'fhir-write-back': 'enrollment.fhir-write-back',
  'baseline-prediction': 'imaging.baseline-prediction',
  'prediction-lock': 'locks.prediction-lock',
  'outcome-sync': 'outcomes.sync',
  analysis: 'analyses.run',
  'economic-evaluation': 'economics.evaluate',
  'submission-package': 'submission.build-package',
} as const satisfies Partial<Record<SyncJobKind, string>>;

export type TrackedJobKind = keyof typeof TRACKED_JOB_NAMES;

/** How long the relay keeps handing over a job that never ran to completion. */
const OUTBOX_HORIZON_DAYS = 7;

/**
 * Creates the visible record of a background job (status `queued`), inside the caller's
 * transaction; enqueue it after that transaction commits, with the record's id as the job id.
 */
export async function createTrackedJob(
  manager: EntityManager,
  kind: TrackedJobKind,
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
 * Hands a tracked job to the queue after the transaction that created it committed. A queue that is
 * down does not fail the request: the job stays `queued` in the database, and the relay
 * (`SyncJobOutbox`) hands it over when the queue is back. Returns whether the queue took it now.
 */
export async function dispatchTrackedJob(
  queue: Pick<QueueDriver, 'enqueue'>,
  job: Pick<SyncJobEntity, 'id' | 'kind'>,
): Promise<boolean> {
  const name = TRACKED_JOB_NAMES[job.kind as TrackedJobKind];
  try {
    await queue.enqueue(name, { syncJobId: job.id }, { jobId: job.id });
    return true;
  } catch (error) {
    if (error instanceof QueueUnavailableError) return false;
    throw error;
  }
}

/**
 * The `sync_job` table as the queue's outbox: jobs not yet succeeded, and failed ones with attempts
 * left, from the last week.
 */
export class SyncJobOutbox implements JobOutbox {
  constructor(private readonly dataSource: DataSource) {}

  async pending(): Promise<OutboxJob[]> {
    const rows: { id: string; kind: TrackedJobKind; attempts: number }[] = await this.dataSource.query(
      `SELECT id, kind, attempts FROM sync_job
        WHERE kind = ANY($1) AND created_at > now() - make_interval(days => $2)
          AND (status IN ('queued', 'running') OR (status = 'failed' AND attempts < $3))
        ORDER BY created_at LIMIT 1000`,
      [Object.keys(TRACKED_JOB_NAMES), OUTBOX_HORIZON_DAYS, DEFAULT_ATTEMPTS],
    );
    return rows.map((row) => ({
      name: TRACKED_JOB_NAMES[row.kind],
      payload: { syncJobId: row.id },
      jobId: row.id,
      attemptsLeft: Math.max(1, DEFAULT_ATTEMPTS - row.attempts),
    }));
  }
}

/**
 * Runs a tracked job's work and records its progress: `running` (attempt counted), then
 * `succeeded` with the work's result or `failed` with its message (and the error is rethrown so the
 * queue retries). A job that already succeeded (a worker killed after committing) is not run again.
 * Each run claims an attempt number; a run overtaken by a later one (its worker was thought dead)
 * does not overwrite the later run's outcome. `work` must be idempotent: a killed run is repeated.
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
  const claimed = await repository
    .createQueryBuilder()
    .update()
    .set({ status: 'running', attempts: () => 'attempts + 1', startedAt: () => 'now()', error: null })
    .where('id = :id AND status <> :succeeded', { id: job.id, succeeded: 'succeeded' })
    .returning('attempts')
    .execute();
  const attempt = (claimed.raw as { attempts: number }[])[0]?.attempts;
  if (attempt === undefined) return;
  const mine = { id: job.id, attempts: attempt };
  const progress = async (result: Record<string, unknown>): Promise<void> => {
    await repository.update(mine, { result: jsonb(result) });
  };
  let result: Record<string, unknown>;
  try {
    result = await work({ ...job, status: 'running', attempts: attempt }, progress);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await repository.update(mine, {
      status: 'failed',
      error: message.slice(0, 2000),
      finishedAt: () => 'now()',
    });
    throw error;
  }
  await repository.update(mine, { status: 'succeeded', result: jsonb(result), finishedAt: () => 'now()' });
}
