import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** The one way tests reach fixture files: `fixturePath('protocols', 'myeloma-mrd.json')`. */
export function fixturePath(...segments: string[]): string {
  return join(FIXTURES, ...segments);
}

export function readJsonFixture<T = unknown>(...segments: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...segments), 'utf8')) as T;
}
