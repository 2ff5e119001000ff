import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { JobProcessor } from './job-processor';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver';

export const JOB_CONSUMER = Symbol('JOB_CONSUMER');

/**
 * Collects the processors of every module. Which process runs them: the worker always; the API
 * only when jobs run in process (no REDIS_URL), since then there is no separate worker.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private readonly processors = new Map<string, JobProcessor>();

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

  names(): string[] {
    return [...this.processors.keys()].sort();
  }

  get consumes(): boolean {
    return this.role === 'worker' || (this.role === 'api' && this.config.queue.kind === 'in-process');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.consumes) return;
    for (const processor of this.processors.values()) {
      this.driver.register(processor.jobName, (payload, context) => processor.process(payload, context));
      if (processor.every)
        await this.driver.schedule(processor.jobName, processor.every.ms, processor.every.payload);
    }
    this.logger.log(`consuming jobs: ${this.names().join(', ') || 'none'}`);
  }
}
