/**
 * A logical backup: every table's rows as gzipped JSON lines, read in one consistent snapshot (a read transaction;
 * REPEATABLE READ on PostgreSQL), so it can be taken while Hearth is serving. The same file restores into SQLite or
 * PostgreSQL, which also makes it the way to move from one to the other.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { dialectOf, type Db } from '../db/database.ts';
import { BACKUP_TABLES, encodeBytes, KEYS, PAGES } from './tables.ts';

export const BACKUP_FORMAT = 'hearth-backup';
const PAGE = 2000;

export interface BackupSummary {
  tables: Record<string, number>;
  bytes: number;
}

/** Writes the backup to `file` (through a temporary file, so a failed backup never leaves a half file behind). */
export async function backup(db: Db, file: string, now = new Date()): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial);
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  const tables: Record<string, number> = {};
  const run = async (trx: Db) => {
    await write({
      format: BACKUP_FORMAT,
      version: 1,
      migrations: Object.keys(migrations),
      created_at: now.toISOString(),
    });
    for (const table of BACKUP_TABLES) {
      tables[table] = 0;
      const keys = KEYS[table] ?? ['id'];
      const page = PAGES[table] ?? PAGE;
      for (let offset = 0; ; offset += page) {
        let query = trx.selectFrom(table).selectAll();
        for (const key of keys) query = query.orderBy(sql.ref(key));
        const rows = (await query.limit(page).offset(offset).execute()) as Record<string, unknown>[];
        if (rows.length) await write({ table, rows: rows.map(encodeBytes) });
        tables[table] += rows.length;
        if (rows.length < page) break;
      }
    }
  };
  // One snapshot of every table, read only: on SQLite, other app servers go on writing meanwhile.
  const reading = db.transaction().setAccessMode('read only');
  await (dialectOf(db) === 'postgres' ? reading.setIsolationLevel('repeatable read') : reading).execute(run);
  gzip.end();
  await once(out, 'close');
  await rename(partial, file);
  return { tables, bytes: out.bytesWritten };
}
