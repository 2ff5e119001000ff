import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleTrialDefinitionJson, type ExampleTrialName } from '@prospect/domain';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** The one way tests reach fixture files under tests/fixtures: `fixturePath('fhir', 'bundle.json')`. */
export function fixturePath(...segments: string[]): string {
  return join(FIXTURES, ...segments);
}

export function readJsonFixture<T = unknown>(...segments: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...segments), 'utf8')) as T;
}

/**
 * Writes an example trial definition (`EXAMPLE_TRIALS` of `@prospect/domain`) as JSON to
 * `directory` (default: a new temporary one) and returns the file's path, for code under test
 * that reads definition files (`prospect trial create --protocol FILE`).
 */
export function exampleTrialFile(
  name: ExampleTrialName,
  directory: string = mkdtempSync(join(tmpdir(), 'prospect-example-')),
): string {
  const path = join(directory, `example-${name}.json`);
  writeFileSync(path, `${JSON.stringify(exampleTrialDefinitionJson(name), null, 2)}\n`);
  return path;
}
