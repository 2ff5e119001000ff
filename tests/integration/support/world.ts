import { randomBytes } from 'node:crypto';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { startFhirSandbox, type FhirSandbox } from '@prospect/fhir-server';
import { generateCohort, NO_MESS, withStableIds } from '@prospect/synth';
import { createTestDatabase, testConfig, type TestDatabase } from '@prospect/testing';
import { createHttpApp } from '@prospect/composition';
import { DEFAULT_ATTEMPTS } from '@prospect/platform';
import { DataSource } from 'typeorm';
import {
  ADMIN_PASSWORD,
  bearer,
  enrollWithBaselineImage,
  meanAndAgeModelCard,
  registerTrialWithModel,
  TEST_TRIAL_CODE,
  until,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

export { bearer, until, userWithRoles };

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const DAY_MS = 86_400_000;

export interface WorldOptions {
  /** Redis as the API and workers reach it (e.g. through a proxy); null runs jobs in the API. */
  readonly redisUrl?: string | null;
  /** The database URL the API and workers use, given the real one (e.g. through a proxy). */
  readonly databaseUrl?: (url: string) => string;
  /** The FHIR base URL they use, given the sandbox's (e.g. through a fault server). */
  readonly fhirBaseUrl?: (sandboxUrl: string) => string | Promise<string>;
  readonly env?: Record<string, string>;
}

/** The API in this process, its own PostgreSQL database and queue prefix, and a FHIR sandbox. */
export interface World extends TestApp {
  readonly sandbox: FhirSandbox;
  /** The real database URL, for checks that must not go through a proxy the test cuts. */
  readonly directDatabaseUrl: string;
  /** What a worker process needs to share this world. */
  readonly workerEnv: Record<string, string>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  if (!process.env['DATABASE_URL'])
    throw new Error('the fault tests need PostgreSQL: set DATABASE_URL (npm run test:faults does)');
  const database: TestDatabase = await createTestDatabase('postgresql');
  if (database.database.kind !== 'postgres') throw new Error('expected a PostgreSQL test database');
  const directDatabaseUrl = database.database.url;
  const sandbox = await startFhirSandbox({ port: 0 });
  const redisUrl = options.redisUrl === undefined ? REDIS_URL : options.redisUrl;
  const shared: Record<string, string> = {
    FHIR_BASE_URL: (await options.fhirBaseUrl?.(sandbox.baseUrl)) ?? sandbox.baseUrl,
    QUEUE_PREFIX: `prospect-fault-${randomBytes(4).toString('hex')}`,
    QUEUE_STALLED_SECONDS: '4',
    QUEUE_RELAY_SECONDS: '1',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  };
  const usedDatabaseUrl = options.databaseUrl?.(directDatabaseUrl) ?? directDatabaseUrl;
  const config = testConfig(
    { kind: 'postgres', url: usedDatabaseUrl },
    { BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'silent', ...shared },
  );
  const { app, document } = await createHttpApp(config, { logger: false });
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    document,
    config,
    dataSource: app.get(DataSource),
    database,
    sandbox,
    directDatabaseUrl,
    workerEnv: { ...shared, DATABASE_URL: usedDatabaseUrl, DATA_DIR: config.dataDir },
    close: async () => {
      await app.close();
      await sandbox.close();
      await database.drop();
    },
  };
}

export interface Trial {
  readonly code: string;
  readonly base: string;
  readonly admin: string;
  readonly coordinator: string;
  readonly subjects: readonly string[];
}

/**
 * A registered trial with an approved protocol and `subjects` enrolled patients whose treatment
 * starts tomorrow, each with a baseline image and mask uploaded (nothing predicted or locked).
 */
export async function setUpTrial(world: World, subjects: number, seed: string): Promise<Trial> {
  const { admin, base } = await registerTrialWithModel(world, meanAndAgeModelCard('fault-spec'), {
    intercept: -2,
  });
  const coordinator = (await userWithRoles(world, `coord.${seed}`, TEST_TRIAL_CODE, ['coordinator'])).token;
  const cohort = generateCohort({
    definition: EXAMPLE_TRIALS.myeloma,
    patients: subjects * 3,
    seed,
    mess: NO_MESS,
    firstTreatmentStart: new Date(Date.now() + DAY_MS).toISOString(),
  });
  const enrolled: string[] = [];
  for (const bundle of cohort.baselineBundles) {
    if (enrolled.length === subjects) break;
    const stable = withStableIds(bundle);
    await world.sandbox.load(stable);
    const subjectId = await enrollWithBaselineImage(world, coordinator, stable, {
      seed: `${seed}-img-${enrolled.length + 1}`,
      imagingMarker: 0.1 * (enrolled.length + 1),
    });
    if (subjectId) enrolled.push(subjectId);
  }
  if (enrolled.length < subjects) throw new Error(`only ${enrolled.length} eligible patients`);
  return { code: TEST_TRIAL_CODE, base, admin, coordinator, subjects: enrolled };
}

/** Waits for a tracked job to end and returns its record (status, attempts, result, error). */
export async function jobOutcome(
  world: World,
  jobId: string,
  timeoutMs = 120_000,
): Promise<{
  status: string;
  attempts: number;
  result: Record<string, unknown> | null;
  error: string | null;
}> {
  return until(
    async () => {
      const [row] = (await world.dataSource.query(
        'SELECT status, attempts, result, error FROM sync_job WHERE id = $1',
        [jobId],
      )) as {
        status: string;
        attempts: number;
        result: Record<string, unknown> | null;
        error: string | null;
      }[];
      if (!row) throw new Error(`no job ${jobId}`);
      return row;
    },
    (row) => row.status === 'succeeded' || (row.status === 'failed' && row.attempts >= DEFAULT_ATTEMPTS),
    timeoutMs,
  );
}

export async function count(world: World, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row] = (await world.dataSource.query(sql, parameters)) as { n: number }[];
  return Number(row?.n ?? 0);
}
