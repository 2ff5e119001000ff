import { LOCK_BATCH } from '@prospect/locks';
import { Client } from 'pg';
import request from 'supertest';
import {
  bearer,
  count,
  jobOutcome,
  setUpTrial,
  startWorld,
  until,
  type Trial,
  type World,
} from './support/world';
import { WorkerProcess } from './support/worker-process';

/**
 * A worker SIGKILLed in the middle of a job (no shutdown hook runs, its BullMQ lock is not
 * released): after `QUEUE_STALLED_SECONDS` another worker takes the job up again, and the job,
 * which skips the work already committed, ends with everything done exactly once.
 */
describe('a worker killed in the middle of a job', () => {
  // More than one lock batch (LOCK_BATCH = 32 per transaction), so a kill can fall between two.
  const SUBJECTS = 40;
  let world: World;
  let trial: Trial;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    world = await startWorld();
    trial = await setUpTrial(world, SUBJECTS, 'worker-crash');
  }, 600_000);

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await world?.close();
  });

  async function startWorker(): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(world.workerEnv);
    workers.push(worker);
    return worker;
  }

  /** Kills `worker` once `done()` reports some but not all of the work committed; returns that count. */
  async function killMidway(worker: WorkerProcess, done: () => Promise<number>): Promise<number> {
    const seen = await until(done, (n) => n > 0, 120_000);
    await worker.kill();
    if (seen === 0) {
      const jobs: unknown = await world.dataSource.query(
        'SELECT kind, status, attempts, error FROM sync_job',
      );
      throw new Error(
        `no progress before the kill; jobs ${JSON.stringify(jobs)}; worker log:\n${worker.log}`,
      );
    }
    return done();
  }

  async function post(path: string, body: object = {}): Promise<string> {
    const response = await request(world.http)
      .post(`${trial.base}${path}`)
      .set(bearer(trial.coordinator))
      .send(body);
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  it('extraction and prediction: the job is run again and each subject is predicted once', async () => {
    const predictions = () => count(world, 'SELECT count(*)::int AS n FROM prediction');
    const first = await startWorker();
    const jobId = await post('/predictions');
    const atKill = await killMidway(first, predictions);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(SUBJECTS);

    await startWorker();
    const outcome = await jobOutcome(world, jobId);
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
    expect(await predictions()).toBe(SUBJECTS);
    expect(await count(world, 'SELECT count(DISTINCT enrollment_id)::int AS n FROM prediction')).toBe(
      SUBJECTS,
    );
    expect(await count(world, 'SELECT count(*)::int AS n FROM feature_extraction')).toBe(SUBJECTS);
    expect(
      await count(world, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'prediction.created'`),
    ).toBe(SUBJECTS);
    await workers.at(-1)?.stop();
  });

  it('locks: no lock, log entry or audit event is missing or doubled', async () => {
    const locks = () => count(world, 'SELECT count(*)::int AS n FROM prediction_lock');
    // A batch of 32 locks commits in milliseconds, too fast to kill the worker between two by
    // timing. So the test holds the log position the second batch will take (an uncommitted row
    // in its own transaction): the first batch commits, the second waits on that row, and the
    // worker is killed there, with one batch committed and one transaction open.
    const [trialRow] = (await world.dataSource.query('SELECT id FROM trial WHERE code = $1', [
      trial.code,
    ])) as {
      id: string;
    }[];
    const trialId = trialRow?.id ?? '';
    const blocker = new Client({ connectionString: world.directDatabaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    const { rows } = await blocker.query<{ last: number }>(
      'SELECT max(leaf_index)::int AS last FROM ledger_entry WHERE trial_id = $1',
      [trialId],
    );
    await blocker.query(
      `INSERT INTO ledger_entry (trial_id, leaf_index, kind, entry_json, leaf_hash, entry_time)
       VALUES ($1, $2, 'key-rotation', '{}', repeat('0', 64), now())`,
      [trialId, (rows[0]?.last ?? 0) + LOCK_BATCH + 1],
    );
    const first = await startWorker();
    const jobId = await post('/locks');
    expect(await until(locks, (n) => n === LOCK_BATCH, 120_000)).toBe(LOCK_BATCH);
    const waiting = () =>
      count(
        world,
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
    expect(await until(waiting, (n) => n > 0, 60_000)).toBeGreaterThan(0);
    await first.kill();
    await blocker.query('ROLLBACK');
    await blocker.end();
    expect(await locks()).toBe(LOCK_BATCH);
    expect(
      await count(world, `SELECT count(*)::int AS n FROM sync_job WHERE id = $1 AND status = 'running'`, [
        jobId,
      ]),
    ).toBe(1);

    await startWorker();
    const outcome = await jobOutcome(world, jobId);
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
    expect(await locks()).toBe(SUBJECTS);
    expect(await count(world, 'SELECT count(DISTINCT enrollment_id)::int AS n FROM prediction_lock')).toBe(
      SUBJECTS,
    );
    expect(
      await count(world, `SELECT count(*)::int AS n FROM ledger_entry WHERE kind = 'prediction-lock'`),
    ).toBe(SUBJECTS);
    expect(
      await count(world, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'prediction.locked'`),
    ).toBe(SUBJECTS);
    // The log is gap-free: leaves 0 … n-1, each once.
    const [leaves] = (await world.dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT leaf_index)::int AS d, max(leaf_index)::int AS m FROM ledger_entry',
    )) as { n: number; d: number; m: number }[];
    expect(leaves).toEqual({ n: leaves?.d, d: leaves?.n, m: (leaves?.n ?? 0) - 1 });
  });
});
