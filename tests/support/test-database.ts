import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AppConfig } from '@prospect/platform';

export interface TestDatabase {
  readonly engine: 'pglite' | 'postgresql';
  readonly database: AppConfig['database'];
  /** Drops the PostgreSQL database made for this test file (PGlite in memory needs nothing). */
  drop(): Promise<void>;
}

/** `DATABASE_URL` when the suite runs against PostgreSQL (CI), otherwise null (embedded PGlite). */
export function postgresUrlFromEnv(): string | null {
  const url = process.env['DATABASE_URL']?.trim();
  return url ? url : null;
}

/**
 * A fresh, empty database for one test file: a new PostgreSQL database beside `DATABASE_URL`'s
 * when it is set, so test files can run in parallel; otherwise an in-memory PGlite.
 */
export async function createTestDatabase(
  engine: 'pglite' | 'postgresql' = postgresUrlFromEnv() ? 'postgresql' : 'pglite',
): Promise<TestDatabase> {
  if (engine === 'pglite')
    return { engine, database: { kind: 'embedded', dataDir: null }, drop: async () => undefined };
  const baseUrl = postgresUrlFromEnv();
  if (!baseUrl) throw new Error('PostgreSQL tests need DATABASE_URL');
  const name = `prospect_test_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    database: { kind: 'postgres', url: url.toString() },
    drop: () =>
      withClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withClient<T>(url: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
