/**
 * Indexes for inquiries of 100,000 stories (found with bench/pages.ts and EXPLAIN): each lets a query that runs on
 * every page view read an index alone instead of every story's row.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The story list's count and its common filters (status, domain) read only these columns.
  await db.schema
    .createIndex('stories_list')
    .on('stories')
    .columns(['inquiry_id', 'status', 'domain_id', 'withdrawn_at', 'alliance_id'])
    .execute();
  // Who interviewed (or partnered on) an inquiry's stories: one index probe per person, not a scan of the stories.
  await db.schema
    .createIndex('stories_interviewer')
    .on('stories')
    .columns(['inquiry_id', 'interviewer_id', 'alliance_id'])
    .execute();
  await db.schema
    .createIndex('stories_partner')
    .on('stories')
    .columns(['inquiry_id', 'partner_id', 'alliance_id'])
    .execute();
  // Whether an inquiry's similar-stories index is stale (how many analyses, the latest change), on every story page.
  await db.schema
    .createIndex('story_analysis_changed')
    .on('story_analysis')
    .columns(['inquiry_id', 'analysed_at'])
    .execute();
}
