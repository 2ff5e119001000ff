import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { JobProcessor } from './job-processor';
import { relayPendingJobs, type JobOutbox } from './job-relay';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver';

export const JOB_CONSUMER = Symbol('JOB_CONSUMER');

/**
 * Collects the processors of every module. Which process runs them: the worker always; the API
 * only when jobs run in process (no REDIS_URL), since then there is no separate worker.
 *
 * The API and the workers also run the relay: every `QUEUE_RELAY_SECONDS` it hands the queue each
 * job the database still owes (queued while Redis was down, lost when Redis restarted empty, or
 * left by a process that died before enqueueing), and restores the periodic schedules.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly processors = new Map<string, JobProcessor>();
  private readonly outboxes: JobOutbox[] = [];
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<void> | null = null;
  private queueWasUnavailable = false;

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_CONSUMER) private readonly role: 'api' | 'worker' | 'none',
  ) {}

  add(processor: JobProcessor): void {
    if (this.processors.has(processor.jobName))
      throw new Error(`two processors for job ${processor.jobName}`);
    this.processors.set(processor.jobName, processor);
  }

  /** A table of accepted jobs the relay keeps handing to the queue until they have run. */
  addOutbox(outbox: JobOutbox): void {
    this.outboxes.push(outbox);
  }

  names(): string[] {
    return [...this.processors.keys()].sort();
  }

  get consumes(): boolean {
    return this.role === 'worker' || (this.role === 'api' && this.config.queue.kind === 'in-process');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumes) {
      for (const processor of this.processors.values())
        this.driver.register(processor.jobName, (payload, context) => processor.process(payload, context));
      await this.schedule();
      this.logger.log(`consuming jobs: ${this.names().join(', ') || 'none'}`);
    }
    if (this.role === 'none') return;
    this.relayTimer = setInterval(() => void this.relayOnce(), this.config.jobs.relayEveryMs);
    this.relayTimer.unref();
    void this.relayOnce();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.relayTimer = null;
    await this.relaying;
  }

  /** One pass of the relay (also run on a timer); concurrent calls share the pass in progress. */
  relayOnce(): Promise<void> {
    this.relaying ??= this.relay().finally(() => {
      this.relaying = null;
    });
    return this.relaying;
  }

  private async relay(): Promise<void> {
    try {
      const outcome = await relayPendingJobs(this.driver, this.outboxes);
      if (outcome.handedOver.length > 0)
        this.logger.log(
          { jobIds: outcome.handedOver },
          `relay handed ${outcome.handedOver.length} job(s) to the queue`,
        );
      if (outcome.status === 'queue-unavailable') {
        if (!this.queueWasUnavailable)
          this.logger.warn(`job queue unavailable; accepted jobs wait in the database: ${outcome.message}`);
        this.queueWasUnavailable = true;
        return;
      }
      if (this.queueWasUnavailable) this.logger.log('job queue available again');
      this.queueWasUnavailable = false;
      // A Redis that restarted empty has forgotten the schedules too.
      if (this.consumes && this.driver.kind === 'bullmq') await this.schedule();
    } catch (error) {
      this.logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        'job relay failed; it tries again on its next turn',
      );
    }
  }

  private async schedule(): Promise<void> {
    for (const processor of this.processors.values())
      if (processor.every)
        await this.driver.schedule(processor.jobName, processor.every.ms, processor.every.payload);
  }
}
