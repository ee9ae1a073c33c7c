/**
 * The learning log in a Hearth JSON export (server/exports/format.ts): reading an inquiry's items and links for an
 * export, and writing the items of an imported file.
 */
import type { Db } from '../db/database.ts';
import type { HearthExport } from '../exports/format.ts';

/** The inquiry's items in the order they were written, and their links. */
export async function learningForExport(db: Db, inquiryId: number) {
  const learning = await db
    .selectFrom('learning_items')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .orderBy('id')
    .execute();
  const itemIds = learning.length ? learning.map((l) => l.id) : [0];
  const learningLinks = await db
    .selectFrom('learning_links')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .orderBy('item_id')
    .execute();
  return { learning, learningLinks };
}

/** Writes the items of an imported inquiry, inside the import's transaction, linked to the new stories and rounds. */
export async function importLearning(
  trx: Db,
  inquiryId: number,
  items: HearthExport['learning'],
  mapped: { rounds: Map<number, number>; story: (code: string) => number },
): Promise<void> {
  const { rounds, story } = mapped;
  for (const item of items) {
    const row = await trx
      .insertInto('learning_items')
      .values({
        inquiry_id: inquiryId,
        kind: item.kind,
        text: item.text,
        owner: item.owner,
        status: item.status,
        period: item.period,
        created_by: null,
        created_at: item.created_at,
        updated_at: item.updated_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const l of item.links)
      await trx
        .insertInto('learning_links')
        .values({
          item_id: row.id,
          story_id: l.story === null ? null : story(l.story),
          round_id: l.round === null ? null : (rounds.get(l.round) ?? null),
        })
        .execute();
  }
}
