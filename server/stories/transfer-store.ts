/**
 * Stories in a Hearth JSON export (server/exports/format.ts) and in imports: reading the answers, attributes and
 * earlier words of the stories an export holds (which stories is decided by storiesFor, in the exporter), and what
 * an import keeps of a story beyond what createStory writes: its code, its status and care, its earlier words.
 */
import type { Db } from '../db/database.ts';
import type { Inquiry, Story } from '../db/schema.ts';
import type { ExportStory } from '../exports/format.ts';
import { byIdSlices } from '../db/id-lists.ts';

/** The answers, storyteller attributes and earlier versions of these stories, story by story, in order. */
export async function storyPartsForExport(db: Db, storyIds: number[]) {
  const [answers, storyAttributes, versions] = await Promise.all([
    byIdSlices(storyIds, (ids) =>
      db
        .selectFrom('story_answers')
        .selectAll()
        .where('story_id', 'in', ids)
        .orderBy('story_id')
        .orderBy('position')
        .execute(),
    ),
    byIdSlices(storyIds, (ids) =>
      db
        .selectFrom('story_attributes')
        .selectAll()
        .where('story_id', 'in', ids)
        .orderBy('story_id')
        .orderBy('id')
        .execute(),
    ),
    byIdSlices(storyIds, (ids) =>
      db
        .selectFrom('story_versions')
        .selectAll()
        .where('story_id', 'in', ids)
        .orderBy('story_id')
        .orderBy('number')
        .execute(),
    ),
  ]);
  return { answers, storyAttributes, versions };
}

/** Every code the inquiry's stories have (drafts and withdrawn ones too), so an import never repeats one. */
export async function storyCodes(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('stories')
    .select('code')
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** Gives a just-saved story the code it came with (the caller gives back the number it was handed). */
export function keepStoryCode(trx: Db, storyId: number, code: string): Promise<Story> {
  return trx.updateTable('stories').set({ code }).where('id', '=', storyId).returningAll().executeTakeFirstOrThrow();
}

/**
 * What an imported story had been through, written over what createStory saved: its status and route, read-back
 * and verification, and its earlier words. Who did what is kept by name only (accounts do not travel).
 */
export async function keepImportedHistory(trx: Db, storyId: number, story: ExportStory): Promise<void> {
  await trx
    .updateTable('stories')
    .set({
      status: story.status,
      route: story.route,
      consent_recorded_by: null,
      read_back_on: story.read_back_on,
      read_back_changes: story.read_back_changes,
      verified_on: story.verified_on,
      verification_note: story.verification_note,
      updated_at: story.updated_at,
    })
    .where('id', '=', storyId)
    .execute();
  for (const v of story.versions) {
    await trx
      .insertInto('story_versions')
      .values({
        story_id: storyId,
        number: v.number,
        content: JSON.stringify({ title: v.title, answers: v.answers }),
        edited_by: null,
        editor_name: v.editor_name,
        edited_at: v.edited_at,
        note: v.note,
      })
      .execute();
  }
}

/** The inquiry's stories by code, for an import to find the story a file in its zip belongs to. */
export async function storyIdsByCode(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const rows = await db
    .selectFrom('stories')
    .select(['id', 'code'])
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
