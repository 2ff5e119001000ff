import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, JobRegistry, loadConfig } from '@prospect/platform';
import { Logger } from 'nestjs-pino';
import { ProspectModule } from '@prospect/composition';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queue.kind !== 'bullmq') {
    // Without Redis the API runs jobs itself; a second consumer would have nothing to share work through.
    process.stderr.write('The worker needs REDIS_URL: without it, jobs run inside the API process.\n');
    process.exit(78);
  }
  const context = await NestFactory.createApplicationContext(ProspectModule.forRoot(config, 'worker'), {
    bufferLogs: true,
  });
  context.useLogger(context.get(Logger));
  context.enableShutdownHooks();
  process.stdout.write(`Prospect worker consuming jobs: ${context.get(JobRegistry).names().join(', ')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(
    `Prospect worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
