import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The HMAC key that signs access tokens: read from the configured file, or created there
 * (mode 0600) on first start. Every API instance of a deployment must share the same file.
 */
export function loadOrCreateTokenKey(path: string): { key: Buffer; created: boolean } {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length < 32) {
      throw new Error(`AUTH_TOKEN_KEY_FILE: ${path} must hold at least 32 random bytes, base64-encoded`);
    }
    return { key, created: false };
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(48);
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (the worker beside the API) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateTokenKey(path);
    throw error;
  }
  return { key, created: true };
}
