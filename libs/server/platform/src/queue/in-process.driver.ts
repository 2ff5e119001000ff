import { randomUUID } from 'node:crypto';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type JobHandler,
  type JobOptions,
  type QueueDriver,
  type QueueHealth,
} from './queue-driver';

interface PendingJob {
  readonly name: string;
  readonly payload: unknown;
  readonly jobId: string;
  readonly attempts: number;
  readonly backoffMs: number;
}

export interface JobFailure {
  readonly name: string;
  readonly jobId: string;
  readonly attempt: number;
  readonly error: unknown;
}

/**
 * Runs jobs in this process, one at a time, in order, with the same retry and idempotency rules
 * as the BullMQ driver. Jobs enqueued before their handler is registered wait for it.
 */
export class InProcessQueueDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly waiting: PendingJob[] = [];
  private readonly seen = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Wakes jobs waiting out a retry delay, so closing does not wait for backoffs. */
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly onFailure: (failure: JobFailure) => void = () => undefined) {}

  async enqueue(name: string, payload: unknown, options: JobOptions = {}): Promise<{ jobId: string }> {
    if (this.closed) throw new Error('queue is closed');
    const jobId = options.jobId ?? randomUUID();
    if (this.seen.has(jobId)) return { jobId };
    this.seen.add(jobId);
    this.waiting.push({
      name,
      payload,
      jobId,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    });
    this.kick();
    return { jobId };
  }

  async has(jobId: string): Promise<boolean> {
    return this.seen.has(jobId);
  }

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
    this.kick();
  }

  async schedule(name: string, everyMs: number, payload: unknown): Promise<void> {
    const timer = setInterval(() => {
      if (!this.closed)
        void this.enqueue(name, payload, { jobId: `${name}@${Math.floor(Date.now() / everyMs)}` });
    }, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  async health(): Promise<QueueHealth> {
    return { status: this.closed ? 'down' : 'up', driver: this.kind };
  }

  /** Resolves when every runnable job has finished (tests and graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const wake of this.sleepers) wake();
    await this.drain();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.runAll().finally(() => {
      this.running = null;
      // Work may have arrived after the loop's last look, before this callback ran.
      if (this.waiting.some((job) => this.handlers.has(job.name))) this.kick();
    });
  }

  private async runAll(): Promise<void> {
    for (;;) {
      const index = this.waiting.findIndex((job) => this.handlers.has(job.name));
      if (index < 0) return;
      const [job] = this.waiting.splice(index, 1);
      if (job) await this.run(job);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async run(job: PendingJob): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) return;
    for (let attempt = 1; attempt <= job.attempts; attempt++) {
      try {
        await handler(job.payload, { jobId: job.jobId, attempt });
        return;
      } catch (error) {
        this.onFailure({ name: job.name, jobId: job.jobId, attempt, error });
        // A closing process stops retrying; with BullMQ the job would wait in Redis instead.
        if (this.closed) return;
        if (attempt < job.attempts) await this.sleep(job.backoffMs * 2 ** (attempt - 1));
        if (this.closed) return;
      }
    }
  }
}
