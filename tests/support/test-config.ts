import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@prospect/platform';

/** Configuration for a test: its own data folder and token key, the given database, jobs in process. */
export function testConfig(database: AppConfig['database'], env: Record<string, string> = {}): AppConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'prospect-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env }, dataDir);
  return { ...config, database, migrateOnStart: true, webRoot: join(dataDir, 'no-web') };
}
