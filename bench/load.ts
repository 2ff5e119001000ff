/**
 * Load test of the API on PostgreSQL + Redis, over loopback, with the built API and worker as
 * child processes (see bench/README.md, section `load`):
 *
 *   node --experimental-websocket --enable-source-maps bench/run.js bench/load.ts [flags]
 *   npm run test:load                       # --ci: short, exits 1 only on errors or invalid results
 *
 * 1. Lock throughput with one worker process, then two: per-subject lock requests for a fresh set
 *    of predicted enrollments each time, timed until every one is locked (polled in the database).
 * 2. Mixed traffic with autocannon: enrollment lists, lock receipts, lock status, lock requests for
 *    subjects already locked (200) and not yet locked (202, a job), first as fast as the API answers
 *    (closed loop), then paced at the target rate. Reference, same run: `GET /auth/me`, the same
 *    authenticated path through the framework without the app's work.
 * 3. The jobs drained, every enrollment has exactly one lock and every lock exactly one ledger entry;
 *    otherwise the run is invalid (exit 1).
 *
 * Exit codes: 0 all good; 1 errors (non-2xx, timeouts), failed jobs or invalid results; without
 * --ci also 1 when the target (1 000 req/s, p99 < 50 ms) is missed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import {
  ApiClient,
  BUILT,
  cli,
  createScratchDatabase,
  dropQueuePrefix,
  freePort,
  inParallel,
  requireBuilt,
  sleep,
  startChild,
  tail,
  type Child,
} from './load-platform';
import { reportFigure } from './report';

const BENCH = 'load';
const TARGET_RATE = 1000;
const TARGET_P99_MS = 50;

interface Options {
  duration: number;
  connections: number;
  patients: number;
  lockSet: number;
  pool: number;
  rate: number;
  seed: string;
  logLevel: string;
  ci: boolean;
  profile: boolean;
  keep: boolean;
  /** The API bundle to run (A/B comparisons of a build). */
  apiBundle: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      ci: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string', default: '10' },
      patients: { type: 'string' },
      'lock-set': { type: 'string' },
      pool: { type: 'string' },
      rate: { type: 'string', default: String(TARGET_RATE) },
      seed: { type: 'string', default: 'bench-load' },
      'log-level': { type: 'string', default: 'info' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      api: { type: 'string', default: BUILT.api },
    },
  });
  const ci = values.ci ?? false;
  const integer = (name: string, value: string | undefined, fallback: number, min: number): number => {
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return parsed;
  };
  return {
    ci,
    duration: integer('duration', values.duration, ci ? 5 : 20, 1),
    connections: integer('connections', values.connections, 10, 1),
    patients: integer('patients', values.patients, ci ? 60 : 240, 10),
    lockSet: integer('lock-set', values['lock-set'], ci ? 8 : 40, 1),
    pool: integer('pool', values.pool, ci ? 4 : 10, 2),
    rate: integer('rate', values.rate, TARGET_RATE, 1),
    seed: values.seed ?? 'bench-load',
    logLevel: values['log-level'] ?? 'info',
    profile: values.profile ?? false,
    keep: values.keep ?? false,
    apiBundle: path.resolve(values.api ?? BUILT.api),
  };
}

/** The processes and accounts of a run. */
interface Platform {
  dir: string;
  db: Client;
  api: ApiClient;
  apiUrl: string;
  baseEnv: NodeJS.ProcessEnv;
  workers: Child[];
  children: Child[];
  trialId: string;
  trialPath: string;
  coordinator: { username: string; password: string; token: string };
  /** Subject id → enrollment id. */
  enrollments: Map<string, string>;
  startWorker(): Promise<void>;
}

