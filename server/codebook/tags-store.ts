/**
 * The codebook in the database: an inquiry's tags (a tree), shaped, merged and deleted, and how many and which
 * stories carry each. Every query names an inquiry already found within the alliance. Counts and lists of tagged
 * stories use storiesFor, so drafts and withdrawn stories never count. Tagging stories is in ./tagging-store.ts.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, Tag } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { storiesFor } from '../stories/consent.ts';
import type { MergePlan } from './codebook.ts';
import { tagDeleted, tagsMerged } from './hooks.ts';
import { placeKey } from './passages.ts';

export function listTags(db: Db, inquiry: Pick<Inquiry, 'id'>): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().where('inquiry_id', '=', inquiry.id).orderBy('id').execute();
}

export function findTag(db: Db, inquiry: Pick<Inquiry, 'id'>, tagId: number): Promise<Tag | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('id', '=', tagId)
    .executeTakeFirst();
}

export interface TagCounts {
  /** Tag id -> how many stories carry it (on the whole story or a passage). */
  stories: Map<number, number>;
  /** "tagId:domainId" (domainId "none" for a story without a domain) -> how many stories. */
  byDomain: Map<string, number>;
}

/** How many recorded, not withdrawn stories carry each tag, in all and per domain of change. */
export async function countTags(db: Db, inquiry: Inquiry): Promise<TagCounts> {
  const tagged = () =>
    storiesFor(db, inquiry.alliance_id)
      .innerJoin('story_tags', 'story_tags.story_id', 'stories.id')
      .where('stories.inquiry_id', '=', inquiry.id);
  const [totals, perDomain] = await Promise.all([
    tagged()
      .select((eb) => ['story_tags.tag_id', eb.fn.count<number>('stories.id').distinct().as('n')])
      .groupBy('story_tags.tag_id')
      .execute(),
    tagged()
      .select((eb) => ['story_tags.tag_id', 'stories.domain_id', eb.fn.count<number>('stories.id').distinct().as('n')])
      .groupBy(['story_tags.tag_id', 'stories.domain_id'])
      .execute(),
  ]);
  return {
    stories: new Map(totals.map((r) => [r.tag_id, Number(r.n)])),
    byDomain: new Map(perDomain.map((r) => [`${r.tag_id}:${r.domain_id ?? 'none'}`, Number(r.n)])),
  };
}

export interface TagFields {
  name: string;
  description: string;
  parentId: number | null;
}

export async function createTag(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  fields: TagFields,
  now = new Date(),
): Promise<Tag> {
  return db.transaction().execute((trx) => insertTag(trx, actor, inquiry, fields, now));
}

/** Inserts a tag inside the caller's transaction, with its audit event (createTag, and tagStory's new tags). */
export async function insertTag(db: Db, actor: Actor, inquiry: Inquiry, fields: TagFields, now: Date): Promise<Tag> {
  const tag = await db
    .insertInto('tags')
    .values({
      inquiry_id: inquiry.id,
      parent_id: fields.parentId,
      name: fields.name,
      description: fields.description,
      created_by: actor.id,
      created_at: iso(now),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    {
      allianceId: inquiry.alliance_id,
      actor,
      action: 'tag.created',
      subjectType: 'tag',
      subjectId: tag.id,
      detail: { inquiryId: inquiry.id, name: tag.name, parentId: tag.parent_id },
    },
    now,
  );
  return tag;
}

/**
 * A tag made from a theme takes the theme's words again once a withdrawal took some of them (the themes' withdrawal
 * hook): only while it still has the name the theme gave it, so a name people chose stays. No audit event keeps the
 * old name, which held the withdrawn story's words.
 */
export async function renameThemeTag(
  db: Db,
  tagId: number,
  from: string,
  to: { name: string; description: string },
): Promise<void> {
  await db.updateTable('tags').set(to).where('id', '=', tagId).where('name', '=', from).execute();
}

/** Renames, describes or moves a tag (the routes have checked the move makes no loop). */
export async function updateTag(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  tag: Tag,
  fields: TagFields,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tags')
      .set({ name: fields.name, description: fields.description, parent_id: fields.parentId })
      .where('id', '=', tag.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    const detail = {
      inquiryId: inquiry.id,
      name: fields.name,
      ...(tag.name !== fields.name ? { was: tag.name } : {}),
      parentId: fields.parentId,
    };
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: tag.parent_id !== fields.parentId ? 'tag.moved' : 'tag.changed',
        subjectType: 'tag',
        subjectId: tag.id,
        detail,
      },
      now,
    );
  });
}

