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
import { createTestDatabase, testConfig } from '@prospect/testing';
import { DataSource } from 'typeorm';
import { ProspectModule } from '@prospect/composition';
import type { Patient } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { EnrollmentService, FHIR_WRITE_BACK_JOB } from '@prospect/enrollment';
import { FhirGateway, startFhirSandbox, type FhirSandbox } from '@prospect/fhir-server';
import { exampleTrialDefinitionJson } from '@prospect/domain';
import { UsersService, SYSTEM_ACTOR, type Actor } from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { generateCohort, withStableIds } from '@prospect/synth';

interface WorkerUnderTest {
  context: INestApplicationContext;
  fhir: FhirSandbox;
  close(): Promise<void>;
}

/**
 * A worker as deployed: its own database (migrated as `prospect migrate` would, except an in-memory
 * PGlite, which exists only inside the worker's data source), a FHIR server reached over HTTP (a
 * sandbox here), and jobs on BullMQ when REDIS_URL is set (CI), otherwise in process.
 */
async function startWorker(prefix: string): Promise<WorkerUnderTest> {
  const fhir = await startFhirSandbox();
  const database = await createTestDatabase();
  if (database.engine === 'postgresql') {
    const migrator = await createProspectDataSource(database.database).initialize();
    await migrateUp(migrator);
    await migrator.destroy();
  }
  const redisUrl = process.env['REDIS_URL'];
  const config: AppConfig = {
    ...testConfig(database.database),
    migrateOnStart: database.engine === 'pglite',
    fhir: { baseUrl: fhir.baseUrl, bearerTokenFile: null, basicAuthFile: null },
    queue: redisUrl
      ? { kind: 'bullmq', redisUrl, prefix: `${prefix}-${randomBytes(4).toString('hex')}` }
      : { kind: 'in-process' },
  };
  const context = await NestFactory.createApplicationContext(ProspectModule.forRoot(config, 'worker'), {
    logger: false,
    abortOnError: false,
  });
  await context.init();
  return {
    context,
    fhir,
    close: async () => {
      await context.close();
      await fhir.close();
      await database.drop();
    },
  };
}

/** The worker with jobs on BullMQ when REDIS_URL is set (CI), otherwise in process. */
describe('worker', () => {
  let worker: WorkerUnderTest;
  let context: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    worker = await startWorker('worker-test');
    context = worker.context;
    dataSource = context.get(DataSource);
  }, 60_000);

  afterAll(() => worker?.close());

  it('registers every job processor of every module', () => {
    const registry = context.get(JobRegistry);
    expect(registry.consumes).toBe(true);
    expect(registry.names()).toEqual([
      'analyses.run',
      SESSION_PURGE_JOB,
      'economics.evaluate',
      'enrollment.baseline-sync',
      'enrollment.fhir-write-back',
      'imaging.baseline-prediction',
      'locks.fhir-write-back',
      'locks.ledger-checkpoint',
      'locks.prediction-lock',
      'outcomes.sync',
      'submission.build-package',
    ]);
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

/** Waits for a condition that jobs running elsewhere (BullMQ) or in process make true. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('enrollment jobs on the worker', () => {
  let worker: WorkerUnderTest;
  let context: INestApplicationContext;
  let fhir: FhirSandbox;

  beforeAll(async () => {
    worker = await startWorker('worker-jobs');
    context = worker.context;
    fhir = worker.fhir;
  }, 60_000);

  afterAll(() => worker?.close());

  it('writes back each enrollment once and re-syncs idempotently, whichever queue driver runs the jobs', async () => {
    const users = context.get(UsersService);
    const { user } = await users.create(SYSTEM_ACTOR, {
      username: 'worker.admin',
      displayName: 'Worker Admin',
      isAdmin: true,
      password: 'worker-admin-pass-1',
    });
    const actor: Actor = { userId: user.id, username: user.username, requestId: null };
    const trials = context.get(TrialsService);
    const trial = await trials.create(actor, exampleTrialDefinitionJson('myeloma'));
    await trials.approve(actor, trial.id, 1, 'worker-admin-pass-1');
    const cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 2,
      seed: 'worker-jobs',
      mess: { missingCovariate: 0, imagingOutsideWindow: 0, lateTreatmentRecord: 0, duplicateStudy: 0 },
    });
    const references: string[] = [];
    for (const bundle of cohort.baselineBundles.map(withStableIds)) {
      await fhir.load(bundle);
      references.push(
        `Patient/${(bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as Patient).id ?? ''}`,
      );
    }
    const enrollment = context.get(EnrollmentService);
    const ref = { trialId: trial.id, trialCode: trial.code };
    for (const reference of references)
      await enrollment.enroll(actor, ref, { patientReference: reference, siteCode: 'HD01' });

    const gateway = new FhirGateway({ baseUrl: fhir.baseUrl });
    const subjects = await eventually(
      () => gateway.searchResources('ResearchSubject', {}),
      (found) => found.length === 2,
    );
    expect(subjects).toHaveLength(2);
    // The same write-back job delivered again (a retried or duplicated message) writes nothing new.
    const driver = context.get<QueueDriver>(QUEUE_DRIVER, { strict: false });
    const [job] = (await context
      .get(DataSource)
      .query(`SELECT id FROM sync_job WHERE kind = 'fhir-write-back' LIMIT 1`)) as [{ id: string }];
    await driver.enqueue(FHIR_WRITE_BACK_JOB, { syncJobId: job.id }, { jobId: `${job.id}-again` });
    if (driver instanceof InProcessQueueDriver) await driver.drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await gateway.searchResources('ResearchSubject', {})).toHaveLength(2);
    expect(await gateway.searchResources('ResearchStudy', {})).toHaveLength(1);

    // Two syncs in a row: the first and the second find nothing changed; no new link versions.
    for (let run = 0; run < 2; run++) {
      const requested = await enrollment.requestSync(actor, ref, null);
      const finished = await eventually(
        () => enrollment.job(ref, requested.id),
        (view) => view.status === 'succeeded' || view.status === 'failed',
      );
      expect(finished).toMatchObject({
        status: 'succeeded',
        result: { enrollments: 2, changed: 0, unchanged: 2 },
      });
    }
    const [{ versions }] = (await context
      .get(DataSource)
      .query('SELECT count(*)::int AS versions FROM baseline_link')) as [{ versions: number }];
    expect(versions).toBe(2);
  }, 60_000);
});
