import { createDataSource, PLATFORM_ENTITIES, type AppConfig } from '@prospect/platform';
import { TRIAL_ENTITIES } from '@prospect/trials';
import { ENROLLMENT_ENTITIES } from '@prospect/enrollment';
import { IMAGING_ENTITIES } from '@prospect/imaging-server';
import { MODEL_REGISTRY_ENTITIES } from '@prospect/model-registry';
import { LOCK_ENTITIES } from '@prospect/locks';
import { OUTCOME_ENTITIES } from '@prospect/outcomes';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Every entity of every bounded context. */
export const PROSPECT_ENTITIES = [
  ...PLATFORM_ENTITIES,
  ...TRIAL_ENTITIES,
  ...ENROLLMENT_ENTITIES,
  ...MODEL_REGISTRY_ENTITIES,
  ...IMAGING_ENTITIES,
  ...LOCK_ENTITIES,
  ...OUTCOME_ENTITIES,
];

/** The one data source definition shared by the API, the worker, the CLI and the tests. */
export function createProspectDataSource(database: AppConfig['database']): DataSource {
  return createDataSource(database, { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS });
}
