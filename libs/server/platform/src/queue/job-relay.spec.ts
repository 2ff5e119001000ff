import { InProcessQueueDriver } from './in-process.driver';
import { relayPendingJobs, type JobOutbox, type OutboxJob } from './job-relay';
import { QueueUnavailableError, type JobOptions } from './queue-driver';

function outbox(jobs: OutboxJob[]): JobOutbox {
  return { pending: async () => jobs };
}

const job = (jobId: string, attemptsLeft = 5): OutboxJob => ({
  name: 'work',
  payload: { syncJobId: jobId },
  jobId,
  attemptsLeft,
});

describe('relayPendingJobs', () => {
  it('hands over only the pending jobs the queue does not hold, with the attempts they have left', async () => {
    const enqueued: { name: string; payload: unknown; options: JobOptions | undefined }[] = [];
    const held = new Set(['held']);
    const driver = {
      has: async (jobId: string) => held.has(jobId),
      enqueue: async (name: string, payload: unknown, options?: JobOptions) => {
        enqueued.push({ name, payload, options });
        return { jobId: options?.jobId ?? '' };
      },
    };
    const outcome = await relayPendingJobs(driver, [
      outbox([job('held'), job('lost', 3)]),
      outbox([job('exhausted', 0), job('never-sent')]),
    ]);
    expect(outcome).toEqual({ status: 'done', checked: 3, handedOver: ['lost', 'never-sent'] });
    expect(enqueued).toEqual([
      { name: 'work', payload: { syncJobId: 'lost' }, options: { jobId: 'lost', attempts: 3 } },
      { name: 'work', payload: { syncJobId: 'never-sent' }, options: { jobId: 'never-sent', attempts: 5 } },
    ]);
  });

  it('stops at an unavailable queue and says so, keeping what it handed over', async () => {
    let calls = 0;
    const driver = {
      has: async () => false,
      enqueue: async (_name: string, _payload: unknown, options?: JobOptions) => {
        if (++calls > 1) throw new QueueUnavailableError('Redis is away');
        return { jobId: options?.jobId ?? '' };
      },
    };
    await expect(relayPendingJobs(driver, [outbox([job('a'), job('b'), job('c')])])).resolves.toEqual({
      status: 'queue-unavailable',
      checked: 2,
      handedOver: ['a'],
      message: 'Redis is away',
    });
  });

  it('lets other errors through: a broken outbox is a bug, not an outage', async () => {
    const broken: JobOutbox = {
      pending: async () => {
        throw new Error('relation "sync_job" does not exist');
      },
    };
    await expect(relayPendingJobs(new InProcessQueueDriver(), [broken])).rejects.toThrow('sync_job');
  });

  it('runs a job the in-process queue lost with its process exactly once', async () => {
    const driver = new InProcessQueueDriver();
    const runs: string[] = [];
    driver.register('work', async (payload) => {
      runs.push((payload as { syncJobId: string }).syncJobId);
    });
    await relayPendingJobs(driver, [outbox([job('restarted')])]);
    await relayPendingJobs(driver, [outbox([job('restarted')])]);
    await driver.drain();
    expect(runs).toEqual(['restarted']);
    await driver.close();
  });
});
