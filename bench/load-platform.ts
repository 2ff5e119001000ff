/**
 * What bench/load.ts runs against: a scratch PostgreSQL database, a Redis key prefix of its own,
 * the FHIR sandbox and the built API and worker as child processes (as a site runs them), and a
 * small client of the HTTP API that sets a trial up the way its users would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export const WORKSPACE = path.resolve(__dirname, '..');
const DIST = path.join(WORKSPACE, 'dist/apps');
export const BUILT = {
  api: path.join(DIST, 'api/main.js'),
  worker: path.join(DIST, 'worker/main.js'),
  cli: path.join(DIST, 'cli/main.js'),
} as const;

export function requireBuilt(): void {
  const missing = Object.values(BUILT).filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} missing: build first (NX_DAEMON=false npx nx run-many -t build -p api worker cli)`,
    );
}

/** A throw-away database next to `baseUrl`'s, dropped at the end. */
export async function createScratchDatabase(
  baseUrl: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `prospect_load_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Deletes every Redis key under the run's queue prefix. */
export async function dropQueuePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A child process of the run, its output in a log file (not through this process). */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Spawns `node <script> args` with its output in `logFile`, resolving once `ready` holds. */
export async function startChild(
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: () => Promise<boolean>,
  nodeFlags: readonly string[] = [],
  timeoutMs = 120_000,
): Promise<Child> {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--experimental-websocket', ...nodeFlags, script, ...args], {
    cwd: path.dirname(logFile),
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.once('exit', (code, signal) => {
    exited = code ?? (signal ? -1 : null);
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined)
      throw new Error(`${name} exited (${String(exited)}) during start:\n${tail(logFile)}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within ${timeoutMs} ms:\n${tail(logFile)}`);
    }
    await sleep(200);
  }
  return {
    name,
    process: child,
    logFile,
    stop: () =>
      new Promise<void>((done) => {
        if (exited !== undefined || child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the built CLI to completion. */
export function cli(args: readonly string[], cwd: string): string {
  const result = spawnSync(process.execPath, ['--experimental-websocket', BUILT.cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`prospect ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export function tail(file: string, chars = 3000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface JobView {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
}

/** The HTTP API, as a user's script calls it. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call(
    method: 'GET' | 'POST',
    route: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async json<T>(method: 'GET' | 'POST', route: string, token: string | null, body?: unknown): Promise<T> {
    const answer = await this.call(method, route, token, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  async upload<T>(
    route: string,
    token: string,
    files: readonly { field: string; filename: string; bytes: Uint8Array }[],
    fields: Readonly<Record<string, string>> = {},
  ): Promise<T> {
    const form = new FormData();
    for (const file of files) form.append(file.field, new Blob([file.bytes]), file.filename);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await fetch(`${this.baseUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Logs in with a one-time password, sets `chosen`, and returns the access token. */
  async firstLogin(username: string, temporary: string, chosen: string): Promise<string> {
    const { accessToken } = await this.json<{ accessToken: string }>('POST', '/auth/login', null, {
      username,
      password: temporary,
    });
    await this.json('POST', '/auth/password', accessToken, {
      currentPassword: temporary,
      newPassword: chosen,
    });
    return accessToken;
  }

  async finished(trialPath: string, jobId: string, token: string, timeoutMs = 600_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
      const job = await this.json<JobView>('GET', `${trialPath}/jobs/${jobId}`, token);
      if (job.status === 'succeeded') return job;
      if (job.status === 'failed') throw new Error(`job ${jobId} failed: ${job.error ?? 'no reason given'}`);
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
      await sleep(delay);
    }
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index] as T, index);
      }
    }),
  );
}
