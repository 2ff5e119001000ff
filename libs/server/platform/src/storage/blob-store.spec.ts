import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobCorruptedError, BlobNotFoundError, FolderBlobStore, sha256Hex } from './blob-store';

describe('FolderBlobStore', () => {
  let root: string;
  let store: FolderBlobStore;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'prospect-blobs-'));
    store = new FolderBlobStore(join(root, 'blobs'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const bytes = new TextEncoder().encode('a synthetic series');
  const digest = sha256Hex(bytes);

  it('stores bytes under their SHA-256 and returns them', async () => {
    // sha256sum of the same text, computed outside Node.
    expect(digest).toBe('d3afb7cb77c82e067c0b01d16d480784a2ea86735be85646f371153790952678');
    await expect(store.put(bytes)).resolves.toEqual({ sha256: digest, bytes: bytes.length, created: true });
    expect(readFileSync(join(root, 'blobs', digest.slice(0, 2), digest))).toEqual(Buffer.from(bytes));
    await expect(store.get(digest)).resolves.toEqual(new Uint8Array(bytes));
    await expect(store.has(digest)).resolves.toBe(true);
  });

  it('stores the same bytes once', async () => {
    await store.put(bytes);
    await expect(store.put(bytes)).resolves.toMatchObject({ created: false });
    expect(readdirSync(join(root, 'blobs', digest.slice(0, 2)))).toEqual([digest]);
  });

  it('says what is missing', async () => {
    const missing = sha256Hex(new Uint8Array([1]));
    await expect(store.has(missing)).resolves.toBe(false);
    await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('detects bytes changed on disk', async () => {
    await store.put(bytes);
    const path = join(root, 'blobs', digest.slice(0, 2), digest);
    chmodSync(path, 0o640);
    writeFileSync(path, 'tampered');
    await expect(store.get(digest)).rejects.toBeInstanceOf(BlobCorruptedError);
  });

  it.each(['../../etc/passwd', 'ABCDEF', `${'a'.repeat(63)}/`, ''])('refuses %j as a name', async (name) => {
    await expect(store.get(name)).rejects.toThrow(RangeError);
    await expect(store.has(name)).rejects.toThrow(RangeError);
  });

  it('leaves no partial files behind', async () => {
    await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    const names = readdirSync(join(root, 'blobs', digest.slice(0, 2)));
    expect(names).toEqual([digest]);
  });
});
