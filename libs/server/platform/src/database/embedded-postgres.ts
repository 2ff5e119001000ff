import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';

/** Result shape TypeORM's postgres driver reads from node-postgres. */
interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Results['fields'];
}

interface PgLikeClient extends EventEmitter {
  query(sql: string, parameters?: unknown[]): Promise<PgLikeResult>;
  release(): void;
}

type ConnectCallback = (
  error: Error | null,
  client: PgLikeClient | null,
  release: (error?: unknown) => void,
) => void;

/** How long a caller waits for the single embedded connection before the wait is reported as a bug. */
const ACQUIRE_TIMEOUT_MS = 60_000;

/**
 * PGlite behind the small part of the node-postgres API that TypeORM uses, so that the
 * embedded mode runs the same driver, migrations and queries as PostgreSQL.
 *
 * PGlite is one connection. Handing it to two query runners at once would interleave their
 * transactions (one's COMMIT committing the other's half-done work), so clients are handed
 * out one at a time: `connect` waits until the previous client is released.
 */
export class EmbeddedPostgres {
  private instance: Promise<PGlite> | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string | null) {}

  /** The module object TypeORM's `driver` option expects in place of `pg`. */
  get pgModule(): { Pool: new () => EventEmitter } {
    // TypeORM constructs the pool itself: bind it to this instance through a closure.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const embedded = this;
    class EmbeddedPool extends EventEmitter {
      connect(callback: ConnectCallback): void {
        embedded.acquire().then(
          ({ client, release }) => callback(null, client, release),
          (error: unknown) =>
            callback(error instanceof Error ? error : new Error(String(error)), null, () => undefined),
        );
      }
      end(callback: (error: Error | null) => void): void {
        embedded.close().then(
          () => callback(null),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      }
    }
    return { Pool: EmbeddedPool };
  }

  /** The PGlite instance, started on first use. */
  database(): Promise<PGlite> {
    if (!this.instance) {
      const dataDir = this.dataDir;
      const options: PGliteOptions = {
        ...(dataDir ? { dataDir } : {}),
        // Match node-postgres: 64-bit integers arrive as strings, never as lossy numbers.
        parsers: { [types.INT8]: (value: string) => value },
      };
      const starting = (async () => {
        if (dataDir) {
          mkdirSync(dataDir, { recursive: true });
          takeLock(dataDir);
        }
        return PGlite.create(options);
      })();
      // A failed start (folder locked, files damaged) is reported to this caller, then retried by the next.
      starting.catch(() => {
        if (this.instance === starting) this.instance = null;
      });
      this.instance = starting;
    }
    return this.instance;
  }

  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = null;
    if (!instance) return;
    await (await instance).close();
    if (this.dataDir) rmSync(lockPath(this.dataDir), { force: true });
  }

  private async acquire(): Promise<{ client: PgLikeClient; release: (error?: unknown) => void }> {
    let releaseTurn!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolveTurn) => (releaseTurn = resolveTurn));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `embedded database: no connection became free within ${ACQUIRE_TIMEOUT_MS} ms (a query runner was not released)`,
            ),
          ),
        ACQUIRE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([previous, timeout]);
    } catch (error) {
      // Give up our turn without blocking those queued behind us forever.
      void previous.then(releaseTurn);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const database = await this.database();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      releaseTurn();
    };
    // TypeORM listens for notices and errors on the client; PGlite raises neither asynchronously.
    const client: PgLikeClient = Object.assign(new EventEmitter(), {
      query: (sql: string, parameters?: unknown[]) => runQuery(database, sql, parameters),
      release,
    });
    return { client, release };
  }
}

async function runQuery(database: PGlite, sql: string, parameters?: unknown[]): Promise<PgLikeResult> {
  if (parameters && parameters.length > 0) {
    const result = await database.query(sql, parameters);
    return toPgResult(sql, result);
  }
  // Without parameters the text may hold several statements (migrations do): run them all,
  // and answer with the last, as node-postgres's simple query protocol does.
  const results = await database.exec(sql);
  const last = results[results.length - 1];
  return last ? toPgResult(sql, last) : { rows: [], rowCount: 0, command: commandOf(sql), fields: [] };
}

function toPgResult(
  sql: string,
  result: Pick<Results, 'fields' | 'affectedRows'> & { rows: unknown[] },
): PgLikeResult {
  return {
    rows: result.rows,
    rowCount: result.affectedRows ?? result.rows.length,
    command: commandOf(sql),
    fields: result.fields,
  };
}

function commandOf(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(sql);
  return (match?.[1] ?? '').toUpperCase();
}

const lockPath = (dataDir: string): string => join(dataDir, 'prospect.lock');

/**
 * PGlite's files belong to one process at a time; two (an API and a CLI) writing them at once would
 * corrupt the database. A lock file with the owner's pid refuses the second; a stale one is taken over.
 */
function takeLock(dataDir: string): void {
  const path = lockPath(dataDir);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number(readFileSync(path, 'utf8').trim());
  if (owner !== process.pid && Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${owner}. Stop it first, or run against PostgreSQL (DATABASE_URL).`,
    );
  }
  writeFileSync(path, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
