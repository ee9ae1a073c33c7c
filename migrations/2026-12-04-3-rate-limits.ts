/**
 * Rate-limit counts kept in the database, so every app server behind a proxy counts the same tries: one row per
 * route and address, its count and when its window ends (milliseconds since 1970, compared as numbers on both
 * databases). Transient: not in backups, and rows whose window has ended are deleted as Hearth goes.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_ends_at').on('rate_limits').column('ends_at').execute();
}
