import type { JobContext } from './queue-driver';

/** Background work of one kind, registered by the module that owns it and run by whoever consumes jobs. */
export interface JobProcessor {
  readonly jobName: string;
  /** Run on a fixed period as well as on demand. */
  readonly every?: { readonly ms: number; readonly payload: unknown };
  process(payload: unknown, context: JobContext): Promise<void>;
}
