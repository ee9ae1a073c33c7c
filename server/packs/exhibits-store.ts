/**
 * What an exhibit sequence shows: kept themes of the inquiry's latest finished run, with verbatim quotes only from
 * stories whose tellers allowed quoting, and the stories panels chose, with their reasons (only stories a panel
 * may still read). Every query names the alliance, or a round or inquiry already found within it.
 */
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { quotableColumn, storiesFor } from '../stories/consent.ts';

export function latestDoneRun(db: Db, allianceId: number, inquiryId: number): Promise<AnalysisRun | undefined> {
  return db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('inquiry_id', '=', inquiryId)
    .where('status', '=', 'done')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export interface KeptTheme {
  id: number;
  name: string;
  tagId: number | null;
  /** The theme's stories an output may show (within the round, for a round), nearest the centre first. */
  members: { storyId: number; quotable: boolean }[];
}

/** The run's kept themes, with their visible stories (limited to these stories when given). */
export async function keptThemes(db: Db, run: AnalysisRun, onlyStories?: number[]): Promise<KeptTheme[]> {
  const themes = await db
    .selectFrom('themes')
    .select(['id', 'name', 'label', 'tag_id'])
    .where('run_id', '=', run.id)
    .where('status', '=', 'kept')
    .orderBy('position')
    .execute();
  if (themes.length === 0 || onlyStories?.length === 0) return [];
  let members = storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .select(['theme_stories.theme_id', 'stories.id'])
    .select(quotableColumn())
    .where(
      'theme_stories.theme_id',
      'in',
      themes.map((t) => t.id),
    )
    .orderBy('theme_stories.rank');
  if (onlyStories) members = members.where('stories.id', 'in', onlyStories);
  const rows = await members.execute();
  return themes.map((t) => ({
    id: t.id,
    name: t.name || t.label,
    tagId: t.tag_id,
    members: rows
      .filter((r) => r.theme_id === t.id)
      .map((r) => ({ storyId: r.id, quotable: Number(r.quotable) === 1 })),
  }));
}

/** Passages tagged with this tag, from stories whose tellers allowed quoting. */
export function taggedPassages(
  db: Db,
  allianceId: number,
  tagId: number,
  storyIds: number[],
): Promise<{ story_id: number; quote: string }[]> {
  if (storyIds.length === 0) return Promise.resolve([]);
  return storiesFor(db, allianceId, 'quotes')
    .innerJoin('story_tags', 'story_tags.story_id', 'stories.id')
    .select(['story_tags.story_id', 'story_tags.quote'])
    .where('story_tags.tag_id', '=', tagId)
    .where('story_tags.answer_position', 'is not', null)
    .where('story_tags.quote', '!=', '')
    .where('stories.id', 'in', storyIds)
    .orderBy('story_tags.id')
    .execute();
}

/** The main story answer of each story whose teller allowed quoting: where a quote is taken from. */
export async function storyAnswers(db: Db, allianceId: number, storyIds: number[]): Promise<Map<number, string>> {
  if (storyIds.length === 0) return new Map();
  const rows = await storiesFor(db, allianceId, 'quotes')
    .innerJoin('story_answers', 'story_answers.story_id', 'stories.id')
    .select(['stories.id', 'story_answers.value'])
    .where('stories.id', 'in', storyIds)
    .where('story_answers.kind', '=', 'story')
    .orderBy('story_answers.position')
    .execute();
  const found = new Map<number, string>();
  for (const r of rows) if (!found.has(r.id) && r.value.trim() !== '') found.set(r.id, r.value);
  return found;
}

export interface ChosenStory {
  round_id: number;
  round_name: string;
  panel: string;
  domain_name: string | null;
  reasons: string;
  dissent: string;
  story_id: number;
  code: string;
  title: string;
  /** 1 when the teller agreed to be quoted. */
  quotable: number;
}

/** Stories chosen by the inquiry's rounds (or one round), with the reasons, only while a panel may read them. */
export async function chosenStories(
  db: Db,
  allianceId: number,
  where: { inquiryId: number; roundId?: number },
): Promise<ChosenStory[]> {
  let query = storiesFor(db, allianceId, 'panels')
    .innerJoin('selections', 'selections.story_id', 'stories.id')
    .innerJoin('decisions', 'decisions.id', 'selections.decision_id')
    .innerJoin('rounds', 'rounds.id', 'decisions.round_id')
    .leftJoin('domains', 'domains.id', 'decisions.domain_id')
    .select([
      'rounds.id as round_id',
      'rounds.name as round_name',
      'rounds.panel',
      'domains.name as domain_name',
      'decisions.reasons',
      'decisions.dissent',
      'stories.id as story_id',
      'stories.code',
      'stories.title',
    ])
    .select(quotableColumn())
    .where('rounds.alliance_id', '=', allianceId)
    .where('rounds.inquiry_id', '=', where.inquiryId)
    .where('decisions.outcome', '=', 'chosen');
  if (where.roundId !== undefined) query = query.where('rounds.id', '=', where.roundId);
  const rows = await query
    .orderBy('rounds.level')
    .orderBy('rounds.id')
    .orderBy('decisions.id')
    .orderBy('selections.id')
    .execute();
  return rows.map((r) => ({ ...r, quotable: Number(r.quotable) }));
}
