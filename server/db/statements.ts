/**
 * SQLite's prepared statements, kept for reuse. Kysely prepares every query afresh, and preparing a statement can
 * cost as much as running a short query: a story page alone took a tenth less time once they were kept (README).
 * A page asks the same few hundred shapes of query, so the most recent ones are kept. A statement still being read
 * (a streamed query) is busy; a second, fresh one is prepared for the same text meanwhile.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Statements kept: every shape of query the pages ask, with room for lists of ids of many lengths. */
export const STATEMENTS_KEPT = 500;

export function reusingStatements(sqlite: SQLite.Database, kept = STATEMENTS_KEPT): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const found = statements.get(sql);
      if (found && !found.busy) {
        // Most recently used last: the first in the map is the one to forget.
        statements.delete(sql);
        statements.set(sql, found);
        return found;
      }
      const statement = sqlite.prepare(sql);
      if (found) return statement;
      statements.set(sql, statement);
      if (statements.size > kept) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
