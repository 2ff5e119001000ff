import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type JobHandler,
  type JobOptions,
  type QueueDriver,
  type QueueHealth,
} from './queue-driver';

export const QUEUE_NAME = 'prospect';

/**
 * BullMQ on Redis: jobs survive restarts of the API and workers; a job id is accepted once while
 * BullMQ keeps the job (completed jobs are kept for a day, so retried enqueues stay idempotent).
 */
export class BullMqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly connection: IORedis;
  private readonly queue: Queue;
  private readonly handlers = new Map<string, JobHandler>();
  private worker: Worker | null = null;
  /** BullMQ does not close connections it was given: this driver owns and closes both. */
  private workerConnection: IORedis | null = null;

  private get prefix(): string {
    return this.options.prefix ?? 'bull';
  }

  constructor(
    redisUrl: string,
    private readonly options: {
      concurrency?: number;
      /** Redis key prefix; separate deployments (or test runs) sharing one Redis use different prefixes. */
      prefix?: string;
      onFailure?: (failure: { name: string; jobId: string; attempt: number; error: unknown }) => void;
    } = {},
  ) {
    // maxRetriesPerRequest: null is what BullMQ requires for blocking worker connections.
    this.connection = new IORedis(redisUrl, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      lazyConnect: true,
    });
    this.connection.on('error', () => undefined); // reported through health(), not as an unhandled event
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: this.prefix });
    this.queue.on('error', () => undefined);
  }

  async enqueue(name: string, payload: unknown, options: JobOptions = {}): Promise<{ jobId: string }> {
    const jobId = options.jobId ?? randomUUID();
    await this.queue.add(name, payload, {
      jobId,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { jobId };
  }

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
    if (this.worker) return;
    this.workerConnection = this.connection.duplicate();
    this.workerConnection.on('error', () => undefined);
    this.worker = new Worker(QUEUE_NAME, (job: Job) => this.process(job), {
      connection: this.workerConnection,
      concurrency: this.options.concurrency ?? 2,
      prefix: this.prefix,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) => {
      if (job)
        this.options.onFailure?.({ name: job.name, jobId: job.id ?? '', attempt: job.attemptsMade, error });
    });
  }

  async schedule(name: string, everyMs: number, payload: unknown): Promise<void> {
    // One scheduler per job name in Redis: every worker may upsert it, jobs are still made once per period.
    await this.queue.upsertJobScheduler(
      name,
      { every: everyMs },
      { name, data: payload, opts: { removeOnComplete: { age: 24 * 3600 } } },
    );
  }

  async health(): Promise<QueueHealth> {
    try {
      const reply = await withTimeout(this.connection.ping(), 2000);
      return reply === 'PONG'
        ? { status: 'up', driver: this.kind }
        : { status: 'down', driver: this.kind, message: `unexpected reply ${reply}` };
    } catch (error) {
      return {
        status: 'down',
        driver: this.kind,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.workerConnection?.disconnect();
    await this.queue.close();
    this.connection.disconnect();
  }

  private async process(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    // A job this process cannot run fails visibly instead of being silently dropped.
    if (!handler) throw new Error(`no handler registered for job ${job.name}`);
    await handler(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
