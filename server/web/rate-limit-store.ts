/**
 * Rate-limit counts kept in the database: a store for @fastify/rate-limit, so every app server behind a proxy counts
 * the same tries, and a guessing attack spread over several servers meets the limit once, not once per server.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Each app server deletes rows whose window has ended at most this often (the count restarts on its own). */
const SWEEP_MS = 60_000;

export interface Tries {
  /** Tries counted in this window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * Counts one try in one statement, atomic on both databases (an upsert): a new key, or one whose window has ended,
 * starts again at 1 with a new window; otherwise its count goes up by one. Two servers counting the same key at the
 * same moment both count (PostgreSQL locks the row; SQLite has one writer).
 */
export async function countTry(db: Db, key: string, windowMs: number, now = Date.now()): Promise<Tries> {
  const endsAt = now + windowMs;
  const ended = sql<boolean>`${sql.ref('rate_limits.ends_at')} <= ${now}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, ends_at: endsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`CASE WHEN ${ended} THEN 1 ELSE ${sql.ref('rate_limits.count')} + 1 END`,
        ends_at: sql<number>`CASE WHEN ${ended} THEN ${endsAt} ELSE ${sql.ref('rate_limits.ends_at')} END`,
      }),
    )
    .returning(['count', 'ends_at'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.count), ttl: Math.max(0, Number(row.ends_at) - now) };
}

/** Deletes the rows whose window has ended: they would start again at 1 anyway. */
export async function forgetEndedWindows(db: Db, now = Date.now()): Promise<void> {
  await db.deleteFrom('rate_limits').where('ends_at', '<=', now).execute();
}

type Callback = (error: Error | null, result?: Tries) => void;

/** The route a child store counts for, from the options @fastify/rate-limit passes to `child`. */
function routeOf(options: unknown): string {
  const info = (options as { routeInfo?: { method?: unknown; url?: unknown } } | undefined)?.routeInfo;
  return `${String(info?.method ?? '')} ${String(info?.url ?? '')}`;
}

/**
 * The store class @fastify/rate-limit builds (its `store` option): one per rate-limited route (`child`), each key
 * prefixed by its route so that, as with the in-memory store, each route counts on its own.
 *
 * When the database does not answer, the try is let through (the plugin's `skipOnError`) and a warning logged:
 * a database that is down must not lock everyone out of signing in, and the sign-in lockout still holds.
 */
export function databaseRateLimitStore(db: Db, log: FastifyBaseLogger) {
  const swept = { at: Date.now() };
  return class DatabaseRateLimitStore {
    private readonly route: string;
    constructor(options?: unknown) {
      this.route = routeOf(options);
    }
    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      countTry(db, `${this.route} ${key}`, timeWindow, now).then(
        (tries) => callback(null, tries),
        (error: Error) => {
          log.warn({ err: error }, 'A rate-limited try was let through: its count could not be kept in the database');
          callback(error);
        },
      );
      if (now - swept.at >= SWEEP_MS) {
        swept.at = now;
        forgetEndedWindows(db, now).catch((error: unknown) => log.warn({ err: error }, 'Old rate-limit rows kept'));
      }
    }
    child(routeOptions: unknown): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(routeOptions);
    }
  };
}