async function main(): Promise<number> {
  const options = parseOptions();
  requireBuilt();
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const prefix = `load_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'prospect-load-'));
  console.log(
    `load: ${options.patients} patients, ${options.duration} s × ${options.connections} connections per run, ` +
      `lock sets of ${options.lockSet}, target ${options.rate} req/s with p99 < ${TARGET_P99_MS} ms; ` +
      `PostgreSQL + Redis (prefix ${prefix}), Node ${process.version}${options.ci ? ' (CI mode)' : ''}`,
  );
  console.log(`logs: ${dir}`);
  const database = await createScratchDatabase(databaseUrl);
  const children: Child[] = [];
  let db: Client | null = null;
  let code = 1;
  const interrupted = (): void => {
    console.error('interrupted: stopping the processes, dropping the database and the Redis keys');
    void Promise.all(children.map((child) => child.stop()))
      .then(() => db?.end())
      .then(() => database.drop())
      .then(() => dropQueuePrefix(redisUrl, prefix))
      .then(() => {
        if (!options.keep && !options.profile) rmSync(dir, { recursive: true, force: true });
      })
      .catch((error: unknown) => console.error('clean-up failed:', error))
      .finally(() => process.exit(130));
  };
  // Ctrl-C, or `npm run bench` stopping a bench past its time (SIGINT, then SIGTERM).
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    db = new Client({ connectionString: database.url });
    const platform = await startPlatform(options, dir, database.url, redisUrl, prefix, children, db);
    code = await measure(options, platform);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const child of children) console.error(`--- ${child.name} log (tail) ---\n${tail(child.logFile)}`);
    code = 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await Promise.all(children.map((child) => child.stop()));
    await db?.end().catch(() => undefined);
    await database.drop().catch((error: unknown) => console.error(`could not drop ${database.name}:`, error));
    await dropQueuePrefix(redisUrl, prefix).catch((error: unknown) =>
      console.error(`could not delete the Redis keys ${prefix}:*:`, error),
    );
    if (!options.keep && !options.profile) rmSync(dir, { recursive: true, force: true });
  }
  return code;
}

async function startPlatform(
  options: Options,
  dir: string,
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  children: Child[],
  db: Client,
): Promise<Platform> {
  const started = performance.now();
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NODE_ENV: 'production',
  };
  const fhirPort = await freePort();
  const fhirBaseUrl = `http://127.0.0.1:${fhirPort}/fhir`;
  children.push(
    await startChild(
      'fhir-sandbox',
      BUILT.cli,
      ['fhir-sandbox', '--port', String(fhirPort)],
      baseEnv,
      path.join(dir, 'fhir-sandbox.log'),
      async () => (await fetch(`${fhirBaseUrl}/metadata`)).ok,
    ),
  );
  cli(
    [
      'hospital',
      'baseline',
      '--dir',
      'hospital',
      '--fhir',
      fhirBaseUrl,
      '--patients',
      String(options.patients),
    ].concat(['--seed', options.seed]),
    dir,
  );

  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}/api/v1`;
  const bootstrap = secret();
  const platformEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DATA_DIR: path.join(dir, 'platform'),
    FHIR_BASE_URL: fhirBaseUrl,
    LOG_LEVEL: options.logLevel,
  };
  children.push(
    await startChild(
      'api',
      options.apiBundle,
      [],
      {
        ...platformEnv,
        HOST: '127.0.0.1',
        PORT: String(port),
        MIGRATE_ON_START: 'true',
        BOOTSTRAP_ADMIN_PASSWORD: bootstrap,
      },
      path.join(dir, 'api.log'),
      async () => (await fetch(`${apiUrl}/health`)).status === 200,
      options.profile
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'profiles')}`, '--cpu-prof-name=api.cpuprofile']
        : [],
    ),
  );
  const workers: Child[] = [];
  const startWorker = async (): Promise<void> => {
    const name = `worker-${workers.length + 1}`;
    const logFile = path.join(dir, `${name}.log`);
    const worker = await startChild(
      name,
      BUILT.worker,
      [],
      platformEnv,
      logFile,
      async () => tail(logFile).includes('Prospect worker consuming jobs'),
      options.profile
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`]
        : [],
    );
    workers.push(worker);
    children.push(worker);
  };
  await startWorker();
  await db.connect();

  const api = new ApiClient(apiUrl);
  const adminPassword = secret();
  const admin = await api.firstLogin('admin', bootstrap, adminPassword);
  const hospital = path.join(dir, 'hospital');
  const modelDir = path.join(hospital, 'model');
  const definition = JSON.parse(readFileSync(path.join(hospital, 'trial.json'), 'utf8')) as {
    code: string;
    sites: { code: string }[];
  };
  const cardFile = readFileSync(path.join(modelDir, 'mm-rad-01-demo.card.json'), 'utf8');
  await api.upload(
    '/models',
    admin,
    [
      {
        field: 'model',
        filename: 'model.onnx',
        bytes: readFileSync(path.join(modelDir, 'mm-rad-01-demo.onnx')),
      },
    ],
    { card: JSON.stringify(JSON.parse(cardFile)) },
  );
  const { id: trialId } = await api.json<{ id: string }>('POST', '/trials', admin, definition);
  const trialPath = `/trials/${definition.code}`;
  await api.json('POST', `${trialPath}/protocol-versions/1/approve`, admin, { password: adminPassword });
  const created = await api.json<{ user: { id: string }; temporaryPassword: string }>(
    'POST',
    '/users',
    admin,
    {
      username: 'load-coordinator',
      displayName: 'Load coordinator',
    },
  );
  await api.json('POST', `/users/${created.user.id}/roles`, admin, {
    trialCode: definition.code,
    role: 'coordinator',
  });
  const coordinatorPassword = secret();
  const token = await api.firstLogin('load-coordinator', created.temporaryPassword, coordinatorPassword);

  const patients = JSON.parse(readFileSync(path.join(hospital, 'patients.json'), 'utf8')) as {
    number: number;
    patientReference: string;
    image: string;
    mask: string;
  }[];
  const subjects: { subjectId: string; image: string; mask: string }[] = [];
  let notEligible = 0;
  await inParallel(patients, 4, async (patient, index) => {
    const site = definition.sites[index % definition.sites.length]?.code ?? '';
    const answer = await api.call('POST', `${trialPath}/enrollments`, token, {
      patientReference: patient.patientReference,
      siteCode: site,
    });
    if (answer.status === 422 && (answer.body as { code?: string }).code === 'NOT_ELIGIBLE') {
      notEligible++;
      return;
    }
    if (answer.status !== 201) throw new Error(`enrollment answered ${answer.status}`);
    subjects.push({ subjectId: (answer.body as { subjectId: string }).subjectId, ...patient });
  });
  subjects.sort((a, b) => a.subjectId.localeCompare(b.subjectId));
  await inParallel(subjects, 4, async (subject) => {
    await api.upload(`${trialPath}/enrollments/${subject.subjectId}/baseline-image`, token, [
      { field: 'image', filename: 'image.nii.gz', bytes: readFileSync(path.join(hospital, subject.image)) },
      { field: 'mask', filename: 'mask.nii.gz', bytes: readFileSync(path.join(hospital, subject.mask)) },
    ]);
  });
  const predictJob = await api.json<{ id: string }>('POST', `${trialPath}/predictions`, token, {});
  await api.finished(trialPath, predictJob.id, token);
  const rows = (
    await db.query<{ id: string; subject_id: string }>(
      'SELECT id, subject_id FROM enrollment WHERE trial_id = $1',
      [trialId],
    )
  ).rows;
  console.log(
    `set-up: ${subjects.length} enrolled (${notEligible} not eligible), images uploaded, predicted ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const platform: Platform = {
    dir,
    db,
    api,
    apiUrl,
    baseEnv: platformEnv,
    workers,
    children,
    trialId,
    trialPath,
    coordinator: { username: 'load-coordinator', password: coordinatorPassword, token },
    enrollments: new Map(rows.map((row) => [row.subject_id, row.id])),
    startWorker,
  };
  return platform;
}

function secret(): string {
  return `load-${randomBytes(18).toString('base64url')}`;
}

interface LockRun {
  workers: number;
  locks: number;
  seconds: number;
  perSecond: number;
}

async function measure(options: Options, platform: Platform): Promise<number> {
  const subjects = [...platform.enrollments.keys()].sort();
  const needed = 2 * options.lockSet + options.pool + 1;
  if (subjects.length < needed)
    throw new Error(
      `${subjects.length} enrollments; need at least ${needed} (2 × --lock-set + --pool + 1): raise --patients`,
    );
  const setOne = subjects.slice(0, options.lockSet);
  const setTwo = subjects.slice(options.lockSet, 2 * options.lockSet);
  const pool = subjects.slice(2 * options.lockSet, 2 * options.lockSet + options.pool);
  const reads = subjects.slice(2 * options.lockSet + options.pool);
  const problems: string[] = [];

  // 1. Lock throughput, one worker then two.
  const lockRuns: LockRun[] = [];
  lockRuns.push(await lockThroughput(platform, setOne, problems));
  await platform.startWorker();
  lockRuns.push(await lockThroughput(platform, setTwo, problems));

  // The locked subjects the read traffic asks about.
  await lockThroughput(platform, reads, problems);
  console.log(`locked ${reads.length} subjects for the read traffic`);

  // 2. Traffic. A fresh token: set-up may have taken a while.
  const { accessToken } = await platform.api.json<{ accessToken: string }>('POST', '/auth/login', null, {
    username: platform.coordinator.username,
    password: platform.coordinator.password,
  });
  const headers = { authorization: `Bearer ${accessToken}` };
  const half = Math.ceil(pool.length / 2);
  const reference = await runLoad(platform, options, 'reference: GET /auth/me', referenceMix(headers), 0);
  const saturated = await runLoad(
    platform,
    options,
    'mixed, closed loop',
    mixedMix(platform.trialPath, headers, reads, pool.slice(0, half)),
    0,
  );
  const paced = await runLoad(
    platform,
    options,
    `mixed, paced at ${options.rate} req/s`,
    mixedMix(platform.trialPath, headers, reads, pool.slice(half)),
    options.rate,
  );

  // 3. Drain and check.
  const drained = await waitIdle(platform, 300_000);
  if (!drained) problems.push('the jobs did not drain within 5 minutes');
  const expectLocked = [...setOne, ...setTwo, ...reads, ...pool];
  problems.push(...(await checkInvariants(platform, expectLocked)));

  return summarize(options, lockRuns, reference, saturated, paced, problems);
}

/** Requests a lock per subject and times until all are locked. */
async function lockThroughput(
  platform: Platform,
  subjects: readonly string[],
  problems: string[],
): Promise<LockRun> {
  const { api, trialPath, coordinator, db } = platform;
  const ids = subjects.map((subject) => platform.enrollments.get(subject) as string);
  await waitIdle(platform, 120_000);
  const started = performance.now();
  await inParallel(subjects, 8, async (subject) => {
    const answer = await api.call('POST', `${trialPath}/enrollments/${subject}/lock`, coordinator.token);
    if (answer.status !== 202) problems.push(`lock request for a subject answered ${answer.status}`);
  });
  const enqueued = performance.now();
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM prediction_lock WHERE enrollment_id = ANY($1::uuid[])',
      [ids],
    );
    if (Number(rows[0]?.n) === ids.length) break;
    const failed = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_job WHERE enrollment_id = ANY($1::uuid[]) AND status = 'failed'`,
      [ids],
    );
    if (Number(failed.rows[0]?.n) > 0) throw new Error(`${failed.rows[0]?.n} lock jobs failed`);
    if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n} of ${ids.length} locked after 10 minutes`);
    await sleep(25);
  }
  const seconds = (performance.now() - started) / 1000;
  const run = {
    workers: platform.workers.length,
    locks: ids.length,
    seconds,
    perSecond: ids.length / seconds,
  };
  // How long the lock jobs ran, and waited in the queue (database clock; finished ones only).
  const timing = (
    await db.query<{ run: number; wait: number }>(
      `SELECT avg(extract(epoch FROM finished_at - started_at))::float8 AS run,
              avg(extract(epoch FROM started_at - created_at))::float8 AS wait
         FROM sync_job WHERE enrollment_id = ANY($1::uuid[]) AND kind = 'prediction-lock' AND finished_at IS NOT NULL`,
      [ids],
    )
  ).rows[0];
  console.log(
    `locks, ${run.workers} worker${run.workers === 1 ? '' : 's'}: ${run.locks} in ${seconds.toFixed(2)} s ` +
      `(requests queued in ${((enqueued - started) / 1000).toFixed(2)} s) → ${run.perSecond.toFixed(1)} locks/s; ` +
      `per lock job ${(1000 * Number(timing?.run)).toFixed(0)} ms running, ${(1000 * Number(timing?.wait)).toFixed(0)} ms queued (mean)`,
  );
  return run;
}

