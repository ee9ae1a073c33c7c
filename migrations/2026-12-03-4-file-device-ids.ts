/**
 * Recordings and photos sent from a phone in the field carry an id made on the device (a random UUID), as their
 * interviews do: a retry after a lost reply, or a second phone sending the same file, stores it once. Set only when
 * the file is complete, so an upload cut off part way never holds the id. Null for files added from a story page.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('device_id', 'text').execute();
  await db.schema.createIndex('attachments_device_id').on('attachments').column('device_id').unique().execute();
}
