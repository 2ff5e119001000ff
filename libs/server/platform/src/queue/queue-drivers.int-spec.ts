import { randomBytes } from 'node:crypto';
import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { QueueUnavailableError } from './queue-driver';
import { createQueueDriver } from './queue.module';

const redisUrl = process.env['REDIS_URL'];

if (redisUrl) {
  describe('BullMqQueueDriver against Redis', () => {
    let driver: BullMqQueueDriver;

    beforeAll(() => {
      driver = new BullMqQueueDriver(redisUrl, { prefix: `prospect-test-${randomBytes(4).toString('hex')}` });
    });

    afterAll(() => driver.close());

    it('reports Redis as up', async () => {
      await expect(driver.health()).resolves.toEqual({ status: 'up', driver: 'bullmq' });
    });

    it('knows the jobs it holds', async () => {
      await driver.enqueue('held', {}, { jobId: 'held-id' });
      await expect(driver.has('held-id')).resolves.toBe(true);
      await expect(driver.has('never-enqueued')).resolves.toBe(false);
    });

    it('runs each job id once, retrying failures', async () => {
      const runs: string[] = [];
      const finished = new Promise<void>((resolve) => {
        driver.register('count', async (payload, context) => {
          const { label, failFirst } = payload as { label: string; failFirst: boolean };
          runs.push(`${label}#${context.attempt}`);
          if (failFirst && context.attempt === 1) throw new Error('first attempt fails');
          if (runs.length === 3) resolve();
        });
      });
      await driver.enqueue('count', { label: 'a', failFirst: false }, { jobId: 'same-id' });
      await driver.enqueue('count', { label: 'a-duplicate', failFirst: false }, { jobId: 'same-id' });
      await driver.enqueue('count', { label: 'b', failFirst: true }, { backoffMs: 10 });
      await finished;
      expect(runs.sort()).toEqual(['a#1', 'b#1', 'b#2']);
    }, 20_000);
  });

  describe('a Redis that cannot be reached', () => {
    it('is reported down, not thrown', async () => {
      const unreachable = new BullMqQueueDriver('redis://127.0.0.1:1', { prefix: 'unreachable' });
      const health = await unreachable.health();
      expect(health.status).toBe('down');
      expect(health.message).toEqual(expect.any(String));
      await unreachable.close();
    });

    it('refuses jobs at once with QueueUnavailableError instead of holding the caller', async () => {
      const unreachable = new BullMqQueueDriver('redis://127.0.0.1:1', {
        prefix: 'unreachable',
        answerWithinMs: 1000,
      });
      await expect(unreachable.enqueue('count', {}, { jobId: 'x' })).rejects.toBeInstanceOf(
        QueueUnavailableError,
      );
      await expect(unreachable.has('x')).rejects.toBeInstanceOf(QueueUnavailableError);
      await unreachable.close();
    });
  });
} else {
  describe('without REDIS_URL', () => {
    it('runs jobs in process', () => {
      expect(createQueueDriver({ kind: 'in-process' })).toBeInstanceOf(InProcessQueueDriver);
    });
  });
}
