/** Codebook and tags (whole stories and passages), stored analyses for incremental tf-idf, and theme runs. */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('tags'), dialect)
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tags_inquiry').on('tags').columns(['inquiry_id', 'parent_id']).execute();

  await withId(db.schema.createTable('story_tags'), dialect)
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('answer_position', 'integer')
    .addColumn('start_offset', 'integer')
    .addColumn('end_offset', 'integer')
    .addColumn('quote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_tags_story').on('story_tags').column('story_id').execute();
  await db.schema.createIndex('story_tags_tag').on('story_tags').column('tag_id').execute();

  await db.schema
    .createTable('story_analysis')
    .addColumn('story_id', 'integer', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('surface', 'text', (c) => c.notNull())
    .addColumn('analysed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_analysis_inquiry').on('story_analysis').column('inquiry_id').execute();

  await withId(db.schema.createTable('analysis_runs'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('step', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('k_requested', 'text', (c) => c.notNull())
    .addColumn('k', 'integer')
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('story_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('criterion', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('claimed_by', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('analysis_runs_status').on('analysis_runs').columns(['status', 'id']).execute();
  await db.schema.createIndex('analysis_runs_inquiry').on('analysis_runs').columns(['inquiry_id', 'id']).execute();

  await withId(db.schema.createTable('themes'), dialect)
    .addColumn('run_id', 'integer', (c) => c.notNull().references('analysis_runs.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'integer', (c) => c.references('themes.id').onDelete('set null'))
    .addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('themes_run').on('themes').columns(['run_id', 'position']).execute();

  await db.schema
    .createTable('theme_stories')
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('x', 'real', (c) => c.notNull())
    .addColumn('y', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('theme_stories_pk', ['theme_id', 'story_id'])
    .execute();
  await db.schema.createIndex('theme_stories_story').on('theme_stories').column('story_id').execute();
}
