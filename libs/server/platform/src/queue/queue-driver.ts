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
  enqueue(name: string, payload: unknown, options?: JobOptions): Promise<{ jobId: string }>;
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
