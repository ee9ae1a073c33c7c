/** The few rows suggestions need: stories by id and their stored analyses (consent- and withdrawal-aware). */
import type { Db } from '../db/database.ts';
import { storiesFor } from '../stories/consent.ts';
import { analysesOf, stored, type StoredAnalysis } from './analysis-store.ts';

export async function storiesByIds(
  db: Db,
  allianceId: number,
  ids: number[],
): Promise<{ id: number; code: string; title: string }[]> {
  if (ids.length === 0) return [];
  return storiesFor(db, allianceId)
    .where('stories.id', 'in', ids)
    .select(['stories.id', 'stories.code', 'stories.title'])
    .execute();
}

/** The ids of the inquiry's stories with a stored analysis that outputs may use (as loadAnalyses reads them). */
export async function analysedIds(db: Db, allianceId: number, inquiryId: number): Promise<number[]> {
  const rows = await storiesFor(db, allianceId)
    .innerJoin('story_analysis', 'story_analysis.story_id', 'stories.id')
    .where('story_analysis.inquiry_id', '=', inquiryId)
    .select('story_analysis.story_id')
    .execute();
  return rows.map((r) => r.story_id);
}

/**
 * A batch of the inquiry's stored analyses, newest story first, before `beforeStoryId` when given (for building an
 * index of the newest stories in steps).
 */
export async function analysesBefore(
  db: Db,
  allianceId: number,
  inquiryId: number,
  beforeStoryId: number | undefined,
  limit: number,
): Promise<StoredAnalysis[]> {
  let query = analysesOf(db, allianceId, inquiryId);
  if (beforeStoryId !== undefined) query = query.where('story_analysis.story_id', '<', beforeStoryId);
  return (await query.orderBy('story_analysis.story_id', 'desc').limit(limit).execute()).map(stored);
}

/** One story's stored analysis, if outputs may use it. */
export async function analysisOfStory(db: Db, story: { id: number; alliance_id: number; inquiry_id: number }) {
  const row = await analysesOf(db, story.alliance_id, story.inquiry_id)
    .where('story_analysis.story_id', '=', story.id)
    .executeTakeFirst();
  return row && stored(row);
}
