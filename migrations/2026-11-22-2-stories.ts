/** Inquiries (guide, domains, storyteller attributes, consent) and stories (answers, versions, consent, search). */
import { sql, type Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('inquiries'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('period_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ai_topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consent_statement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('code_prefix', 'text', (c) => c.notNull())
    .addColumn('story_counter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('public_token', 'text', (c) => c.unique())
    .addColumn('public_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiries_alliance').on('inquiries').column('alliance_id').execute();

  await withId(db.schema.createTable('domains'), dialect)
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('domains_inquiry').on('domains').columns(['inquiry_id', 'position']).execute();

  await withId(db.schema.createTable('questions'), dialect)
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('help', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('phase', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('questions_inquiry').on('questions').columns(['inquiry_id', 'position']).execute();

  await withId(db.schema.createTable('attributes'), dialect)
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('attributes_inquiry').on('attributes').columns(['inquiry_id', 'position']).execute();

  let stories = withId(db.schema.createTable('stories'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.references('domains.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('storyteller', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('interviewer_id', 'integer', (c) => c.references('users.id'))
    .addColumn('partner_id', 'integer', (c) => c.references('users.id'))
    .addColumn('told_on', 'text')
    .addColumn('told_where', 'text', (c) => c.notNull().defaultTo(''));
  for (const use of ['panels', 'packs', 'quotes', 'funders', 'publish', 'anonymous']) {
    stories = stories.addColumn(use === 'anonymous' ? use : `consent_${use}`, 'integer', (c) =>
      c.notNull().defaultTo(0),
    );
  }
  await stories
    .addColumn('consent_how', 'text')
    .addColumn('consent_on', 'text')
    .addColumn('consent_recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('read_back_on', 'text')
    .addColumn('read_back_by', 'integer', (c) => c.references('users.id'))
    .addColumn('read_back_changes', 'text')
    .addColumn('verified_on', 'text')
    .addColumn('verified_by', 'integer', (c) => c.references('users.id'))
    .addColumn('verification_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('withdrawn_at', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.unique())
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('stories_inquiry_code', ['inquiry_id', 'code'])
    .execute();
  await db.schema.createIndex('stories_inquiry_status').on('stories').columns(['inquiry_id', 'status', 'id']).execute();
  await db.schema.createIndex('stories_alliance').on('stories').columns(['alliance_id', 'id']).execute();

  await withId(db.schema.createTable('story_answers'), dialect)
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.references('questions.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_answers_story').on('story_answers').columns(['story_id', 'position']).execute();

  await withId(db.schema.createTable('story_attributes'), dialect)
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('attribute_id', 'integer', (c) => c.references('attributes.id').onDelete('set null'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_attributes_story').on('story_attributes').column('story_id').execute();
  await db.schema
    .createIndex('story_attributes_value')
    .on('story_attributes')
    .columns(['attribute_id', 'value'])
    .execute();

  await withId(db.schema.createTable('story_versions'), dialect)
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'integer', (c) => c.references('users.id'))
    .addColumn('editor_name', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('story_versions_number', ['story_id', 'number'])
    .execute();

  await withId(db.schema.createTable('parked_forms'), dialect)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Full-text search over a story's title and answers: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL.
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE story_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await db.schema
      .createTable('story_search')
      .addColumn('story_id', 'integer', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
      .addColumn('body', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX story_search_body ON story_search USING gin (body)`.execute(db);
  }
}
