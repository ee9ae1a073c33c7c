/**
 * How the benchmark's seed writes a batch of rows: on SQLite, multi-row inserts of plain SQL inside one transaction
 * per batch; on PostgreSQL, COPY … FROM STDIN (text format) through one client of its own, a transaction per batch.
 * Search rows come as the index's text (search.ts's indexedText) and are written as search.ts writes them: FTS5
 * rows, or to_tsvector('simple', …) of the accent-folded text, made by PostgreSQL from a temporary table.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../server/db/database.ts';
import type { Database } from '../server/db/schema.ts';
import { foldAccents } from '../server/stories/search.ts';

export type Row = Record<string, string | number | null>;

/** One batch: rows per table, in the order they are written (stories first: the others refer to them). */
export interface Batch {
  tables: [keyof Database, Row[]][];
  /** Each story's searchable words as indexed (indexedText), by story id. */
  search: { id: number; text: string }[];
}

export interface Writer {
  write(batch: Batch): Promise<void>;
  /** Stories are given their ids by the seed: the id sequence is moved past them. */
  close(): Promise<void>;
}

/** Kept under SQLite's 32,766 bound variables per statement. */
const MAX_PARAMS = 30_000;

export function sqliteWriter(db: Db): Writer {
  const statements = new Map<string, string>();
  const insert = async (trx: Db, table: string, columns: string[], values: unknown[][]) => {
    const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let i = 0; i < values.length; i += per) {
      const part = values.slice(i, i + per);
      const key = `${table} ${part.length}`;
      let text = statements.get(key);
      if (!text) {
        const row = `(${columns.map(() => '?').join(', ')})`;
        text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(part.length).fill(row).join(', ')}`;
        statements.set(key, text);
      }
      await trx.executeQuery(CompiledQuery.raw(text, part.flat()));
    }
  };
  return {
    write: (batch) =>
      db.transaction().execute(async (trx) => {
        for (const [table, rows] of batch.tables)
          if (rows.length > 0) {
            const columns = Object.keys(rows[0]!);
            await insert(trx, table, columns, rows.map(Object.values));
          }
        await insert(
          trx,
          'story_search',
          ['rowid', 'body'],
          batch.search.map((s) => [s.id, s.text]),
        );
      }),
    close: async () => {}, // AUTOINCREMENT follows the largest id written
  };
}

/** A value as COPY's text format reads it: \N for NULL; backslash, newline, carriage return and tab escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Lines of COPY text, about a megabyte at a time. */
function* copyText(rows: (string | number | null)[][]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row.map(copyField).join('\t') + '\n';
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function copy(client: pg.Client, table: string, columns: string[], rows: (string | number | null)[][]) {
  if (rows.length === 0) return;
  const into = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyText(rows)), into);
}

export async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The index's text goes in as text; PostgreSQL makes the tsvector, with the very call search.ts uses.
  await client.query('CREATE TEMPORARY TABLE seed_search (story_id integer, body text) ON COMMIT DELETE ROWS');
  return {
    write: async (batch) => {
      await client.query('BEGIN');
      try {
        for (const [table, rows] of batch.tables)
          if (rows.length > 0) await copy(client, table, Object.keys(rows[0]!), rows.map(Object.values));
        await copy(
          client,
          'seed_search',
          ['story_id', 'body'],
          batch.search.map((s) => [s.id, foldAccents(s.text)]),
        );
        await client.query(
          "INSERT INTO story_search (story_id, body) SELECT story_id, to_tsvector('simple', body) FROM seed_search",
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    close: async () => {
      try {
        await client.query("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories))");
      } finally {
        await client.end();
      }
    },
  };
}
