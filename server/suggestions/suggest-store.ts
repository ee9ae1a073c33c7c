/** The few rows suggestions need: stories by id and their stored analyses (consent- and withdrawal-aware). */
import type { Db } from '../db/database.ts';
import { storiesFor } from '../stories/consent.ts';
import type { StoredAnalysis } from './analysis-store.ts';

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

/** A batch of the inquiry's stored analyses, in story order after `afterStoryId` (for building an index in steps). */
export async function analysesAfter(
  db: Db,
  allianceId: number,
  inquiryId: number,
  afterStoryId: number,
  limit: number,
): Promise<StoredAnalysis[]> {
  const rows = await storiesFor(db, allianceId)
    .innerJoin('story_analysis', 'story_analysis.story_id', 'stories.id')
    .where('story_analysis.inquiry_id', '=', inquiryId)
    .where('story_analysis.story_id', '>', afterStoryId)
    .select([
      'story_analysis.story_id',
      'story_analysis.counts',
      'story_analysis.surface',
      'story_analysis.analysed_at',
    ])
    .orderBy('story_analysis.story_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    storyId: r.story_id,
    analysedAt: r.analysed_at,
    analysed: {
      counts: new Map(Object.entries(JSON.parse(r.counts) as Record<string, number>)),
      surface: new Map(Object.entries(JSON.parse(r.surface) as Record<string, string>)),
    },
  }));
}
