/**
 * The codebook in a Hearth JSON export (server/exports/format.ts): reading the tags on stories for an export, and
 * writing an imported file's tags and the passages tagged in its stories. The tags themselves are read with
 * listTags (./tags-store.ts).
 */
import type { Db } from '../db/database.ts';
import type { ExportStory, HearthExport } from '../exports/format.ts';
import { byIdSlices } from '../db/id-lists.ts';

/** The tags on these stories, story by story, in the order of their answers and passages. */
export function storyTagsForExport(db: Db, storyIds: number[]) {
  return byIdSlices(storyIds, (ids) =>
    db
      .selectFrom('story_tags')
      .selectAll()
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('answer_position')
      .orderBy('start_offset')
      .orderBy('id')
      .execute(),
  );
}

/**
 * Writes an imported file's tags into a new inquiry, inside the import's transaction. Returns the file's tag ids
 * mapped to the new ones.
 */
export async function importTags(trx: Db, inquiryId: number, tags: HearthExport['tags']): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const x of tags) {
    const row = await trx
      .insertInto('tags')
      .values({
        inquiry_id: inquiryId,
        parent_id: null,
        name: x.name,
        description: x.description,
        created_by: null,
        created_at: x.created_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(x.id, row.id);
  }
  // A parent may be listed after its child: the tree is joined up once every tag exists.
  for (const x of tags)
    if (x.parent !== null)
      await trx
        .updateTable('tags')
        .set({ parent_id: ids.get(x.parent)! })
        .where('id', '=', ids.get(x.id)!)
        .execute();
  return ids;
}

/** Writes an imported story's tags (whole-story and passages), with the file's tag ids mapped to the new ones. */
export async function importStoryTags(
  trx: Db,
  storyId: number,
  tags: ExportStory['tags'],
  tagIds: Map<number, number>,
): Promise<void> {
  for (const x of tags) {
    await trx
      .insertInto('story_tags')
      .values({
        story_id: storyId,
        tag_id: tagIds.get(x.tag)!,
        answer_position: x.answer_position,
        start_offset: x.start,
        end_offset: x.end,
        quote: x.quote,
        source: x.source,
        created_by: null,
        created_at: x.created_at,
      })
      .execute();
  }
}
