import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import request from 'supertest';
import { hostAndPort, TcpFaultProxy } from './support/tcp-proxy';
import { bearer, setUpTrial, startWorld, type Trial, type World } from './support/world';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * PostgreSQL going down under load and coming back (as a restart or failover looks to the API:
 * connections reset, new ones refused, then accepted again). The API answers 503 with Retry-After
 * while it is away, recovers without a restart, and every write it acknowledged is there.
 */
describe('PostgreSQL restarted under load', () => {
  const proxy = new TcpFaultProxy(hostAndPort(DATABASE_URL, 5432));
  let world: World;
  let trial: Trial;

  beforeAll(async () => {
    await proxy.start();
    world = await startWorld({ redisUrl: null, databaseUrl: (url) => proxy.url(url) });
    trial = await setUpTrial(world, 2, 'postgres-outage');
  }, 600_000);

  afterAll(async () => {
    await proxy.start();
    await world?.close();
    await proxy.stop();
  });

  /**
   * Four clients alternate writes (user accounts) and reads (the enrollment list) through the API
   * while `outage` runs; returns what they saw.
   */
  async function underLoad(
    target: World,
    label: string,
    outage: () => Promise<void>,
  ): Promise<{
    acknowledged: string[];
    problems: string[];
    unavailable: number;
    atStart: number;
    atEnd: number;
  }> {
    const acknowledged: string[] = [];
    const problems = new Set<string>();
    let unavailable = 0;
    let stop = false;
    let sequence = 0;
    async function client(index: number): Promise<void> {
      while (!stop) {
        const write = sequence++ % 2 === 0;
        const username = `${label}.${index}.${sequence}`;
        const response = write
          ? await request(target.http)
              .post('/api/v1/users')
              .set(bearer(trial.admin))
              .send({ username, displayName: `Load ${sequence}`, password: 'a-long-load-password-1' })
          : await request(target.http).get(`${trial.base}/enrollments`).set(bearer(trial.coordinator));
        if (response.status >= 400) problems.add(`${response.status} ${String(response.body?.code)}`);
        if (response.status === 503) {
          unavailable++;
          expect(response.headers['retry-after']).toBe('5');
        }
        if (write && response.status === 201) acknowledged.push(username);
      }
    }
    const clients = [0, 1, 2, 3].map((index) => client(index));
    await sleep(1500);
    const atStart = acknowledged.length;
    await outage();
    const atEnd = acknowledged.length;
    await sleep(3000);
    stop = true;
    await Promise.all(clients);
    return { acknowledged, problems: [...problems], unavailable, atStart, atEnd };
  }

  async function stored(usernames: string[]): Promise<string[]> {
    const direct = new Client({ connectionString: world.directDatabaseUrl });
    await direct.connect();
    try {
      const { rows } = await direct.query<{ username: string }>(
        'SELECT username FROM app_user WHERE username = ANY($1)',
        [usernames],
      );
      return rows.map((row) => row.username).sort();
    } finally {
      await direct.end();
    }
  }

  it('answers 503 while the database is away, recovers by itself, and loses no acknowledged write', async () => {
    const seen = await underLoad(world, 'cut', async () => {
      await proxy.stop();
      await sleep(2500);
      await proxy.start();
    });
    // Only successes and "database unavailable" answers: no 500, no other error.
    expect(seen.problems).toEqual(['503 DATABASE_UNAVAILABLE']);
    expect(seen.unavailable).toBeGreaterThan(0);
    expect(seen.atStart).toBeGreaterThan(0);
    // Recovered without a restart: writes were acknowledged after the database came back.
    expect(seen.acknowledged.length).toBeGreaterThan(seen.atEnd);
    await request(world.http).get('/api/v1/health').expect(200);
    expect(await stored(seen.acknowledged)).toEqual([...seen.acknowledged].sort());
  });

  // A real restart of this machine's cluster, which CI (root, nothing else using it) allows.
  const restartable = process.env['PROSPECT_FAULTS_RESTART_POSTGRES'] === '1';
  (restartable ? it : it.skip)('survives a real restart of the PostgreSQL server (CI)', async () => {
    const [version] = readdirSync('/etc/postgresql');
    const seen = await underLoad(world, 'restart', async () => {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version ?? '15', 'main', 'restart'], {
        stdio: 'inherit',
      });
    });
    expect(seen.problems.filter((problem) => problem !== '503 DATABASE_UNAVAILABLE')).toEqual([]);
    expect(seen.acknowledged.length).toBeGreaterThan(seen.atEnd);
    await request(world.http).get('/api/v1/health').expect(200);
    expect(await stored(seen.acknowledged)).toEqual([...seen.acknowledged].sort());
  });
});
