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
  QueueUnavailableError,
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
      /** A running job whose worker stops renewing its lock (killed) is run again after this long. */
      stalledAfterMs?: number;
      /** How long `enqueue` and `has` wait for Redis before giving up. */
      answerWithinMs?: number;
      onFailure?: (failure: { name: string; jobId: string; attempt: number; error: unknown }) => void;
    } = {},
  ) {
    // The producer fails fast while Redis is away (no offline queue): the job stays queued in the
    // database and the relay hands it over later, instead of requests hanging on a dead socket.
    this.connection = new IORedis(redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 5000,
    });
    this.connection.on('error', () => undefined); // reported through health(), not as an unhandled event
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: this.prefix });
    this.queue.on('error', () => undefined);
  }

  private get answerWithinMs(): number {
    return this.options.answerWithinMs ?? 3000;
  }

  /** Waits (bounded) for the producer connection: commands sent before it is ready fail at once. */
  private async ready(): Promise<void> {
    if (this.connection.status === 'ready') return;
    if (this.connection.status === 'end') throw new Error('the connection to Redis is closed');
    const ms = this.answerWithinMs;
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connection.off('ready', onReady);
        reject(new Error(`Redis not ready within ${ms} ms`));
      }, ms);
      this.connection.once('ready', onReady);
    });
  }

  async enqueue(name: string, payload: unknown, options: JobOptions = {}): Promise<{ jobId: string }> {
    const jobId = options.jobId ?? randomUUID();
    try {
      await this.ready();
      await withTimeout(
        this.queue.add(name, payload, {
          jobId,
          attempts: options.attempts ?? DEFAULT_ATTEMPTS,
          backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        }),
        this.answerWithinMs,
      );
    } catch (error) {
      throw new QueueUnavailableError(`the job queue did not take job ${name}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return { jobId };
  }

  async has(jobId: string): Promise<boolean> {
    try {
      await this.ready();
      return (await withTimeout(this.queue.getJobState(jobId), this.answerWithinMs)) !== 'unknown';
    } catch (error) {
      throw new QueueUnavailableError(`the job queue did not answer: ${messageOf(error)}`, { cause: error });
    }
  }

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
    if (this.worker) return;
    // Workers wait for Redis to come back instead: blocking reads need these two settings.
    this.workerConnection = this.connection.duplicate({
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    });
    this.workerConnection.on('error', () => undefined);
    this.worker = new Worker(QUEUE_NAME, (job: Job) => this.process(job), {
      connection: this.workerConnection,
      concurrency: this.options.concurrency ?? 2,
      prefix: this.prefix,
      lockDuration: this.options.stalledAfterMs ?? 30_000,
      stalledInterval: this.options.stalledAfterMs ?? 30_000,
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
      await this.ready();
      const reply = await withTimeout(this.connection.ping(), 2000);
      return reply === 'PONG'
        ? { status: 'up', driver: this.kind }
        : { status: 'down', driver: this.kind, message: `unexpected reply ${reply}` };
    } catch (error) {
      return { status: 'down', driver: this.kind, message: messageOf(error) };
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
