/** The few rows suggestions need: stories by id (consent- and withdrawal-aware) and the tags on stories. */
import type { Db } from '../db/database.ts';
import { storiesFor } from '../stories/store.ts';

export async function storiesByIds(db: Db, allianceId: number, ids: number[]): Promise<{ id: number; code: string; title: string }[]> {
  if (ids.length === 0) return [];
  return storiesFor(db, allianceId).where('stories.id', 'in', ids).select(['stories.id', 'stories.code', 'stories.title']).execute();
}

/** Which codebook tags are on which of these stories (whole story or a passage). */
export async function tagsOn(db: Db, storyIds: number[]): Promise<{ story_id: number; tag_id: number; name: string }[]> {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('story_tags')
    .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
    .where('story_tags.story_id', 'in', storyIds)
    .select(['story_tags.story_id', 'story_tags.tag_id', 'tags.name'])
    .distinct()
    .execute();
}