/** Waits until no tracked job is queued or running and every write-back is done. */
async function waitIdle(platform: Platform, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await platform.db.query<{ jobs: number; writes: number }>(
      `SELECT (SELECT count(*)::int FROM sync_job WHERE status IN ('queued', 'running')) AS jobs,
              (SELECT count(*)::int FROM lock_write_back WHERE status = 'pending') AS writes`,
    );
    if (Number(rows[0]?.jobs) === 0 && Number(rows[0]?.writes) === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

type Kind = 'me' | 'enrollment list' | 'lock receipt' | 'lock status' | 'lock re-request' | 'lock request';

interface MixEntry {
  kind: Kind;
  method: 'GET' | 'POST';
  paths: readonly string[];
  weight: number;
}

function referenceMix(headers: Record<string, string>): {
  headers: Record<string, string>;
  entries: MixEntry[];
} {
  return { headers, entries: [{ kind: 'me', method: 'GET', paths: ['/auth/me'], weight: 1 }] };
}

/**
 * Per 20 requests: 6 enrollment lists, 6 lock receipts, 5 lock status reads, 2 lock requests for
 * subjects already locked (200), 1 for a subject not yet locked (202 and a job, until a worker
 * has locked it; then 200).
 */
function mixedMix(
  trialPath: string,
  headers: Record<string, string>,
  locked: readonly string[],
  unlocked: readonly string[],
): { headers: Record<string, string>; entries: MixEntry[] } {
  const each = (suffix: string, subjects: readonly string[]) =>
    subjects.map((subject) => `${trialPath}/enrollments/${subject}${suffix}`);
  return {
    headers,
    entries: [
      { kind: 'enrollment list', method: 'GET', paths: [`${trialPath}/enrollments`], weight: 6 },
      { kind: 'lock receipt', method: 'GET', paths: each('/lock/receipt', locked), weight: 6 },
      { kind: 'lock status', method: 'GET', paths: each('/lock', locked), weight: 5 },
      { kind: 'lock re-request', method: 'POST', paths: each('/lock', locked), weight: 2 },
      { kind: 'lock request', method: 'POST', paths: each('/lock', unlocked), weight: 1 },
    ],
  };
}

interface KindStats {
  latencies: number[];
  statuses: Map<number, number>;
}

interface LoadRun {
  name: string;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  kinds: Map<Kind, KindStats>;
}

/** One autocannon run over the mix; `rate` 0 is closed loop (as fast as answers come). */
async function runLoad(
  platform: Platform,
  options: Options,
  name: string,
  mix: { headers: Record<string, string>; entries: MixEntry[] },
  rate: number,
): Promise<LoadRun> {
  const kinds = new Map<Kind, KindStats>();
  const cursors = new Map<Kind, number>();
  let lastKind: Kind = 'me';
  // A cycle of the mix, interleaved: each connection walks it from its own start.
  const cycle: MixEntry[] = [];
  const remaining = mix.entries.map((entry) => ({ entry, left: entry.weight }));
  while (remaining.some((item) => item.left > 0)) {
    for (const item of remaining) {
      if (item.left > 0) {
        cycle.push(item.entry);
        item.left--;
      }
    }
  }
  for (const entry of mix.entries) kinds.set(entry.kind, { latencies: [], statuses: new Map() });
  const requests = cycle.map((entry) => ({
    method: entry.method,
    headers: mix.headers,
    setupRequest: (request: { method?: string; path?: string }) => {
      const cursor = cursors.get(entry.kind) ?? 0;
      cursors.set(entry.kind, cursor + 1);
      return { ...request, method: entry.method, path: `/api/v1${entry.paths[cursor % entry.paths.length]}` };
    },
    onResponse: () => {
      lastKind = entry.kind;
    },
  }));
  const instance = autocannon({
    url: platform.apiUrl.replace(/\/api\/v1$/, ''),
    connections: rate > 0 ? Math.max(options.connections, Math.ceil(rate / 50)) : options.connections,
    duration: options.duration,
    timeout: 10,
    ...(rate > 0 ? { overallRate: rate } : {}),
    requests,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    const stats = kinds.get(lastKind) as KindStats;
    stats.latencies.push(ms);
    stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  });
  const result = await instance;
  const all = [...kinds.values()].flatMap((stats) => stats.latencies).sort((a, b) => a - b);
  const run: LoadRun = {
    name,
    seconds: result.duration,
    requests: all.length,
    perSecond: all.length / result.duration,
    p50: percentile(all, 0.5),
    p95: percentile(all, 0.95),
    p99: percentile(all, 0.99),
    max: all[all.length - 1] ?? 0,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    kinds,
  };
  printRun(run);
  return run;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] as number;
}

function printRun(run: LoadRun): void {
  console.log('');
  console.log(
    `${run.name}: ${run.requests} requests in ${run.seconds.toFixed(1)} s → ${run.perSecond.toFixed(0)} req/s; ` +
      `p50 ${run.p50.toFixed(1)} ms, p95 ${run.p95.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, max ${run.max.toFixed(1)} ms; ` +
      `non-2xx ${run.non2xx}, errors ${run.errors}, timeouts ${run.timeouts}`,
  );
  if (run.kinds.size < 2) return;
  const header = ['request', 'n', 'share', 'p50 ms', 'p95 ms', 'p99 ms', 'statuses'];
  const body = [...run.kinds.entries()].map(([kind, stats]) => {
    const sorted = [...stats.latencies].sort((a, b) => a - b);
    return [
      kind,
      String(sorted.length),
      `${((100 * sorted.length) / Math.max(1, run.requests)).toFixed(0)} %`,
      percentile(sorted, 0.5).toFixed(1),
      percentile(sorted, 0.95).toFixed(1),
      percentile(sorted, 0.99).toFixed(1),
      [...stats.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' '),
    ];
  });
  printTable(header, body);
}

function printTable(header: readonly string[], body: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cells of body) console.log(line(cells));
}

