/**
 * What language processing made of each story (stems and their counts), kept in story_analysis so tf-idf can be
 * updated story by story. Written in the same transaction as the story; deleted when a story is withdrawn, with the
 * story's place in any theme — the words leave the analysis caches too.
 */
import type { Db } from '../db/database.ts';
import { iso } from '../db/time.ts';
import { storiesFor } from '../stories/consent.ts';
import { onStory, type CreatedStory } from '../stories/hooks.ts';
import { fromJson, toJson } from '../text/analysis-json.ts';
import { analyse } from '../text/text.ts';
import type { Analysed } from '../text/types.ts';
import { byIdSlices } from '../db/id-lists.ts';

/** Analyses and stores a story's words, or forgets them while it is a draft (drafts are in no output). */
export async function saveAnalysis(
  db: Db,
  story: { id: number; inquiry_id: number; status: string; language: string },
  text: string,
  now = new Date(),
): Promise<void> {
  await db.deleteFrom('story_analysis').where('story_id', '=', story.id).execute();
  if (story.status === 'draft' || story.status === 'withdrawn') return;
  await db
    .insertInto('story_analysis')
    .values({
      story_id: story.id,
      inquiry_id: story.inquiry_id,
      ...toJson(analyse(text, story.language)),
      analysed_at: iso(now),
    })
    .execute();
}

/** Removes a withdrawn story's stored analysis. */
export async function forgetAnalysis(db: Db, storyId: number): Promise<void> {
  await db.deleteFrom('story_analysis').where('story_id', '=', storyId).execute();
}

/** Analyses and stores many new stories' words at once (an import), drafts left out. */
export async function saveAnalyses(db: Db, stories: CreatedStory[], now = new Date()): Promise<void> {
  const rows = stories
    .filter(({ story }) => story.status !== 'draft' && story.status !== 'withdrawn')
    .map(({ story, analysis }) => ({
      story_id: story.id,
      inquiry_id: story.inquiry_id,
      ...analysis,
      analysed_at: iso(now),
    }));
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('story_analysis')
      .values(rows.slice(i, i + 1000))
      .execute();
}

onStory('suggestions', { saved: saveAnalysis, created: saveAnalyses, withdrawn: forgetAnalysis });

export interface StoredAnalysis {
  storyId: number;
  analysed: Analysed;
  analysedAt: string;
}

/** The stored analyses of an inquiry's stories that outputs may use (no drafts, nothing withdrawn), as a query. */
export function analysesOf(db: Db, allianceId: number, inquiryId: number) {
  return storiesFor(db, allianceId)
    .innerJoin('story_analysis', 'story_analysis.story_id', 'stories.id')
    .where('story_analysis.inquiry_id', '=', inquiryId)
    .select([
      'story_analysis.story_id',
      'story_analysis.counts',
      'story_analysis.surface',
      'story_analysis.analysed_at',
    ]);
}

/** A row of analysesOf, read back into stems and their counts. */
export function stored(row: {
  story_id: number;
  counts: string;
  surface: string;
  analysed_at: string;
}): StoredAnalysis {
  return {
    storyId: row.story_id,
    analysedAt: row.analysed_at,
    analysed: fromJson(row),
  };
}

/** The stored analyses of an inquiry's stories that outputs may use, optionally only those changed since a time. */
export async function loadAnalyses(
  db: Db,
  allianceId: number,
  inquiryId: number,
  since?: string,
): Promise<StoredAnalysis[]> {
  let query = analysesOf(db, allianceId, inquiryId);
  if (since) query = query.where('story_analysis.analysed_at', '>', since);
  return (await query.execute()).map(stored);
}

/** When the inquiry's analyses last changed: one probe of story_analysis_changed, cheap at any size. */
export async function latestAnalysed(db: Db, inquiryId: number): Promise<string> {
  const row = await db
    .selectFrom('story_analysis')
    .select((eb) => eb.fn.max('analysed_at').as('latest'))
    .where('inquiry_id', '=', inquiryId)
    .executeTakeFirstOrThrow();
  return String(row.latest ?? '');
}

/** How many analyses the inquiry has and when they last changed (the count reads the index: a million is slow). */
export async function analysisState(db: Db, inquiryId: number): Promise<{ count: number; latest: string }> {
  const row = await db
    .selectFrom('story_analysis')
    .select([db.fn.countAll().as('n'), db.fn.max('analysed_at').as('latest')])
    .where('inquiry_id', '=', inquiryId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), latest: String(row.latest ?? '') };
}

/**
 * The stored counts of these stories (JSON, as stored), and their surface forms when asked, by story id; none for a
 * story with no stored analysis.
 */
export async function storedWords(
  db: Db,
  storyIds: readonly number[],
  withSurface = false,
): Promise<Map<number, { counts: string; surface?: string }>> {
  const rows = await byIdSlices(storyIds, (ids) => {
    const query = db.selectFrom('story_analysis').select(['story_id', 'counts']).where('story_id', 'in', ids);
    return withSurface ? query.select('surface').execute() : query.execute();
  });
  return new Map(rows.map((row) => [row.story_id, row]));
}
