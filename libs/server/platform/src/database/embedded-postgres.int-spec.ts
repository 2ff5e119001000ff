import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres';

describe('EmbeddedPostgres', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    embedded = new EmbeddedPostgres(null);
    dataSource = await new DataSource({
      type: 'postgres',
      driver: embedded.pgModule,
      installExtensions: false,
    }).initialize();
    await dataSource.query('CREATE TABLE item (name text PRIMARY KEY, n bigint NOT NULL)');
  }, 60_000);

  afterAll(() => dataSource?.destroy());

  it('keeps concurrent transactions apart on its single connection: a rollback never takes another’s commit with it', async () => {
    const slowCommit = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO item VALUES ('kept', 1)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await manager.query(`UPDATE item SET n = n + 1 WHERE name = 'kept'`);
    });
    const failing = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO item VALUES ('dropped', 1)`);
      throw new Error('abort');
    });
    await Promise.allSettled([slowCommit, failing]);
    await expect(failing).rejects.toThrow('abort');
    const rows: { name: string; n: string }[] = await dataSource.query(
      'SELECT name, n FROM item ORDER BY name',
    );
    expect(rows).toEqual([{ name: 'kept', n: '2' }]);
  });

  it('answers like node-postgres: 64-bit integers as strings, affected row counts', async () => {
    const [, affected]: [unknown, number] = await dataSource.query(
      `UPDATE item SET n = 9007199254740993 WHERE name = 'kept'`,
    );
    expect(affected).toBe(1);
    const [row] = (await dataSource.query('SELECT n FROM item')) as [{ n: string }];
    expect(row.n).toBe('9007199254740993');
    const result = await dataSource
      .createQueryBuilder()
      .delete()
      .from('item')
      .where('name = :name', { name: 'none' })
      .execute();
    expect(result.affected).toBe(0);
  });

  it('refuses a data folder another live process is using', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'prospect-lock-'));
    // The parent process (the test runner) is alive and is not us.
    writeFileSync(join(dataDir, 'prospect.lock'), String(process.ppid));
    await expect(new EmbeddedPostgres(dataDir).database()).rejects.toThrow(
      `is in use by process ${process.ppid}`,
    );
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'prospect-lock-'));
    writeFileSync(join(dataDir, 'prospect.lock'), '2147483646');
    const stale = new EmbeddedPostgres(dataDir);
    const database = await stale.database();
    expect((await database.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await stale.close();
  }, 60_000);
});
