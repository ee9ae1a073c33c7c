/**
 * Recordings and photos of paper kept with a story (issue 17): the files and their bytes in chunks, and two new
 * uses a teller consents to — keep the recording, and let panels hear it. Both default to "no", so stories told
 * before (and older backups) keep no recording.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  for (const use of ['recording', 'hearing'])
    await db.schema
      .alterTable('stories')
      .addColumn(`consent_${use}`, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

  await withId(db.schema.createTable('attachments'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chunk_size', 'integer', (c) => c.notNull())
    .addColumn('duration_seconds', 'real')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('sha256', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_story').on('attachments').columns(['story_id', 'kind', 'id']).execute();
  await db.schema.createIndex('attachments_incomplete').on('attachments').columns(['complete', 'created_at']).execute();

  await db.schema
    .createTable('attachment_chunks')
    .addColumn('attachment_id', 'integer', (c) => c.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'seq'])
    .execute();
}
