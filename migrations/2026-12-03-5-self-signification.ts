/**
 * Questions the teller answers about their own story (self-signification): sliders between two ends, single and
 * multiple choice. They are guide questions marked `about_story`; a slider keeps its two ends in `options`. Each
 * answer keeps the ends or options as they were asked in `asked` (JSON), so a later guide change rewrites nothing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('questions')
    .addColumn('about_story', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('story_answers').addColumn('asked', 'text').execute();
}
