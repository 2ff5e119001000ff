import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createProspectDataSource } from '@prospect/migrations';
import {
  InProcessQueueDriver,
  JobRegistry,
  migrateUp,
  QUEUE_DRIVER,
  SESSION_PURGE_JOB,
  type AppConfig,
  type QueueDriver,
} from '@prospect/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@prospect/testing';
import { DataSource } from 'typeorm';
import { ProspectModule } from '@prospect/composition';

/** The worker with jobs on BullMQ when REDIS_URL is set (CI), otherwise in process. */
describe('worker', () => {
  let database: TestDatabase;
  let context: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.engine === 'postgresql') {
      // A deployment's worker waits for a migrated schema: migrate as `prospect migrate` would.
      const migrator = await createProspectDataSource(database.database).initialize();
      await migrateUp(migrator);
      await migrator.destroy();
    }
    const redisUrl = process.env['REDIS_URL'];
    const base = testConfig(database.database);
    const config: AppConfig = {
      ...base,
      // An in-memory PGlite exists only inside the worker's own data source.
      migrateOnStart: database.engine === 'pglite',
      queue: redisUrl
        ? { kind: 'bullmq', redisUrl, prefix: `worker-test-${randomBytes(4).toString('hex')}` }
        : { kind: 'in-process' },
    };
    context = await NestFactory.createApplicationContext(ProspectModule.forRoot(config, 'worker'), {
      logger: false,
      abortOnError: false,
    });
    await context.init();
    dataSource = context.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  it('registers every job processor of every module', () => {
    const registry = context.get(JobRegistry);
    expect(registry.consumes).toBe(true);
    expect(registry.names()).toEqual([SESSION_PURGE_JOB]);
  });

  it('purges sessions that ended more than the retention period ago, and keeps the rest', async () => {
    await dataSource.query(
      `INSERT INTO app_user (id, username, display_name, password_hash) VALUES ('00000000-0000-4000-8000-0000000000aa', 'worker.user', 'W', 'x')`,
    );
    await dataSource.query(`
      INSERT INTO user_session (user_id, refresh_token_sha256, expires_at, revoked_at, revoked_reason) VALUES
        ('00000000-0000-4000-8000-0000000000aa', repeat('1', 64), now() - interval '40 days', NULL, NULL),
        ('00000000-0000-4000-8000-0000000000aa', repeat('2', 64), now() + interval '1 day', now() - interval '31 days', 'logout'),
        ('00000000-0000-4000-8000-0000000000aa', repeat('3', 64), now() - interval '2 days', NULL, NULL),
        ('00000000-0000-4000-8000-0000000000aa', repeat('4', 64), now() + interval '1 day', NULL, NULL)`);
    const driver = context.get<QueueDriver>(QUEUE_DRIVER, { strict: false });
    await driver.enqueue(
      SESSION_PURGE_JOB,
      { retentionDays: 30 },
      { jobId: `purge-${randomBytes(4).toString('hex')}` },
    );
    if (driver instanceof InProcessQueueDriver) await driver.drain();
    const deadline = Date.now() + 10_000;
    let remaining: { refresh_token_sha256: string }[] = [];
    while (Date.now() < deadline) {
      remaining = await dataSource.query(
        'SELECT refresh_token_sha256 FROM user_session ORDER BY refresh_token_sha256',
      );
      if (remaining.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(remaining.map((row) => row.refresh_token_sha256[0])).toEqual(['3', '4']);
  });
});
