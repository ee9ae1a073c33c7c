/**
 * An empty database named only by environment variables, as the `hearth` command and the server find it:
 * DATA_DIR pointing at a new folder (SQLite), or, when TEST_DATABASE_URL is set, DATABASE_URL naming a new
 * PostgreSQL database (dropped afterwards).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPostgresDatabase, testPostgresUrl } from './db.ts';

export interface DatabaseEnv {
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export async function databaseEnv(): Promise<DatabaseEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-cli-'));
  if (!testPostgresUrl) return { env: { DATA_DIR: dataDir }, drop: async () => {} };
  const created = await newPostgresDatabase();
  return { env: { DATA_DIR: dataDir, DATABASE_URL: created.url }, drop: created.drop };
}