/** Moves one tag's story tags to another, dropping any the story already has in the same place. Returns how many moved. */
async function moveStoryTags(db: Db, from: number, into: number): Promise<number> {
  const rows = await db.selectFrom('story_tags').selectAll().where('tag_id', 'in', [from, into]).execute();
  const held = new Set(rows.filter((r) => r.tag_id === into).map((r) => `${r.story_id}|${placeKey(r)}`));
  let moved = 0;
  for (const row of rows.filter((r) => r.tag_id === from)) {
    const key = `${row.story_id}|${placeKey(row)}`;
    if (held.has(key)) {
      await db.deleteFrom('story_tags').where('id', '=', row.id).execute();
    } else {
      held.add(key);
      await db.updateTable('story_tags').set({ tag_id: into }).where('id', '=', row.id).execute();
      moved++;
    }
  }
  return moved;
}

/** Merges `from` into `into` following the plan (see planMerge): story tags move without duplicates, sub-tags move or merge, `from` goes. */
export async function mergeTags(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  from: Tag,
  into: Tag,
  plan: MergePlan,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const move of plan.moves)
      await trx
        .updateTable('tags')
        .set({ parent_id: move.parentId })
        .where('id', '=', move.id)
        .where('inquiry_id', '=', inquiry.id)
        .execute();
    let storyTags = 0;
    for (const merge of plan.merges) {
      storyTags += await moveStoryTags(trx, merge.from, merge.into);
      // What pointed at this tag (themes that became it) now points at the tag it was merged into.
      await tagsMerged(trx, merge.from, merge.into);
      await trx.deleteFrom('tags').where('id', '=', merge.from).where('inquiry_id', '=', inquiry.id).execute();
    }
    const detail = {
      inquiryId: inquiry.id,
      from: from.name,
      into: into.name,
      storyTagsMoved: storyTags,
      subTagsMerged: plan.merges.length - 1,
    };
    await recordAudit(
      trx,
      { allianceId: inquiry.alliance_id, actor, action: 'tag.merged', subjectType: 'tag', subjectId: into.id, detail },
      now,
    );
  });
}

/** Deletes a tag and its story tags; its sub-tags move up to its parent (the routes have checked no names clash). */
export async function deleteTag(db: Db, actor: Actor, inquiry: Inquiry, tag: Tag, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tags')
      .set({ parent_id: tag.parent_id })
      .where('parent_id', '=', tag.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    const removed = await trx.deleteFrom('story_tags').where('tag_id', '=', tag.id).executeTakeFirst();
    await tagDeleted(trx, tag.id);
    await trx.deleteFrom('tags').where('id', '=', tag.id).where('inquiry_id', '=', inquiry.id).execute();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'tag.deleted',
        subjectType: 'tag',
        subjectId: tag.id,
        detail: { inquiryId: inquiry.id, name: tag.name, storyTagsRemoved: Number(removed.numDeletedRows) },
      },
      now,
    );
  });
}

export interface TaggedStory {
  id: number;
  code: string;
  title: string;
  whole: boolean;
  passages: { quote: string; detached: boolean }[];
}

/** The recorded, not withdrawn stories carrying this tag, by code, each with the passages it marks. */
export async function storiesWithTag(db: Db, inquiry: Inquiry, tag: Tag): Promise<TaggedStory[]> {
  const rows = await storiesFor(db, inquiry.alliance_id)
    .innerJoin('story_tags', 'story_tags.story_id', 'stories.id')
    .select([
      'stories.id',
      'stories.code',
      'stories.title',
      'story_tags.answer_position',
      'story_tags.start_offset',
      'story_tags.quote',
    ])
    .where('stories.inquiry_id', '=', inquiry.id)
    .where('story_tags.tag_id', '=', tag.id)
    .orderBy('stories.code')
    .orderBy('story_tags.answer_position')
    .orderBy('story_tags.start_offset')
    .execute();
  const stories = new Map<number, TaggedStory>();
  for (const row of rows) {
    const story = stories.get(row.id) ?? { id: row.id, code: row.code, title: row.title, whole: false, passages: [] };
    stories.set(row.id, story);
    if (row.answer_position === null) story.whole = true;
    else story.passages.push({ quote: row.quote, detached: row.start_offset === null });
  }
  return [...stories.values()];
}
