/**
 * Tagging in the database: tags on whole stories and on passages. Every query names a story already found within
 * the alliance. A passage keeps its quote, so when the words are corrected it can be found again
 * (relocatePassages); a withdrawn story's tags go with its words. Registers those two as the codebook's story hooks.
 */
import { expressionBuilder } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Database, Inquiry, Story, StoryTag, Tag, TagSource } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { onStory } from '../stories/hooks.ts';
import { answersOf } from '../stories/words-store.ts';
import { placeKey, relocate } from './passages.ts';
import { insertTag, type TagFields } from './tags-store.ts';
import { byIdSlices } from '../db/id-lists.ts';

export interface StoryTagRow extends StoryTag {
  tag_name: string;
}

/** A story's tags, whole-story ones and passages, with their tags' names. */
export function listStoryTags(db: Db, storyId: number): Promise<StoryTagRow[]> {
  return db
    .selectFrom('story_tags')
    .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
    .selectAll('story_tags')
    .select('tags.name as tag_name')
    .where('story_tags.story_id', '=', storyId)
    .orderBy('story_tags.answer_position')
    .orderBy('story_tags.start_offset')
    .orderBy('tags.name')
    .orderBy('story_tags.id')
    .execute();
}

/**
 * Passages people tagged with these tags (limited to these stories when given): verbatim quotes, kept with the
 * words they mark, oldest first. Quoting them is the caller's to decide, by consent.
 */
export async function taggedPassages(db: Db, tagIds: number[], storyIds?: number[]) {
  if (tagIds.length === 0 || storyIds?.length === 0) return [];
  let query = db
    .selectFrom('story_tags')
    .select(['tag_id', 'story_id', 'quote'])
    .where('tag_id', 'in', tagIds)
    .where('answer_position', 'is not', null)
    .where('quote', '!=', '');
  if (storyIds) query = query.where('story_id', 'in', storyIds);
  return query.orderBy('id').execute();
}

/** Which tags are on which of these stories (whole story or a passage), each pair once. */
export async function tagsOn(
  db: Db,
  storyIds: number[],
): Promise<{ story_id: number; tag_id: number; name: string }[]> {
  return byIdSlices(storyIds, (ids) =>
    db
      .selectFrom('story_tags')
      .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
      .where('story_tags.story_id', 'in', ids)
      .select(['story_tags.story_id', 'story_tags.tag_id', 'tags.name'])
      .distinct()
      .orderBy('story_tags.story_id')
      .orderBy('story_tags.tag_id')
      .execute(),
  );
}

/** The ids of the stories carrying a tag (on the whole story or a passage), as a subquery for a filter on stories. */
export function taggedStoryIds(tagId: number) {
  return expressionBuilder<Database>()
    .selectFrom('story_tags')
    .select('story_tags.story_id')
    .where('story_tags.tag_id', '=', tagId);
}

export interface PassageInput {
  answerPosition: number;
  start: number;
  end: number;
  quote: string;
}

/** Which tag: one of the codebook's, or a new one made by name while tagging. */
export type TagChoice = { tag: Tag } | { newTag: TagFields };

/** Tags a story (or a passage of it). False when it already carries that tag in that place (nothing is written). */
export async function tagStory(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  story: Story,
  choice: TagChoice,
  passage: PassageInput | null,
  source: TagSource = 'person',
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const tag = 'tag' in choice ? choice.tag : await insertTag(trx, actor, inquiry, choice.newTag, now);
    const place = {
      answer_position: passage?.answerPosition ?? null,
      start_offset: passage?.start ?? null,
      end_offset: passage?.end ?? null,
      quote: passage?.quote ?? '',
    };
    const existing = await trx
      .selectFrom('story_tags')
      .selectAll()
      .where('story_id', '=', story.id)
      .where('tag_id', '=', tag.id)
      .execute();
    if (existing.some((row) => placeKey(row) === placeKey(place))) return false;
    await trx
      .insertInto('story_tags')
      .values({ story_id: story.id, tag_id: tag.id, ...place, source, created_by: actor.id, created_at: iso(now) })
      .execute();
    // The audit trail never holds story text, so not the quote: where it is, by position.
    const detail = {
      code: story.code,
      tag: tag.name,
      ...(passage ? { answer: passage.answerPosition + 1, from: passage.start, to: passage.end } : {}),
      source,
    };
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor,
        action: passage ? 'tag.passage_tagged' : 'tag.story_tagged',
        subjectType: 'story',
        subjectId: story.id,
        detail,
      },
      now,
    );
    return true;
  });
}

