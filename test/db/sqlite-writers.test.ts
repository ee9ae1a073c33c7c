/**
 * Two app servers on one SQLite file: a transaction that reads and then writes must not fail because the other
 * server wrote in between. It takes SQLite's write lock as it begins, so the other server's write waits its turn
 * (here, with no busy timeout, it is refused at once) and the transaction's own write goes through. A backup, which
 * only reads, holds nothing back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openSqlite, type Db } from '../../server/db/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two servers' connections to one new file holding one job; the other's writes are refused rather than wait. */
async function twoServers(name: string) {
  const file = join(dir, name);
  const one = openSqlite(file).db;
  const other = openSqlite(file).db;
  await sql`CREATE TABLE jobs (id INTEGER PRIMARY KEY, note TEXT)`.execute(one);
  await sql`INSERT INTO jobs (note) VALUES ('queued')`.execute(one);
  await sql`PRAGMA busy_timeout = 0`.execute(other);
  return { one, other };
}

const jobs = async (db: Db) => (await sql<{ n: number }>`SELECT count(*) AS n FROM jobs`.execute(db)).rows[0]!.n;

it('keeps a read-then-write transaction whole while another server tries to write', async () => {
  const { one, other } = await twoServers('shared.sqlite');

  let othersWrite = 'written';
  await one.transaction().execute(async (trx) => {
    expect(await jobs(trx)).toBe(1);
    try {
      await sql`INSERT INTO jobs (note) VALUES ('from the other server')`.execute(other);
    } catch (err) {
      othersWrite = (err as Error).message;
    }
    await sql`INSERT INTO jobs (note) VALUES ('done')`.execute(trx);
  });

  expect(othersWrite).toBe('database is locked');
  const notes = await sql<{ note: string }>`SELECT note FROM jobs ORDER BY id`.execute(other);
  expect(notes.rows.map((r) => r.note)).toEqual(['queued', 'done']);
  await Promise.all([one.destroy(), other.destroy()]);
});

it('lets another server write while a read-only transaction (a backup) keeps its snapshot', async () => {
  const { one, other } = await twoServers('backup.sqlite');

  const seen = await one
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      const before = await jobs(trx);
      await sql`INSERT INTO jobs (note) VALUES ('from the other server')`.execute(other);
      return [before, await jobs(trx)];
    });

  expect(seen).toEqual([1, 1]); // one snapshot throughout
  expect(await jobs(one)).toBe(2);
  await Promise.all([one.destroy(), other.destroy()]);
});
