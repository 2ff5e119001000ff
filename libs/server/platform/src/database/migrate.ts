import type { DataSource } from 'typeorm';

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function migrateUp(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}

/** Refuses to serve on a schema older than the code (deployment mode without MIGRATE_ON_START). */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error(
      'The database schema is behind this version of Prospect: run `npm run migrate` (or set MIGRATE_ON_START=true).',
    );
  }
}
