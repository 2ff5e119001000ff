import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver';

const logger = new Logger('Queue');

function logFailure(failure: { name: string; jobId: string; attempt: number; error: unknown }): void {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  logger.warn(
    { job: failure.name, jobId: failure.jobId, attempt: failure.attempt, error: message },
    'job attempt failed',
  );
}

export function createQueueDriver(
  queue: AppConfig['queue'],
  jobs: Partial<AppConfig['jobs']> = {},
): QueueDriver {
  return queue.kind === 'bullmq'
    ? new BullMqQueueDriver(queue.redisUrl, {
        prefix: queue.prefix,
        onFailure: logFailure,
        ...(jobs.stalledAfterMs === undefined ? {} : { stalledAfterMs: jobs.stalledAfterMs }),
      })
    : new InProcessQueueDriver(logFailure);
}

@Global()
@Module({
  providers: [
    {
      provide: QUEUE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createQueueDriver(config.queue, config.jobs),
    },
  ],
  exports: [QUEUE_DRIVER],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
