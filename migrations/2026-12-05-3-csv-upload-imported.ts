/**
 * A CSV file once imported is remembered for the rest of its day, without its bytes: a second press of Import, or
 * the same form sent again after a proxy gave up waiting for a long import, is told the file was imported already
 * (and how many stories it gave) instead of importing it twice or finding nothing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('csv_uploads').addColumn('imported_stories', 'integer').execute();
}
