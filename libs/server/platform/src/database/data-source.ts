import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface DataSourceParts {
  // TypeORM's own type for entity and migration lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
}

/** Which engine a data source talks to; reported by health and recorded in test output. */
export type DatabaseEngine = 'postgresql' | 'pglite';

/**
 * TypeORM options for PostgreSQL (`DATABASE_URL`) or embedded PGlite, with the same entities
 * and migrations. The schema is only ever changed by the hand-written migrations.
 */
export function dataSourceOptions(
  database: AppConfig['database'],
  parts: DataSourceParts,
): { options: DataSourceOptions; engine: DatabaseEngine; embedded: EmbeddedPostgres | null } {
  const common = {
    type: 'postgres' as const,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    // Extensions need superuser rights and do not exist in PGlite; gen_random_uuid() is built in since PostgreSQL 13.
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
  };
  if (database.kind === 'postgres') {
    return {
      options: { ...common, url: database.url, extra: { max: 10, connectionTimeoutMillis: 10_000 } },
      engine: 'postgresql',
      embedded: null,
    };
  }
  const embedded = new EmbeddedPostgres(database.dataDir);
  return { options: { ...common, driver: embedded.pgModule }, engine: 'pglite', embedded };
}

/** A data source for the CLI and tests; the API builds its own through Nest. */
export function createDataSource(database: AppConfig['database'], parts: DataSourceParts): DataSource {
  return new DataSource(dataSourceOptions(database, parts).options);
}
