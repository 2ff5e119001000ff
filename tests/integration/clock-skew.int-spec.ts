import { join } from 'node:path';
import request from 'supertest';
import { bearer, jobOutcome, setUpTrial, startWorld, type Trial, type World } from './support/world';
import { WorkerProcess } from './support/worker-process';

const TWO_HOURS_MS = 2 * 3600 * 1000;

/**
 * Lock time is the database server's clock (`clock_timestamp()` in the transaction that appends
 * the log entry), never the clock of the host that runs the job: a worker whose clock is two hours
 * behind would otherwise date a lock before a treatment that in fact preceded it.
 */
describe('a worker host with a wrong clock', () => {
  let world: World;
  let trial: Trial;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    world = await startWorld();
    trial = await setUpTrial(world, 1, 'clock-skew');
    worker = await WorkerProcess.start(
      { ...world.workerEnv, PROSPECT_TEST_CLOCK_SKEW_MS: String(-TWO_HOURS_MS) },
      ['-r', join(__dirname, 'support', 'skewed-clock.js')],
    );
  }, 600_000);

  afterAll(async () => {
    await worker?.kill();
    await world?.close();
  });

  const databaseNow = async (): Promise<number> =>
    Date.parse(
      ((await world.dataSource.query('SELECT now() AS now')) as { now: Date }[])[0]?.now.toISOString() ?? '',
    );

  it('dates the lock, its log entry and its job by the database clock', async () => {
    const before = await databaseNow();
    const response = await request(world.http)
      .post(`${trial.base}/enrollments/${trial.subjects[0]}/lock`)
      .set(bearer(trial.coordinator));
    expect(response.status).toBe(202);
    expect(await jobOutcome(world, response.body.id as string)).toMatchObject({ status: 'succeeded' });
    const after = await databaseNow();

    const lock = (
      await request(world.http)
        .get(`${trial.base}/enrollments/${trial.subjects[0]}/lock`)
        .set(bearer(trial.coordinator))
        .expect(200)
    ).body as { lockedAt: string };
    const lockedAt = Date.parse(lock.lockedAt);
    expect(lockedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(lockedAt).toBeLessThanOrEqual(after + 1000);

    const [entry] = (await world.dataSource.query(
      `SELECT entry_json FROM ledger_entry WHERE kind = 'prediction-lock'`,
    )) as { entry_json: string }[];
    expect(JSON.parse(entry?.entry_json ?? '{}').lockedAt).toBe(lock.lockedAt);

    const [job] = (await world.dataSource.query(
      'SELECT started_at, finished_at FROM sync_job WHERE id = $1',
      [response.body.id],
    )) as { started_at: Date; finished_at: Date }[];
    for (const at of [job?.started_at, job?.finished_at]) {
      expect(at?.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(at?.getTime()).toBeLessThanOrEqual(after + 1000);
    }
  });
});
