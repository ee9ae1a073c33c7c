/**
 * Draft transcripts (issue 17, item 6): what a local speech-to-text command heard in a recording, kept beside it
 * as a draft until an interviewer corrects it into the story's words. One row per recording, which is also the
 * job: queued, running (claimed by one server), done or failed. Deleted with its recording.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('transcripts'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('attachment_id', 'integer', (c) => c.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problem', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('seconds', 'real')
    .addColumn('corrected_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('corrected_at', 'text')
    .execute();
  await db.schema.createIndex('transcripts_recording').on('transcripts').column('attachment_id').unique().execute();
  await db.schema.createIndex('transcripts_queue').on('transcripts').columns(['status', 'id']).execute();
  await db.schema.createIndex('transcripts_story').on('transcripts').column('story_id').execute();
}