/**
 * Tags whole stories with the top-level tag of this name (whatever the case), made with this description if the
 * codebook has none, inside the caller's transaction: a theme turned into a tag. Stories already carrying it whole
 * are left as they are. Returns the tag's id and how many stories were newly tagged.
 */
export async function tagStoriesWith(
  trx: Db,
  actor: Actor,
  inquiryId: number,
  tag: { name: string; description: string },
  storyIds: number[],
  source: TagSource,
  now: Date,
): Promise<{ tagId: number; tagged: number }> {
  const existing = await trx
    .selectFrom('tags')
    .select('id')
    .where('inquiry_id', '=', inquiryId)
    .where('parent_id', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', tag.name.toLowerCase()))
    .executeTakeFirst();
  const tagId =
    existing?.id ??
    (
      await trx
        .insertInto('tags')
        .values({
          inquiry_id: inquiryId,
          parent_id: null,
          name: tag.name,
          description: tag.description,
          created_by: actor.id,
          created_at: iso(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const already = new Set(
    (
      await trx
        .selectFrom('story_tags')
        .select('story_id')
        .where('tag_id', '=', tagId)
        .where('answer_position', 'is', null)
        .execute()
    ).map((r) => r.story_id),
  );
  const rows = storyIds
    .filter((id) => !already.has(id))
    .map((id) => ({
      story_id: id,
      tag_id: tagId,
      answer_position: null,
      start_offset: null,
      end_offset: null,
      quote: '',
      source,
      created_by: actor.id,
      created_at: iso(now),
    }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('story_tags')
      .values(rows.slice(i, i + 500))
      .execute();
  return { tagId, tagged: rows.length };
}

/** Takes a tag off a story or a passage: where it was (the answer's position, null for the whole story), or undefined when the story has no such tag. */
export async function untagStory(
  db: Db,
  actor: Actor,
  story: Story,
  storyTagId: number,
  now = new Date(),
): Promise<{ answerPosition: number | null } | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('story_tags')
      .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
      .select(['story_tags.id', 'story_tags.answer_position', 'tags.name'])
      .where('story_tags.story_id', '=', story.id)
      .where('story_tags.id', '=', storyTagId)
      .executeTakeFirst();
    if (!row) return undefined;
    await trx.deleteFrom('story_tags').where('id', '=', row.id).execute();
    const detail = {
      code: story.code,
      tag: row.name,
      ...(row.answer_position !== null ? { answer: row.answer_position + 1 } : {}),
    };
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor,
        action: 'tag.untagged',
        subjectType: 'story',
        subjectId: story.id,
        detail,
      },
      now,
    );
    return { answerPosition: row.answer_position };
  });
}

/**
 * After a story's words were rewritten (inside updateStory's transaction): each passage whose quote is no longer
 * at its offsets is looked for in the same answer, nearest where it was; one that cannot be found is kept detached
 * (no offsets, quote kept) until it can be found again. A passage that lands where the same tag already is goes.
 */
export async function relocatePassages(db: Db, storyId: number): Promise<void> {
  const passages = await db
    .selectFrom('story_tags')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('answer_position', 'is not', null)
    .orderBy('id')
    .execute();
  if (passages.length === 0) return;
  const answers = await answersOf(db, [storyId]);
  const seen = new Set<string>();
  for (const passage of passages) {
    const text = answers.find((a) => a.position === passage.answer_position)?.value;
    const span = text === undefined ? null : relocate(text, passage.quote, passage.start_offset);
    const moved = { ...passage, start_offset: span?.start ?? null, end_offset: span?.end ?? null };
    const key = `${moved.tag_id}|${placeKey(moved)}`;
    if (seen.has(key)) {
      await db.deleteFrom('story_tags').where('id', '=', passage.id).execute();
      continue;
    }
    seen.add(key);
    if (moved.start_offset !== passage.start_offset || moved.end_offset !== passage.end_offset) {
      await db
        .updateTable('story_tags')
        .set({ start_offset: moved.start_offset, end_offset: moved.end_offset })
        .where('id', '=', passage.id)
        .execute();
    }
  }
}

/** A withdrawn story's tags go: tags on passages hold quotes of its words. */
export async function forgetStoryTags(db: Db, storyId: number): Promise<void> {
  await db.deleteFrom('story_tags').where('story_id', '=', storyId).execute();
}

onStory('codebook', { edited: relocatePassages, withdrawn: forgetStoryTags });