/** Exactly one lock per enrollment, one ledger entry per lock, no failed job. */
async function checkInvariants(platform: Platform, expectLocked: readonly string[]): Promise<string[]> {
  const { db, trialId } = platform;
  const problems: string[] = [];
  const one = async (sql: string, params: unknown[] = [trialId]): Promise<number> =>
    Number((await db.query<{ n: number }>(sql, params)).rows[0]?.n);
  const locks = await one('SELECT count(*)::int AS n FROM prediction_lock WHERE trial_id = $1');
  const entries = await one(
    `SELECT count(*)::int AS n FROM ledger_entry WHERE trial_id = $1 AND kind = 'prediction-lock'`,
  );
  const duplicated = await one(
    `SELECT count(*)::int AS n FROM (SELECT enrollment_id FROM prediction_lock WHERE trial_id = $1
       GROUP BY enrollment_id HAVING count(*) > 1) d`,
  );
  const withoutEntry = await one(
    `SELECT count(*)::int AS n FROM prediction_lock l LEFT JOIN ledger_entry e
       ON e.trial_id = l.trial_id AND e.leaf_index = l.leaf_index AND e.kind = 'prediction-lock'
       AND e.subject_id = (SELECT subject_id FROM enrollment WHERE id = l.enrollment_id)
      WHERE l.trial_id = $1 AND e.leaf_index IS NULL`,
  );
  const entriesWithoutLock = await one(
    `SELECT count(*)::int AS n FROM ledger_entry e LEFT JOIN prediction_lock l
       ON l.trial_id = e.trial_id AND l.leaf_index = e.leaf_index
      WHERE e.trial_id = $1 AND e.kind = 'prediction-lock' AND l.id IS NULL`,
  );
  const ids = expectLocked.map((subject) => platform.enrollments.get(subject) as string);
  const lockedExpected = await one(
    'SELECT count(DISTINCT enrollment_id)::int AS n FROM prediction_lock WHERE enrollment_id = ANY($1::uuid[])',
    [ids],
  );
  const failedJobs = await one(
    `SELECT count(*)::int AS n FROM sync_job WHERE trial_id = $1 AND status = 'failed'`,
  );
  const unfinishedJobs = await one(
    `SELECT count(*)::int AS n FROM sync_job WHERE trial_id = $1 AND status IN ('queued', 'running')`,
  );
  const lockJobs = await one(
    `SELECT count(*)::int AS n FROM sync_job WHERE trial_id = $1 AND kind = 'prediction-lock'`,
  );
  console.log('');
  console.log(
    `check: ${locks} locks, ${entries} lock entries in the ledger, ${lockJobs} lock jobs ` +
      `(${failedJobs} failed, ${unfinishedJobs} unfinished); ${lockedExpected} of ${ids.length} requested subjects locked`,
  );
  if (locks !== entries) problems.push(`${locks} locks but ${entries} lock entries in the ledger`);
  if (duplicated > 0) problems.push(`${duplicated} enrollments with more than one lock`);
  if (withoutEntry > 0) problems.push(`${withoutEntry} locks without their ledger entry`);
  if (entriesWithoutLock > 0) problems.push(`${entriesWithoutLock} lock entries without a lock`);
  if (lockedExpected !== ids.length)
    problems.push(`${ids.length - lockedExpected} requested subjects not locked`);
  if (failedJobs > 0) problems.push(`${failedJobs} jobs failed`);
  if (unfinishedJobs > 0) problems.push(`${unfinishedJobs} jobs unfinished`);
  return problems;
}

