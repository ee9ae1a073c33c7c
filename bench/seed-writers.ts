/**
 * How the benchmark's seed writes a batch of rows, through connections of its own, a transaction per batch: on SQLite
 * with prepared statements; on PostgreSQL with COPY … FROM STDIN (text format).
 * Search rows come as the index's text (words.ts's indexedText) and are written as search.ts writes them: FTS5
 * rows, or to_tsvector('simple', …) of the accent-folded text, made by PostgreSQL from a temporary table.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectSqlite, type Db } from '../server/db/database.ts';
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
  /** Rows come with their ids: each table's id sequence is moved past them. */
  close(): Promise<void>;
}

/**
 * SQLite: a connection of its own on the database's file, one prepared single-row INSERT per table run for every
 * row, a transaction per batch (12% less time writing than multi-row inserts through Kysely, measured).
 */
export async function sqliteWriter(db: Db): Promise<Writer> {
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  const file = rows.find((r) => r.name === 'main')?.file;
  if (!file) throw new Error('The seed writes SQLite through a connection of its own: the database must be a file.');
  const sqlite = connectSqlite(file);
  const statements = new Map<string, SQLite.Statement>();
  const statement = (table: string, columns: string[]) => {
    let prepared = statements.get(table);
    if (!prepared) {
      const places = columns.map(() => '?').join(', ');
      prepared = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${places})`);
      statements.set(table, prepared);
    }
    return prepared;
  };
  const write = sqlite.transaction((batch: Batch) => {
    for (const [table, rows] of batch.tables) {
      if (rows.length === 0) continue;
      const insert = statement(table, Object.keys(rows[0]!));
      for (const row of rows) insert.run(Object.values(row));
    }
    const insert = statement('story_search', ['rowid', 'body']);
    for (const s of batch.search) insert.run(s.id, s.text);
  });
  return {
    write: async (batch) => write(batch),
    close: async () => void sqlite.close(), // AUTOINCREMENT follows the largest id written (sqlite_sequence)
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
  const numbered = new Set<string>();
  return {
    write: async (batch) => {
      await client.query('BEGIN');
      try {
        for (const [table, rows] of batch.tables) {
          if (rows.length === 0) continue;
          const columns = Object.keys(rows[0]!);
          if (columns.includes('id')) numbered.add(table);
          await copy(client, table, columns, rows.map(Object.values));
        }
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
        for (const table of numbered)
          await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
      } finally {
        await client.end();
      }
    },
  };
}
