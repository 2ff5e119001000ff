import { createDataSource, PLATFORM_ENTITIES, type AppConfig } from '@prospect/platform';
import { TRIAL_ENTITIES } from '@prospect/trials';
import { ENROLLMENT_ENTITIES } from '@prospect/enrollment';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Every entity of every bounded context. */
export const PROSPECT_ENTITIES = [...PLATFORM_ENTITIES, ...TRIAL_ENTITIES, ...ENROLLMENT_ENTITIES];

/** The one data source definition shared by the API, the worker, the CLI and the tests. */
export function createProspectDataSource(database: AppConfig['database']): DataSource {
  return createDataSource(database, { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS });
}
