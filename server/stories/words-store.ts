/**
 * The words of many stories at once, for outputs (reports, packs, exhibits) and for the capabilities that work on
 * them (tagging, theme runs): their answers and their tellers' answers about themselves. Callers pass only stories
 * `storiesFor` (./consent.ts) gave them for their use; the whole-inquiry read goes through it here.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, Inquiry, QuestionKind, StoryAnswer } from '../db/schema.ts';
import { storiesFor, type Audience } from './consent.ts';
import { byIdSlices } from '../db/id-lists.ts';

/** How many stories' answers one query asks for: more than byIdSlices' usual 5,000, still well under the limits. */
const ANSWERS_BATCH = 10_000;

export type AnswerOf = Pick<StoryAnswer, 'story_id' | 'position' | 'kind' | 'prompt' | 'value'>;

/**
 * The answers of stories the caller has already found (through storiesFor, or a story of its alliance), by story
 * then in the order asked; only answers of these kinds when given. Decides nothing about consent.
 */
export async function answersOf(
  db: Db,
  storyIds: readonly number[],
  kinds?: readonly QuestionKind[],
): Promise<AnswerOf[]> {
  if (kinds?.length === 0) return [];
  return byIdSlices(
    storyIds,
    (ids) => {
      let query = db
        .selectFrom('story_answers')
        .select(['story_id', 'position', 'kind', 'prompt', 'value'])
        .where('story_id', 'in', ids);
      if (kinds) query = query.where('kind', 'in', kinds);
      return query.orderBy('story_id').orderBy('position').execute();
    },
    ANSWERS_BATCH,
  );
}

/**
 * What the tellers of these stories said about themselves (age band, place…), story by story; for funders, never
 * an anonymous teller's (attributesShown in ./consent.ts): a chosen story is shown to them by its code.
 */
export async function storytellerAnswers(db: Db, storyIds: number[], audience: Audience = 'team') {
  return byIdSlices(storyIds, (ids) => {
    let query = db
      .selectFrom('story_attributes')
      .innerJoin('stories', 'stories.id', 'story_attributes.story_id')
      .select([
        'story_attributes.story_id',
        'story_attributes.attribute_id',
        'story_attributes.label',
        'story_attributes.value',
      ])
      .where('story_attributes.story_id', 'in', ids);
    if (audience === 'funders') query = query.where('stories.anonymous', '=', 0);
    return query.orderBy('story_attributes.story_id').orderBy('story_attributes.id').execute();
  });
}

/**
 * Every storyteller answer of the inquiry's stories that outputs may show (no drafts, nothing withdrawn); for
 * funders, none of an anonymous teller's.
 */
export function inquiryStorytellerAnswers(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience = 'team',
) {
  let stories = storiesFor(db, inquiry.alliance_id);
  if (audience === 'funders') stories = stories.where('stories.anonymous', '=', 0);
  return stories
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

/**
 * How many of `stories` (a subquery of ids from storiesFor) gave each storyteller answer, counted in the database:
 * one row per question and answer, however many stories gave it. Blank answers are not counted, nor for funders an
 * anonymous teller's (they count as not given).
 */
export async function storytellerAnswerCounts(
  db: Db,
  stories: SelectQueryBuilder<Database, 'stories', { id: number }>,
  audience: Audience = 'team',
) {
  const value = sql<string>`trim(story_attributes.value)`;
  const rows = await db
    .selectFrom('story_attributes')
    .select(['attribute_id', 'label', value.as('value'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('story_id', 'in', audience === 'funders' ? stories.where('stories.anonymous', '=', 0) : stories)
    .where(value, '!=', '')
    .groupBy(['attribute_id', 'label', value])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
