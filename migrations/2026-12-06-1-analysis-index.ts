/**
 * story_analysis had two indexes starting with inquiry_id: (inquiry_id) alone and (inquiry_id, analysed_at). The
 * second answers every query the first did, so the first only cost each saved story one more index entry.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('story_analysis_inquiry').execute();
}
