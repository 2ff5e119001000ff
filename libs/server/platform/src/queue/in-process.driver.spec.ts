import { InProcessQueueDriver, type JobFailure } from './in-process.driver';

describe('InProcessQueueDriver', () => {
  it('runs jobs in order, each once per job id, and waits for a handler registered later', async () => {
    const driver = new InProcessQueueDriver();
    const seen: string[] = [];
    await driver.enqueue('greet', { name: 'a' }, { jobId: 'job-a' });
    await driver.enqueue('greet', { name: 'b' }, { jobId: 'job-b' });
    const duplicate = await driver.enqueue('greet', { name: 'a-again' }, { jobId: 'job-a' });
    expect(duplicate.jobId).toBe('job-a');
    driver.register('greet', async (payload, context) => {
      seen.push(`${(payload as { name: string }).name}@${context.jobId}#${context.attempt}`);
    });
    await driver.drain();
    expect(seen).toEqual(['a@job-a#1', 'b@job-b#1']);
  });

  it('retries a failing job with doubling delays, up to its attempts, reporting each failure', async () => {
    const failures: JobFailure[] = [];
    const driver = new InProcessQueueDriver((failure) => failures.push(failure));
    const attemptsAt: number[] = [];
    driver.register('flaky', async (_payload, context) => {
      attemptsAt.push(Date.now());
      if (context.attempt < 3) throw new Error(`attempt ${context.attempt} failed`);
    });
    await driver.enqueue('flaky', {}, { attempts: 5, backoffMs: 20 });
    await driver.drain();
    expect(attemptsAt).toHaveLength(3);
    expect(failures.map((failure) => failure.attempt)).toEqual([1, 2]);
    expect((attemptsAt[2] as number) - (attemptsAt[1] as number)).toBeGreaterThanOrEqual(35);
  });

  it('gives up after the last attempt and goes on with the next job', async () => {
    const failures: JobFailure[] = [];
    const driver = new InProcessQueueDriver((failure) => failures.push(failure));
    const done: string[] = [];
    driver.register('always-fails', async () => {
      throw new Error('no');
    });
    driver.register('works', async () => {
      done.push('works');
    });
    await driver.enqueue('always-fails', {}, { attempts: 2, backoffMs: 1 });
    await driver.enqueue('works', {});
    await driver.drain();
    expect(failures).toHaveLength(2);
    expect(done).toEqual(['works']);
  });

  it('stops retrying when closed instead of waiting out the backoff', async () => {
    const driver = new InProcessQueueDriver();
    let attempts = 0;
    driver.register('failing', async () => {
      attempts++;
      throw new Error('down');
    });
    await driver.enqueue('failing', {}, { attempts: 5, backoffMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await driver.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(attempts).toBe(1);
  });

  it('reports health and refuses work once closed', async () => {
    const driver = new InProcessQueueDriver();
    await expect(driver.health()).resolves.toEqual({ status: 'up', driver: 'in-process' });
    await driver.close();
    await expect(driver.health()).resolves.toEqual({ status: 'down', driver: 'in-process' });
    await expect(driver.enqueue('x', {})).rejects.toThrow('queue is closed');
  });
});
