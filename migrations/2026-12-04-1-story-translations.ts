/**
 * Translations of a story by people, kept beside the teller's words and never as a version of them: one per story
 * and language, replaced when edited, with who translated it (and their name as shown) and when.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('story_translations'), dialect)
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('translator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('translator_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('story_translations_story_language')
    .on('story_translations')
    .columns(['story_id', 'language'])
    .unique()
    .execute();
}
