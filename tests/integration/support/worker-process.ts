import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '..', '..', '..');
export const WORKER_MAIN = join(WORKSPACE, 'dist', 'apps', 'worker', 'main.js');

/** A built worker process (`dist/apps/worker/main.js`), as deployed, with its output kept for failures. */
export class WorkerProcess {
  private readonly output: string[] = [];
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts a worker and waits until it consumes jobs. */
  static async start(env: Record<string, string>, nodeOptions: string[] = []): Promise<WorkerProcess> {
    if (!existsSync(WORKER_MAIN))
      throw new Error(
        `${WORKER_MAIN} is missing: build first (npx nx build worker), or run npm run test:faults`,
      );
    const child = spawn(process.execPath, [...nodeOptions, '--experimental-websocket', WORKER_MAIN], {
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await worker.waitFor(/consuming jobs/, 60_000);
    return worker;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get log(): string {
    return this.output.join('');
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const started = Date.now();
    while (!pattern.test(this.log)) {
      if (this.child.exitCode !== null)
        throw new Error(`the worker exited (${this.child.exitCode}) before ${pattern}:\n${this.log}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`the worker did not print ${pattern} within ${timeoutMs} ms:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: no shutdown hooks, no lock release; what a crash or an OOM kill does. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait: the worker's graceful shutdown. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
