/**
 * The three ordered lists of an inquiry's guide (domains of change, questions, storyteller attributes): keeping
 * their order, moving an item up or down and taking one out (archived). Each query names an inquiry already found
 * within the alliance. Removing archives: stories keep their domain and their answers. Adding and changing items
 * is in ./guide-store.ts.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import { AI_PHASES, type Inquiry } from '../db/schema.ts';
import { iso } from '../db/time.ts';

/** The three ordered lists of a guide, and what their audit events call them. */
export type GuideList = 'domains' | 'questions' | 'attributes';
const SUBJECT: Record<GuideList, string> = { domains: 'domain', questions: 'question', attributes: 'attribute' };

/** Marks the inquiry as changed (its updated_at). */
export async function touch(db: Db, inquiry: Inquiry, now: Date): Promise<void> {
  await db
    .updateTable('inquiries')
    .set({ updated_at: iso(now) })
    .where('id', '=', inquiry.id)
    .execute();
}

/** The list's current items in order, as id, position and (for questions) phase. */
export async function ordered(
  db: Db,
  list: GuideList,
  inquiryId: number,
): Promise<{ id: number; position: number; phase: string | null }[]> {
  if (list === 'questions') {
    return db
      .selectFrom('questions')
      .select(['id', 'position', 'phase'])
      .where('inquiry_id', '=', inquiryId)
      .where('archived', '=', 0)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }
  // Domains and attributes share id, inquiry_id, position and archived with questions; only questions have a phase.
  const rows = await db
    .selectFrom(list as 'domains')
    .select(['id', 'position'])
    .where('inquiry_id', '=', inquiryId)
    .where('archived', '=', 0)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, phase: null }));
}

/**
 * Writes positions 0…n-1 in the given order. An Appreciative Inquiry's questions are kept grouped by phase
 * (Discover, Dream, Design, Deliver), so the order they are asked in is the order the guide shows.
 */
export async function renumber(
  db: Db,
  list: GuideList,
  inquiry: Inquiry,
  items: { id: number; position: number; phase: string | null }[],
): Promise<void> {
  const order =
    list === 'questions' && inquiry.method === 'ai'
      ? [...items].sort((a, b) => phaseIndex(a.phase) - phaseIndex(b.phase))
      : items;
  for (const [position, item] of order.entries()) {
    if (item.position !== position)
      await db
        .updateTable(list as 'domains')
        .set({ position })
        .where('id', '=', item.id)
        .execute();
  }
}

function phaseIndex(phase: string | null): number {
  const i = AI_PHASES.indexOf(phase as (typeof AI_PHASES)[number]);
  return i === -1 ? AI_PHASES.length : i;
}

/** The position after the last item of the list, archived ones included. */
export async function nextPosition(db: Db, list: GuideList, inquiryId: number): Promise<number> {
  const row = await db
    .selectFrom(list as 'domains')
    .select(db.fn.max('position').as('top'))
    .where('inquiry_id', '=', inquiryId)
    .executeTakeFirst();
  return row?.top == null ? 0 : Number(row.top) + 1;
}

/**
 * Moves an item one place up or down among the list's current items (for an Appreciative Inquiry's questions,
 * within its phase). False when it is not in this inquiry; a move past either end changes nothing.
 */
export async function moveItem(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  list: GuideList,
  itemId: number,
  direction: 'up' | 'down',
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const items = await ordered(trx, list, inquiry.id);
    const index = items.findIndex((i) => i.id === itemId);
    if (index === -1) return false;
    const grouped = list === 'questions' && inquiry.method === 'ai';
    const step = direction === 'up' ? -1 : 1;
    let other = index + step;
    if (grouped) while (items[other] && items[other]!.phase !== items[index]!.phase) other += step;
    if (!items[other]) return true;
    [items[index], items[other]] = [items[other]!, items[index]!];
    await renumber(trx, list, inquiry, items);
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: `${SUBJECT[list]}.moved`,
        subjectType: SUBJECT[list],
        subjectId: itemId,
        detail: { inquiryId: inquiry.id, direction },
      },
      now,
    );
    return true;
  });
}

/** Takes an item out of the guide (archived: stories that used it keep what they have). False when not found. */
export async function removeItem(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  list: GuideList,
  itemId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable(list as 'domains')
      .set({ archived: 1 })
      .where('inquiry_id', '=', inquiry.id)
      .where('id', '=', itemId)
      .where('archived', '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: `${SUBJECT[list]}.removed`,
        subjectType: SUBJECT[list],
        subjectId: itemId,
        detail: { inquiryId: inquiry.id },
      },
      now,
    );
    return true;
  });
}
