/**
 * Lists filtered by a storyteller's answer (issue 20): the filter compares answers whatever their case, so the
 * index holds lower(value), and it carries the story id so the matching stories are read from the index alone.
 * The list's index gains the story id, so PostgreSQL counts a filtered list from the index without the rows.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX story_attributes_answer ON story_attributes (attribute_id, lower(value), story_id)`.execute(
    db,
  );
  await db.schema.dropIndex('story_attributes_value').execute();
  await db.schema.dropIndex('stories_list').execute();
  await db.schema
    .createIndex('stories_list')
    .on('stories')
    .columns(['inquiry_id', 'status', 'domain_id', 'withdrawn_at', 'alliance_id', 'id'])
    .execute();
}
