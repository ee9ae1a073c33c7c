/**
 * The words of many stories at once, for outputs (reports, packs, exhibits): their answers and their tellers'
 * answers about themselves. Callers pass only stories `storiesFor` (./consent.ts) gave them for their use; the
 * whole-inquiry read goes through it here.
 */
import type { Db } from '../db/database.ts';
import type { Inquiry, QuestionKind } from '../db/schema.ts';
import { storiesFor } from './consent.ts';

/** These stories' answers of these kinds, story by story, each in the order asked. */
export async function storyWords(db: Db, storyIds: number[], kinds: readonly QuestionKind[]) {
  if (storyIds.length === 0 || kinds.length === 0) return [];
  return db
    .selectFrom('story_answers')
    .select(['story_id', 'kind', 'prompt', 'value'])
    .where('story_id', 'in', storyIds)
    .where('kind', 'in', kinds)
    .orderBy('story_id')
    .orderBy('position')
    .execute();
}

/** What the tellers of these stories said about themselves (age band, place…), story by story. */
export async function storytellerAnswers(db: Db, storyIds: number[]) {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('story_attributes')
    .select(['story_id', 'attribute_id', 'label', 'value'])
    .where('story_id', 'in', storyIds)
    .orderBy('story_id')
    .orderBy('id')
    .execute();
}

/** Every storyteller answer of the inquiry's stories that outputs may show (no drafts, nothing withdrawn). */
export function inquiryStorytellerAnswers(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
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
