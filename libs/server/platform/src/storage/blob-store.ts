import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Injection token of the {@link BlobStore}. */
export const BLOB_STORE = Symbol('BLOB_STORE');

/** Hex SHA-256 of some bytes: the name of everything a {@link BlobStore} keeps. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA256 = /^[0-9a-f]{64}$/;

/** What {@link BlobStore.put} did. */
export interface StoredBlob {
  readonly sha256: string;
  readonly bytes: number;
  /** false when the store already held these bytes (content addressing stores each once). */
  readonly created: boolean;
}

/**
 * Content-addressed storage for regulated files (image series, masks, models): bytes are named by
 * their SHA-256, written once, never changed. An object store (S3, Azure Blob) can implement this
 * interface in place of the folder store.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** The bytes, checked against their name; throws {@link BlobNotFoundError} or {@link BlobCorruptedError}. */
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`No stored file has SHA-256 ${sha256}`);
    this.name = 'BlobNotFoundError';
  }
}

/** The stored bytes no longer hash to their name: tampering or disk corruption, never ignored. */
export class BlobCorruptedError extends Error {
  constructor(
    readonly sha256: string,
    readonly actual: string,
  ) {
    super(`Stored file ${sha256} is corrupted: its bytes hash to ${actual}`);
    this.name = 'BlobCorruptedError';
  }
}

/**
 * A {@link BlobStore} in a folder: `<root>/<first two hex digits>/<sha256>`. Writes go to a
 * temporary file in the same folder, are flushed, then renamed into place, so a crash leaves
 * either nothing or the whole file, and concurrent writers of the same bytes do not collide.
 */
export class FolderBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, bytes: bytes.byteLength, created: false };
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    const handle = await open(temporary, 'wx', 0o440);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { sha256, bytes: bytes.byteLength, created: true };
  }

  async get(sha256: string): Promise<Uint8Array> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw error;
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new BlobCorruptedError(sha256, actual);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    // The name is validated so that a caller-supplied hash can never become a path outside the root.
    if (!SHA256.test(sha256)) throw new RangeError(`not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}
