import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateTokenKey } from './token-key';

describe('loadOrCreateTokenKey', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'prospect-key-'));

  it('creates a 48-byte key readable only by its owner, then reads the same key back', () => {
    const path = join(dir(), 'keys', 'token.key');
    const created = loadOrCreateTokenKey(path);
    expect(created.created).toBe(true);
    expect(created.key).toHaveLength(48);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateTokenKey(path);
    expect(again.created).toBe(false);
    expect(again.key.equals(created.key)).toBe(true);
    expect(readFileSync(path, 'utf8').trim()).toBe(created.key.toString('base64'));
  });

  it('refuses a key file that is too short', () => {
    const path = join(dir(), 'short.key');
    writeFileSync(path, Buffer.alloc(16).toString('base64'));
    expect(() => loadOrCreateTokenKey(path)).toThrow('must hold at least 32 random bytes');
  });
});
