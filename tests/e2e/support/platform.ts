import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const WORKSPACE = resolve(__dirname, '../../..');
export const RUN_DIR = join(WORKSPACE, 'dist/e2e/run');
export const ARTIFACTS = join(WORKSPACE, 'dist/e2e/artifacts');
const STATE_FILE = join(RUN_DIR, 'state.json');
const CLI = join(WORKSPACE, 'dist/apps/cli/main.js');
const API = join(WORKSPACE, 'dist/apps/api/main.js');

/** What the global set-up started, for the specs and the teardown. */
export interface E2eState {
  readonly baseURL: string;
  readonly fhirBaseUrl: string;
  readonly hospitalDir: string;
  readonly trialCode: string;
  readonly bootstrapPassword: string;
  readonly pids: readonly number[];
}

export interface Account {
  readonly username: string;
  readonly password: string;
  readonly role: string;
}

export function readState(): E2eState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}

export function writeState(state: E2eState): void {
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

const ACCOUNTS_FILE = join(RUN_DIR, 'accounts.json');

/** Accounts made through the browser by earlier specs (username → password). */
export function readAccounts(): Record<string, Account> {
  return existsSync(ACCOUNTS_FILE)
    ? (JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as Record<string, Account>)
    : {};
}

export function saveAccount(account: Account): void {
  writeFileSync(ACCOUNTS_FILE, JSON.stringify({ ...readAccounts(), [account.username]: account }, null, 2));
}

export function account(username: string): Account {
  const found = readAccounts()[username];
  if (!found) throw new Error(`no account ${username}: the admin spec creates the accounts first`);
  return found;
}

/** The built CLI, synchronously: the hospital's records reaching the FHIR server. */
export function cli(args: readonly string[]): string {
  const result = spawnSync(process.execPath, ['--experimental-websocket', CLI, ...args], {
    cwd: RUN_DIR,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test' },
  });
  if (result.status !== 0) throw new Error(`prospect ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export function requireBuilt(): void {
  for (const file of [CLI, API, join(WORKSPACE, 'dist/apps/web/browser/index.html')]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: build first (npm run e2e builds api, web and cli)`);
  }
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

/** Spawns a long-running process, resolving with it once `ready` matches its output. */
export function startProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  logFile: string,
  timeoutMs = 90_000,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--experimental-websocket', ...args], {
      cwd: RUN_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      writeFileSync(logFile, output);
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => writeFileSync(logFile, (output += more.toString())));
        child.stderr?.on('data', (more: Buffer) => writeFileSync(logFile, (output += more.toString())));
        resolveStart({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

export const PATHS = { CLI, API };
