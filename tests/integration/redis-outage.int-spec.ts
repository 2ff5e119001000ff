import IORedis from 'ioredis';
import request from 'supertest';
import { hostAndPort, TcpFaultProxy } from './support/tcp-proxy';
import {
  bearer,
  count,
  jobOutcome,
  REDIS_URL,
  setUpTrial,
  startWorld,
  type Trial,
  type World,
} from './support/world';
import { WorkerProcess } from './support/worker-process';

/**
 * Redis going away, and coming back empty (these deployments keep nothing on disk). The choice
 * (docs/ARCHITECTURE.md, "Jobs"): the API keeps accepting work; each accepted job is a row in the
 * database (the outbox) written in the request's transaction, and the relay in the API and the
 * workers hands every row the queue does not hold to the queue once Redis answers again.
 */
describe('Redis stopped and restarted empty', () => {
  const proxy = new TcpFaultProxy(hostAndPort(REDIS_URL, 6379));
  const direct = new IORedis(REDIS_URL, { lazyConnect: true });
  let world: World;
  let trial: Trial;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    await proxy.start();
    world = await startWorld({ redisUrl: proxy.url(REDIS_URL) });
    trial = await setUpTrial(world, 3, 'redis-outage');
    await direct.connect();
  }, 600_000);

  afterAll(async () => {
    await worker?.kill();
    await world?.close();
    await proxy.stop();
    direct.disconnect();
  });

  /** What a Redis restart without persistence does to this deployment's keys. */
  async function forgetEverything(): Promise<number> {
    const keys = await direct.keys(`${world.workerEnv['QUEUE_PREFIX']}:*`);
    if (keys.length > 0) await direct.del(...keys);
    return keys.length;
  }

  const lockOf = (subject: number) =>
    request(world.http)
      .post(`${trial.base}/enrollments/${trial.subjects[subject]}/lock`)
      .set(bearer(trial.coordinator));

  it('accepts lock requests while Redis is down and runs them once it is back', async () => {
    worker = await WorkerProcess.start(world.workerEnv);
    await proxy.stop();

    const accepted = await lockOf(0);
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.id as string;
    expect(
      await count(world, `SELECT count(*)::int AS n FROM sync_job WHERE id = $1 AND status = 'queued'`, [
        jobId,
      ]),
    ).toBe(1);
    // Reads do not need the queue; health says what is missing.
    await request(world.http).get(`${trial.base}/enrollments`).set(bearer(trial.coordinator)).expect(200);
    const health = await request(world.http).get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { queue: { status: 'down' } } });

    await forgetEverything();
    await proxy.start();
    expect(await jobOutcome(world, jobId, 120_000)).toMatchObject({ status: 'succeeded' });
    expect(await count(world, 'SELECT count(*)::int AS n FROM prediction_lock')).toBe(1);
  });

  it('runs again the jobs Redis held when it restarted empty', async () => {
    await worker?.stop();
    worker = null;
    const accepted = await lockOf(1);
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.id as string;
    expect(await direct.exists(`${world.workerEnv['QUEUE_PREFIX']}:prospect:${jobId}`)).toBe(1);

    await proxy.stop();
    expect(await forgetEverything()).toBeGreaterThan(0);
    await proxy.start();
    worker = await WorkerProcess.start(world.workerEnv);
    expect(await jobOutcome(world, jobId, 120_000)).toMatchObject({ status: 'succeeded' });
    expect(await count(world, 'SELECT count(*)::int AS n FROM prediction_lock')).toBe(2);
    expect(
      await count(world, `SELECT count(*)::int AS n FROM ledger_entry WHERE kind = 'prediction-lock'`),
    ).toBe(2);
  });
});
