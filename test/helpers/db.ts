/**
 * A fresh, empty database for each test file: SQLite in memory by default, or, when TEST_DATABASE_URL is set,
 * a new database created on that PostgreSQL server (and dropped afterwards).
 */
import '../../server/capabilities.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, openSqlite, type OpenDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

export interface TestDatabase extends OpenDatabase {
  drop(): Promise<void>;
}

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? '';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test PostgreSQL server: its URL, and how to drop it. */
export async function newPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** `migrate: false` leaves it empty, for a test that applies migrations itself. */
export async function freshDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let database: TestDatabase;
  if (!testPostgresUrl) {
    const sqlite = openSqlite(':memory:');
    database = { ...sqlite, drop: () => sqlite.db.destroy() };
  } else {
    const created = await newPostgresDatabase();
    const postgres = openPostgres(created.url, 4);
    database = {
      ...postgres,
      drop: async () => {
        await postgres.db.destroy();
        await created.drop();
      },
    };
  }
  if (options.migrate !== false) await migrateToLatest(database.db, database.dialect);
  return database;
}
