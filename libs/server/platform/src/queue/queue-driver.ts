/** Options for one job. A job id makes enqueueing idempotent: the same id is accepted once. */
export interface JobOptions {
  readonly jobId?: string;
  readonly attempts?: number;
  /** First retry delay; doubled on each further attempt. */
  readonly backoffMs?: number;
}

export interface JobContext {
  readonly jobId: string;
  /** 1 for the first run. */
  readonly attempt: number;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/**
 * The queue could not take a job (Redis down or not answering). The job's database record stays
 * queued: the relay hands it to the queue when the queue is back, so an accepted job is not lost.
 */
export class QueueUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

export interface QueueHealth {
  readonly status: 'up' | 'down';
  readonly driver: 'in-process' | 'bullmq';
  readonly message?: string;
}

/**
 * Where background work goes: BullMQ on Redis when `REDIS_URL` is set (any number of workers),
 * in process otherwise. Callers see one interface, so tests run jobs in process.
 */
export interface QueueDriver {
  readonly kind: 'in-process' | 'bullmq';
  /** @throws {QueueUnavailableError} when the queue does not take the job within a few seconds. */
  enqueue(name: string, payload: unknown, options?: JobOptions): Promise<{ jobId: string }>;
  /**
   * Whether the queue holds this job in any state (waiting, running, delayed, done or failed). False
   * for a job it never took or lost (Redis keeps nothing on disk here): the relay re-enqueues those.
   */
  has(jobId: string): Promise<boolean>;
  /** Consume jobs of this name in this process. */
  register(name: string, handler: JobHandler): void;
  /** Enqueue `name` every `everyMs` (once per period across all processes sharing the queue). */
  schedule(name: string, everyMs: number, payload: unknown): Promise<void>;
  health(): Promise<QueueHealth>;
  close(): Promise<void>;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
