/**
 * The claim shared by Hearth's job tables (theme runs, draft transcripts, PDFs): one statement that takes the
 * oldest waiting row for one server. FOR UPDATE SKIP LOCKED on PostgreSQL lets servers claim side by side; SQLite
 * has one writer, and the repeated condition makes a second claimer of the same row update nothing.
 */
import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db } from './database.ts';

export type JobTable = 'analysis_runs' | 'transcripts' | 'pdf_jobs';

/** Sets `set` on the oldest row of `table` matching `waiting`, and returns it; nothing when none waits. */
export async function claimOldest<Row>(
  db: Db,
  table: JobTable,
  set: RawBuilder<unknown>,
  waiting: RawBuilder<unknown>,
): Promise<Row | undefined> {
  const lock = dialectOf(db) === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const t = sql.table(table);
  const result = await sql<Row>`
    UPDATE ${t} SET ${set}
    WHERE id = (SELECT id FROM ${t} WHERE ${waiting} ORDER BY id LIMIT 1 ${lock}) AND ${waiting}
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** How many jobs are ahead of this one in the queue. */
export async function jobsAhead(db: Db, table: JobTable, id: number): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(db.fn.countAll().as('n'))
    .where('status', '=', 'queued')
    .where('id', '<', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
