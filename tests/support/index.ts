export { createTestDatabase, postgresUrlFromEnv, type TestDatabase } from './test-database';
export { testConfig } from './test-config';
export { fixturePath, readJsonFixture } from './fixtures';
