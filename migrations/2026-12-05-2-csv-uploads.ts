/**
 * A CSV file being imported is kept in the database between its steps (issue 20), in chunks as recordings are, so
 * the web form takes a file of any size as a stream instead of carrying it in a hidden field.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('csv_uploads'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('header', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sample', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('csv_uploads_created').on('csv_uploads').column('created_at').execute();

  await db.schema
    .createTable('csv_upload_chunks')
    .addColumn('upload_id', 'integer', (c) => c.notNull().references('csv_uploads.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('csv_upload_chunks_pk', ['upload_id', 'seq'])
    .execute();
}
