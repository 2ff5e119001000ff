import { QueueUnavailableError, type QueueDriver } from './queue-driver';

/** A job its owner's records say is still to run, with what the queue needs to run it. */
export interface OutboxJob {
  readonly name: string;
  readonly payload: unknown;
  readonly jobId: string;
  /** Attempts not yet used; the relay does not hand over a job that has none left. */
  readonly attemptsLeft: number;
}

/**
 * Where accepted jobs are recorded before they reach the queue (the transactional outbox): the
 * database row is written in the request's transaction, so it outlives a queue that was down, a
 * Redis that restarted empty, or a process that died between commit and enqueue.
 */
export interface JobOutbox {
  pending(): Promise<readonly OutboxJob[]>;
}

export type RelayOutcome =
  | { readonly status: 'done'; readonly checked: number; readonly handedOver: readonly string[] }
  | {
      readonly status: 'queue-unavailable';
      readonly checked: number;
      readonly handedOver: readonly string[];
      readonly message: string;
    };

/**
 * Hands every pending job the queue does not hold to the queue. Safe to run from every process at
 * once: job ids make enqueueing idempotent, and a job that runs twice finds its work done.
 */
export async function relayPendingJobs(
  driver: Pick<QueueDriver, 'has' | 'enqueue'>,
  outboxes: readonly JobOutbox[],
): Promise<RelayOutcome> {
  const handedOver: string[] = [];
  let checked = 0;
  try {
    for (const outbox of outboxes) {
      for (const job of await outbox.pending()) {
        if (job.attemptsLeft < 1) continue;
        checked++;
        if (await driver.has(job.jobId)) continue;
        await driver.enqueue(job.name, job.payload, { jobId: job.jobId, attempts: job.attemptsLeft });
        handedOver.push(job.jobId);
      }
    }
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    return { status: 'queue-unavailable', checked, handedOver, message: error.message };
  }
  return { status: 'done', checked, handedOver };
}
