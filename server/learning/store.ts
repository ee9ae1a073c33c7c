/** The learning log (MSC step 10): what we learned and what we will do, per inquiry, with links to stories and rounds. */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, LearningItem, LearningKind, LearningStatus } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { roundsByIds } from '../rounds/rounds-store.ts';
import { storiesFor, titleColumn, type Audience } from '../stories/consent.ts';

export interface LearningInput {
  kind: LearningKind;
  text: string;
  owner: string;
  status: LearningStatus;
  storyIds: number[];
  roundIds: number[];
  /** The observation on a pattern this item takes up as a question (set when written, never changed). */
  observationId?: number;
}

export interface LearningEntry extends LearningItem {
  stories: { id: number; code: string; title: string }[];
  rounds: { id: number; name: string }[];
}

/** The inquiry's items, oldest first, each with its links (never to a withdrawn story; for funders, only to theirs). */
export async function listItems(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience = 'team',
): Promise<LearningEntry[]> {
  const items = await db
    .selectFrom('learning_items')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const stories = await storiesFor(db, inquiry.alliance_id, undefined, audience)
    .innerJoin('learning_links', 'learning_links.story_id', 'stories.id')
    .select(['learning_links.item_id', 'stories.id', 'stories.code'])
    // A title is the teller's words: shown only where they agreed to panels reading them; the code always.
    .select(titleColumn('panels'))
    .where('learning_links.item_id', 'in', ids)
    .orderBy('stories.code')
    .execute();
  const roundLinks = await db
    .selectFrom('learning_links')
    .select(['item_id', 'round_id'])
    .where('item_id', 'in', ids)
    .where('round_id', 'is not', null)
    .execute();
  // Only the alliance's own rounds, lowest level first.
  const rounds = await roundsByIds(db, inquiry.alliance_id, [...new Set(roundLinks.flatMap((l) => l.round_id ?? []))]);
  return items.map((item) => {
    const linked = new Set(roundLinks.filter((l) => l.item_id === item.id).map((l) => l.round_id));
    return {
      ...item,
      stories: stories.filter((s) => s.item_id === item.id).map((s) => ({ id: s.id, code: s.code, title: s.title })),
      rounds: rounds.filter((r) => linked.has(r.id)),
    };
  });
}

export async function findItem(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  itemId: number,
): Promise<LearningEntry | undefined> {
  return (await listItems(db, inquiry)).find((i) => i.id === itemId);
}

/** The stories of this inquiry with these codes that may be linked (not drafts, not withdrawn): code -> id. */
export async function storiesByCode(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  codes: string[],
): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await storiesFor(db, inquiry.alliance_id)
    .select(['stories.id', 'stories.code'])
    .where('stories.inquiry_id', '=', inquiry.id)
    .where('stories.code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function writeLinks(db: Db, itemId: number, input: LearningInput): Promise<void> {
  await db.deleteFrom('learning_links').where('item_id', '=', itemId).execute();
  for (const storyId of input.storyIds)
    await db.insertInto('learning_links').values({ item_id: itemId, story_id: storyId, round_id: null }).execute();
  for (const roundId of input.roundIds)
    await db.insertInto('learning_links').values({ item_id: itemId, story_id: null, round_id: roundId }).execute();
}

/** The question an observation was taken up as, if it has been (each observation is taken up once). */
export async function itemTakenUpFrom(db: Db, observationId: number): Promise<LearningItem | undefined> {
  return db.selectFrom('learning_items').selectAll().where('observation_id', '=', observationId).executeTakeFirst();
}

/** Writes the item; an observation already taken up (say, by a second press) gives back its question instead. */
export async function addItem(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: LearningInput,
  period: string,
  now = new Date(),
): Promise<LearningItem> {
  return db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('learning_items')
      .values({
        inquiry_id: inquiry.id,
        kind: input.kind,
        text: input.text,
        owner: input.owner,
        status: input.status,
        period,
        observation_id: input.observationId ?? null,
        created_by: actor.id,
        created_at: iso(now),
        updated_at: iso(now),
      })
      .onConflict((oc) => oc.column('observation_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!added) return (await itemTakenUpFrom(trx, input.observationId!))!;
    const item = added;
    await writeLinks(trx, item.id, input);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'learning.item_added',
        subjectType: 'learning_item',
        subjectId: item.id,
        detail: { inquiry: inquiry.id, kind: input.kind, status: input.status },
      },
      now,
    );
    return item;
  });
}

/** Saves an item's changes; its period stays the one it was written in. */
export async function updateItem(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  item: LearningItem,
  input: LearningInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('learning_items')
      .set({ kind: input.kind, text: input.text, owner: input.owner, status: input.status, updated_at: iso(now) })
      .where('id', '=', item.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    await writeLinks(trx, item.id, input);
    const detail =
      item.status === input.status
        ? { inquiry: inquiry.id }
        : { inquiry: inquiry.id, from: item.status, to: input.status };
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'learning.item_changed',
        subjectType: 'learning_item',
        subjectId: item.id,
        detail,
      },
      now,
    );
  });
}
