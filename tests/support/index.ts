export { createTestDatabase, postgresUrlFromEnv, type TestDatabase } from './test-database';
export { testConfig } from './test-config';
export { exampleTrialFile, fixturePath, readJsonFixture } from './fixtures';
