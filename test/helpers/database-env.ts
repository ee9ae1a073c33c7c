/**
 * An empty database named only by environment variables, as the `hearth` command and the server find it:
 * DATA_DIR pointing at a new folder (SQLite), or, when TEST_DATABASE_URL is set, DATABASE_URL naming a new
 * PostgreSQL database (dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testPostgresUrl } from './db.ts';

export interface DatabaseEnv {
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function databaseEnv(): Promise<DatabaseEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-cli-'));
  if (!testPostgresUrl) return { env: { DATA_DIR: dataDir }, drop: async () => {} };
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return { env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
