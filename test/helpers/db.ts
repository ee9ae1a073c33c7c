/**
 * A fresh, empty database for each test file: SQLite in memory by default, or, when TEST_DATABASE_URL is set,
 * a new database created on that PostgreSQL server (and dropped afterwards).
 */
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

export async function freshDatabase(): Promise<TestDatabase> {
  let database: TestDatabase;
  if (!testPostgresUrl) {
    const sqlite = openSqlite(':memory:');
    database = { ...sqlite, drop: () => sqlite.db.destroy() };
  } else {
    const name = `hearth_test_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;
    const postgres = openPostgres(url.toString(), 4);
    database = {
      ...postgres,
      drop: async () => {
        await postgres.db.destroy();
        await admin(`DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  await migrateToLatest(database.db, database.dialect);
  return database;
}
