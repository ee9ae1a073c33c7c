/**
 * A form kept while signed out now belongs to the person whose session had expired, and notes the address it came
 * from, so it is given back to that person only and each person and address can keep only a few. Nullable, so
 * forms kept before (and older backups) still load; rows without an owner are never given back and age out.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('parked_forms')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .execute();
  await db.schema.alterTable('parked_forms').addColumn('address', 'text').execute();
  await db.schema.createIndex('parked_forms_user').on('parked_forms').column('user_id').execute();
  await db.schema.createIndex('parked_forms_address').on('parked_forms').column('address').execute();
}
