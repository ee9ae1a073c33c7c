/**
 * Interviews recorded on a phone in the field carry an id made on the device (a random UUID). The server treats it
 * as the interview's key: a retry after a lost reply, two tabs or two phones sending the same interview store it
 * once, because the database refuses a second story with the same device id. Null for every other story (a unique
 * index allows any number of nulls on both databases).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stories').addColumn('device_id', 'text').execute();
  await db.schema.createIndex('stories_device_id').on('stories').column('device_id').unique().execute();
}
