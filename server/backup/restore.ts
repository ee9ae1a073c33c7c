/**
 * Restores a backup into an empty, migrated database, all or nothing: every row in one transaction, ids kept,
 * PostgreSQL's id sequences moved past them, and the search index rebuilt from the stories' words.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { dialectOf, type Db } from '../db/database.ts';
import { rebuildSearchIndex } from '../stories/search.ts';
import { BACKUP_FORMAT } from './backup.ts';
import { BACKUP_TABLES, decodeBytes, KEYS, SELF_REFERENCES, type BackupTable } from './tables.ts';

export class RestoreError extends Error {}

async function* lines(file: string): AsyncGenerator<Record<string, unknown>> {
  const input = createReadStream(file).pipe(createGunzip());
  let n = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
    }
  } catch (err) {
    throw new RestoreError(
      `${file} is not a Hearth backup (line ${n + 1} could not be read: ${(err as Error).message})`,
    );
  }
}

async function isEmpty(db: Db): Promise<boolean> {
  for (const table of ['users', 'alliances', 'stories'] as const) {
    if (
      await db
        .selectFrom(table)
        .select(sql`1`.as('one'))
        .limit(1)
        .executeTakeFirst()
    )
      return false;
  }
  return true;
}

export async function restore(db: Db, file: string): Promise<Record<string, number>> {
  if (!(await isEmpty(db)))
    throw new RestoreError(
      'The database already holds data. Restore into an empty database (a new DATA_DIR or DATABASE_URL).',
    );
  const postgres = dialectOf(db) === 'postgres';
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    const deferred: { table: BackupTable; column: string; id: unknown; value: unknown }[] = [];
    let header = false;
    for await (const record of lines(file)) {
      if (!header) {
        if (record.format !== BACKUP_FORMAT) throw new RestoreError(`${file} is not a Hearth backup.`);
        const unknown = (record.migrations as string[]).filter((m) => !(m in migrations));
        if (unknown.length)
          throw new RestoreError(
            `This backup was made by a newer Hearth (${unknown.join(', ')}); update Hearth first.`,
          );
        header = true;
        continue;
      }
      const table = record.table as BackupTable;
      if (!BACKUP_TABLES.includes(table)) throw new RestoreError(`Unknown table in backup: ${String(table)}`);
      const self = SELF_REFERENCES[table];
      const rows = (record.rows as Record<string, unknown>[]).map(decodeBytes).map((row) => {
        if (!self || row[self] === null) return row;
        deferred.push({ table, column: self, id: row.id, value: row[self] });
        return { ...row, [self]: null };
      });
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 200) as never)
          .execute();
      counts[table] = (counts[table] ?? 0) + rows.length;
    }
    if (!header) throw new RestoreError(`${file} is empty.`);
    for (const d of deferred)
      await trx
        .updateTable(d.table)
        .set({ [d.column]: d.value } as never)
        .where('id' as never, '=', d.id as never)
        .execute();
    if (postgres) {
      for (const table of BACKUP_TABLES) {
        if (KEYS[table]) continue;
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
    }
    await rebuildSearchIndex(trx);
  });
  return counts;
}
