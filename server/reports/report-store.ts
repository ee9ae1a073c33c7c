/**
 * What a report is built from, read in a few whole-inquiry queries (the report does the counting in report.ts).
 * Stories come only through storiesFor, so drafts and withdrawn stories are never read; the funder view asks for
 * stories whose tellers agreed to share them with funders. Nothing here reads who interviewed whom.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, ReportText, StoryRoute } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { listRounds } from '../rounds/rounds-store.ts';
import { selectionsForInquiry } from '../rounds/selections-store.ts';
import { quotableColumn, storiesFor, tellerColumn, type Audience } from '../stories/consent.ts';

export interface ReportStory {
  id: number;
  code: string;
  title: string;
  route: StoryRoute;
  domain_id: number | null;
  /** The day it was told, or the day it was recorded when that is not known (YYYY-MM-DD). */
  day: string;
  read_back_on: string | null;
  read_back_changes: string | null;
  verified_on: string | null;
  /** 1 when the teller agreed to be quoted. */
  quotable: number;
  /** Blank for anonymous tellers, and for funders. */
  storyteller: string;
}

/** The inquiry's stories this audience may be told about: never drafts or withdrawn ones. */
export async function reportStories(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
): Promise<ReportStory[]> {
  const rows = await storiesFor(db, inquiry.alliance_id, undefined, audience)
    .select([
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.route',
      'stories.domain_id',
      'stories.told_on',
      'stories.created_at',
      'stories.read_back_on',
      'stories.read_back_changes',
      'stories.verified_on',
    ])
    .select([quotableColumn(), tellerColumn(audience)])
    .where('stories.inquiry_id', '=', inquiry.id)
    .orderBy('stories.code')
    .execute();
  return rows.map(({ told_on, created_at, ...r }) => ({
    ...r,
    day: told_on ?? created_at.slice(0, 10),
    quotable: Number(r.quotable),
  }));
}

/** Every storyteller answer (who they are, age band…) of the inquiry's stories; the caller keeps those it reports. */
export function storytellerAnswers(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  return storiesFor(db, inquiry.alliance_id)
    .innerJoin('story_attributes', 'story_attributes.story_id', 'stories.id')
    .select([
      'story_attributes.story_id',
      'story_attributes.attribute_id',
      'story_attributes.label',
      'story_attributes.value',
    ])
    .where('stories.inquiry_id', '=', inquiry.id)
    .orderBy('story_attributes.id')
    .execute();
}

export function inquiryAttributes(db: Db, inquiryId: number) {
  return db
    .selectFrom('attributes')
    .select(['id', 'label', 'kind', 'options'])
    .where('inquiry_id', '=', inquiryId)
    .where('archived', '=', 0)
    .orderBy('position')
    .execute();
}

export function inquiryDomains(db: Db, inquiryId: number) {
  return db
    .selectFrom('domains')
    .select(['id', 'name', 'archived'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('position')
    .execute();
}

/** The panels: each round, which stories it read, and who sat on it by role (members) or as guests. */
export async function panelsOf(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const rounds = await listRounds(db, inquiry.alliance_id, inquiry.id);
  const ids = rounds.map((r) => r.id);
  if (ids.length === 0) return { rounds, readings: [], sitters: [] };
  const readings = await db
    .selectFrom('round_stories')
    .select(['round_id', 'story_id'])
    .where('round_id', 'in', ids)
    .execute();
  const sitters = await db
    .selectFrom('round_participants')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'round_participants.user_id')
        .on('memberships.alliance_id', '=', inquiry.alliance_id),
    )
    .select(['round_participants.round_id', 'round_participants.user_id', 'memberships.role'])
    .where('round_participants.round_id', 'in', ids)
    .execute();
  return { rounds, readings, sitters };
}

/** Every choice a panel made in this inquiry, with its reasons (stories a panel may read, not withdrawn). */
export function inquirySelections(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  return selectionsForInquiry(db, inquiry.alliance_id, inquiry.id);
}

/** The teller's words of these stories (the story, why it matters, and the longer answers), in order. */
export async function storyWords(db: Db, storyIds: number[]) {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('story_answers')
    .select(['story_id', 'kind', 'prompt', 'value'])
    .where('story_id', 'in', storyIds)
    .where('kind', 'in', ['story', 'why', 'long'])
    .orderBy('story_id')
    .orderBy('position')
    .execute();
}

/** The latest finished theme run of the inquiry, its themes still in play, their stories and codebook tags. */
export async function latestThemes(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const run = await db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('status', '=', 'done')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!run) return undefined;
  const themes = await db
    .selectFrom('themes')
    .leftJoin('tags', (join) => join.onRef('tags.id', '=', 'themes.tag_id').on('tags.inquiry_id', '=', inquiry.id))
    .select([
      'themes.id',
      'themes.label',
      'themes.name',
      'themes.status',
      'themes.tag_id',
      'tags.name as tag_name',
      'themes.position',
    ])
    .where('themes.run_id', '=', run.id)
    .where('themes.status', 'in', ['suggested', 'kept'])
    .orderBy('themes.position')
    .execute();
  const members = themes.length
    ? await db
        .selectFrom('theme_stories')
        .select(['theme_id', 'story_id', 'rank'])
        .where(
          'theme_id',
          'in',
          themes.map((t) => t.id),
        )
        .orderBy('theme_id')
        .orderBy('rank')
        .execute()
    : [];
  return { run, themes, members };
}

/** Passages people tagged with these codebook tags: verbatim quotes, kept with the words they mark. */
export async function taggedPassages(db: Db, tagIds: number[]) {
  if (tagIds.length === 0) return [];
  return db
    .selectFrom('story_tags')
    .select(['tag_id', 'story_id', 'quote'])
    .where('tag_id', 'in', tagIds)
    .where('answer_position', 'is not', null)
    .where('quote', '!=', '')
    .orderBy('id')
    .execute();
}

/** The "story" answers of these stories, to quote from when no passage was tagged. */
export async function storyAnswers(db: Db, storyIds: number[]) {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('story_answers')
    .select(['story_id', 'value'])
    .where('story_id', 'in', storyIds)
    .where('kind', '=', 'story')
    .orderBy('position')
    .execute();
}

/* ---------- The coordinator's own words ---------- */

export interface ReportPeriod {
  from: string;
  to: string;
}

export function findTexts(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  period: ReportPeriod,
): Promise<ReportText | undefined> {
  return db
    .selectFrom('report_texts')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('period_from', '=', period.from)
    .where('period_to', '=', period.to)
    .executeTakeFirst();
}

export interface TextsInput {
  title: string;
  introduction: string;
  conclusions: string;
}

/** Saves the report's title, introduction and conclusions for this period, replacing what was there. */
export async function saveTexts(
  db: Db,
  actor: Actor,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  period: ReportPeriod,
  input: TextsInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await findTexts(trx, inquiry, period);
    const values = {
      title: input.title,
      introduction: input.introduction,
      conclusions: input.conclusions,
      updated_by: actor.id,
      updated_at: iso(now),
    };
    if (existing) await trx.updateTable('report_texts').set(values).where('id', '=', existing.id).execute();
    else
      await trx
        .insertInto('report_texts')
        .values({
          alliance_id: inquiry.alliance_id,
          inquiry_id: inquiry.id,
          period_from: period.from,
          period_to: period.to,
          ...values,
        })
        .execute();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'report.texts_saved',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { from: period.from, to: period.to },
      },
      now,
    );
  });
}
