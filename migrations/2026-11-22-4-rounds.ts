/** Sense-making rounds: panels, their stories and participants, ballots, decisions with reasons, annotations, and the learning log. */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('rounds'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('panel', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('dots', 'integer', (c) => c.notNull())
    .addColumn('voting', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('shuffle', 'integer', (c) => c.notNull())
    .addColumn('tallies_revealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('join_code', 'text', (c) => c.notNull().unique())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('feedback_sent_at', 'text')
    .addColumn('feedback_sent_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('rounds_inquiry').on('rounds').columns(['inquiry_id', 'level']).execute();

  await db.schema
    .createTable('round_domains')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('domain_id', 'integer', (c) => c.notNull().references('domains.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('round_domains_pk', ['round_id', 'domain_id'])
    .execute();

  await db.schema
    .createTable('round_sources')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('source_round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('round_sources_pk', ['round_id', 'source_round_id'])
    .execute();

  await db.schema
    .createTable('round_stories')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_stories_pk', ['round_id', 'story_id'])
    .execute();
  await db.schema.createIndex('round_stories_story').on('round_stories').column('story_id').execute();

  await withId(db.schema.createTable('round_participants'), dialect)
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('order_seed', 'integer', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('round_participants_round')
    .on('round_participants')
    .columns(['round_id', 'user_id'])
    .execute();

  await withId(db.schema.createTable('ballots'), dialect)
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('participant_id', 'integer', (c) => c.unique().references('round_participants.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('cast_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ballots_round').on('ballots').column('round_id').execute();

  await db.schema
    .createTable('ballot_marks')
    .addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer')
    .addPrimaryKeyConstraint('ballot_marks_pk', ['ballot_id', 'story_id'])
    .execute();

  await withId(db.schema.createTable('decisions'), dialect)
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('domain_id', 'integer', (c) => c.references('domains.id').onDelete('set null'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dissent', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_round').on('decisions').columns(['round_id', 'domain_id']).execute();

  await withId(db.schema.createTable('selections'), dialect)
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('votes', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('selections_story').on('selections').column('story_id').execute();
  await db.schema.createIndex('selections_round').on('selections').column('round_id').execute();

  await withId(db.schema.createTable('annotations'), dialect)
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('round_participants.id').onDelete('cascade'))
    .addColumn('answer_position', 'integer')
    .addColumn('start_offset', 'integer')
    .addColumn('end_offset', 'integer')
    .addColumn('quote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('annotations_round_story').on('annotations').columns(['round_id', 'story_id']).execute();

  await withId(db.schema.createTable('learning_items'), dialect)
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('learning_items_inquiry').on('learning_items').column('inquiry_id').execute();

  await db.schema
    .createTable('learning_links')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('learning_items.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.references('stories.id').onDelete('cascade'))
    .addColumn('round_id', 'integer', (c) => c.references('rounds.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('learning_links_item').on('learning_links').column('item_id').execute();
}
