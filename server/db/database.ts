/** Opens the database: embedded SQLite by default, PostgreSQL when the URL says postgres://. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { reusingStatements } from './statements.ts';
import { turn } from './turns.ts';

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

/** A connection to SQLite at `file` with WAL, foreign keys, a busy timeout and a large page cache. */
export function connectSqlite(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across a process crash in WAL mode; only a power cut can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache (the default is 2 MB): list and search pages over 100,000 stories stay in memory.
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/**
 * SQLite's transactions take the write lock as they begin (BEGIN IMMEDIATE), not at their first write. A transaction
 * that reads and then writes, after another process (a second app server) committed in between, would otherwise fail
 * at once with "database is locked": its snapshot is stale, and the busy timeout does not wait in that case.
 * A transaction begun with setAccessMode('read only') stays deferred.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new (class extends SqliteDriver {
      override async acquireConnection(): Promise<DatabaseConnection> {
        // A query (or a transaction's start) waits for a turn of the event loop once work has run a slice: turns.ts.
        await turn();
        return super.acquireConnection();
      }
      override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
        // A transaction that only reads (a backup) keeps its snapshot without holding other servers' writes back.
        const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
        await connection.executeQuery(CompiledQuery.raw(begin));
      }
    })(this.#config);
  }
}

/** Opens SQLite at `file` (':memory:' for tests) with WAL, foreign keys and a busy timeout. */
export function openSqlite(file: string): OpenDatabase {
  const sqlite = connectSqlite(file);
  // Table statistics let the planner start from the selective side (a round's 20 stories, not the alliance's
  // 100,000): gathered at open (and hourly by the server, see main.ts), bounded by analysis_limit, as SQLite advises.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  return {
    db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: reusingStatements(sqlite) }) }),
    dialect: 'sqlite',
    describe: `SQLite at ${file}`,
  };
}

export function openPostgres(url: string, max = 10): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server dropped (a restart, a failover): pg replaces it; say so rather than crash.
  pool.on('error', (err) => process.emitWarning(`A PostgreSQL connection was lost: ${err.message}`));
  // A connection in use that the server drops emits 'error' too, where the pool no longer listens: unheard, it would
  // end the process. Its query has already failed with the same error (answered 503, see databaseAway) and the pool
  // discards the connection when it is given back.
  pool.on('connect', (client) => client.on('error', () => {}));
  const where = new URL(url);
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    describe: `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
  };
}

/** PostgreSQL's classes and codes for "not reachable just now": connection exceptions (08), shutting down or
 * starting up (57P01-57P03), too many connections (53300). */
const AWAY_CODES = /^(08...|57P0[123]|53300)$/;
/** The operating system's, when the server cannot be reached at all or the connection is cut. */
const AWAY_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** node-postgres's own, for a connection that ended or broke. */
const AWAY_MESSAGE = /^Connection terminated|is not queryable|timeout exceeded when trying to connect/;

/**
 * Whether an error means the database could not be reached for the moment (PostgreSQL restarting or out of reach,
 * SQLite locked by another writer past the busy timeout), rather than a fault in what was asked: Hearth answers
 * those 503 with Retry-After, and the same request later succeeds.
 */
export function databaseAway(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  const code = String((err as { code?: unknown }).code ?? '');
  if (AWAY_CODES.test(code) || AWAY_SOCKET.has(code) || code.startsWith('SQLITE_BUSY')) return true;
  if (AWAY_MESSAGE.test(err.message)) return true;
  const inner = err instanceof AggregateError ? err.errors : [err.cause];
  return inner.some((e) => databaseAway(e, depth + 1));
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