function summarize(
  options: Options,
  lockRuns: readonly LockRun[],
  reference: LoadRun,
  saturated: LoadRun,
  paced: LoadRun,
  problems: string[],
): number {
  const [one, two] = lockRuns as [LockRun, LockRun];
  for (const run of [reference, saturated, paced]) {
    const failures = run.non2xx + run.errors + run.timeouts;
    if (failures > 0) problems.push(`${run.name}: ${failures} failed requests (non-2xx, errors, timeouts)`);
  }
  const pacedOk =
    paced.perSecond >= 0.98 * options.rate &&
    paced.p99 < TARGET_P99_MS &&
    paced.non2xx + paced.errors + paced.timeouts === 0;
  const saturatedOk = saturated.perSecond >= TARGET_RATE && saturated.p99 < TARGET_P99_MS;
  console.log('');
  printTable(
    ['figure', 'value', 'reference (same run)', 'ratio'],
    [
      [
        'mixed req/s, closed loop',
        saturated.perSecond.toFixed(0),
        `${reference.perSecond.toFixed(0)} (GET /auth/me)`,
        (saturated.perSecond / reference.perSecond).toFixed(2),
      ],
      [
        'mixed p99 ms, closed loop',
        saturated.p99.toFixed(1),
        `${reference.p99.toFixed(1)} (GET /auth/me)`,
        (saturated.p99 / reference.p99).toFixed(2),
      ],
      [`mixed p99 ms at ${options.rate} req/s`, paced.p99.toFixed(1), '-', '-'],
      ['locks/s, 1 worker', one.perSecond.toFixed(1), '-', '-'],
      [
        'locks/s, 2 workers',
        two.perSecond.toFixed(1),
        `${one.perSecond.toFixed(1)} (1 worker)`,
        (two.perSecond / one.perSecond).toFixed(2),
      ],
    ],
  );
  console.log('');
  console.log(
    `${saturatedOk ? 'PASS' : 'MISS'}  closed loop ≥ ${TARGET_RATE} req/s with p99 < ${TARGET_P99_MS} ms: ` +
      `${saturated.perSecond.toFixed(0)} req/s, p99 ${saturated.p99.toFixed(1)} ms`,
  );
  console.log(
    `${pacedOk ? 'PASS' : 'MISS'}  paced at ${options.rate} req/s: ${paced.perSecond.toFixed(0)} req/s achieved, ` +
      `p99 ${paced.p99.toFixed(1)} ms, ${paced.non2xx + paced.errors + paced.timeouts} failed`,
  );
  for (const problem of problems) console.log(`FAIL  ${problem}`);
  if (problems.length > 0) console.log('INVALID: the figures above do not count');

  const valid = problems.length === 0;
  reportFigure({
    bench: BENCH,
    figure: 'mixed API traffic req/s, closed loop (higher is better)',
    value: saturated.perSecond,
    unit: 'req/s',
    reference: { name: 'GET /auth/me req/s, same connections', value: reference.perSecond, unit: 'req/s' },
    target: `≥ ${TARGET_RATE} req/s with p99 < ${TARGET_P99_MS} ms, 0 errors`,
    pass: valid && saturatedOk,
  });
  reportFigure({
    bench: BENCH,
    figure: 'mixed API traffic p99 ms, closed loop (lower is better)',
    value: saturated.p99,
    unit: 'ms',
    reference: { name: 'GET /auth/me p99, same connections', value: reference.p99, unit: 'ms' },
    target: `< ${TARGET_P99_MS} ms`,
    pass: valid && saturated.p99 < TARGET_P99_MS,
  });
  reportFigure({
    bench: BENCH,
    figure: `mixed API traffic p99 ms, paced at ${options.rate} req/s (lower is better)`,
    value: paced.p99,
    unit: 'ms',
    reference: null,
    target: `< ${TARGET_P99_MS} ms at ${options.rate} req/s, 0 errors`,
    pass: valid && pacedOk,
  });
  reportFigure({
    bench: BENCH,
    figure: 'locks/s with 2 worker processes (higher is better)',
    value: two.perSecond,
    unit: 'locks/s',
    reference: { name: 'locks/s with 1 worker process', value: one.perSecond, unit: 'locks/s' },
    target: null,
    pass: null,
  });
  if (!valid) return 1;
  if (options.ci) return 0;
  return saturatedOk && pacedOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
