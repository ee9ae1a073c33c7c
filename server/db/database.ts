/** Opens the database: embedded SQLite by default, PostgreSQL when the URL says postgres://. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface OpenDatabase {
  db: Db;
  dialect: Dialect;
  /** Where it lives, for messages (never includes a password). */
  describe: string;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens SQLite at `file` (':memory:' for tests) with WAL, foreign keys and a busy timeout. */
export function openSqlite(file: string): OpenDatabase {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across a process crash in WAL mode; only a power cut can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache (the default is 2 MB): list and search pages over 100,000 stories stay in memory.
  sqlite.pragma('cache_size = -65536');
  // Table statistics let the planner start from the selective side (a round's 20 stories, not the alliance's
  // 100,000): gathered at open (and hourly by the server, see main.ts), bounded by analysis_limit, as SQLite advises.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    dialect: 'sqlite',
    describe: `SQLite at ${file}`,
  };
}

export function openPostgres(url: string, max = 10): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server dropped (a restart, a failover): pg replaces it; say so rather than crash.
  pool.on('error', (err) => process.emitWarning(`A PostgreSQL connection was lost: ${err.message}`));
  const where = new URL(url);
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    describe: `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
  };
}

export function openDatabase(config: { databaseUrl: string; dataDir: string }): OpenDatabase {
  if (config.databaseUrl) {
    if (!isPostgresUrl(config.databaseUrl))
      throw new Error('DATABASE_URL must start with postgres:// (leave it empty for SQLite)');
    return openPostgres(config.databaseUrl);
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqlite(join(config.dataDir, 'hearth.sqlite'));
}

/** Which database a Kysely instance (or a transaction) talks to, for the few queries that differ. */
export function dialectOf(db: Kysely<unknown> | Db): Dialect {
  return (db as Db).getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
