/**
 * Editing an inquiry's guide: its domains of change, questions and storyteller attributes. Each query names an
 * inquiry already found within the alliance. Removing archives (stories keep their domain and their answers),
 * and nothing here touches story_answers: an answer keeps the question as it was asked.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import { AI_PHASES, type Attribute, type Domain, type Inquiry, type Question } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { AttributeInput, QuestionInput } from './checks.ts';

/** The three ordered lists of a guide, and what their audit events call them. */
export type GuideList = 'domains' | 'questions' | 'attributes';
const SUBJECT: Record<GuideList, string> = { domains: 'domain', questions: 'question', attributes: 'attribute' };

async function touch(db: Db, inquiry: Inquiry, now: Date): Promise<void> {
  await db
    .updateTable('inquiries')
    .set({ updated_at: iso(now) })
    .where('id', '=', inquiry.id)
    .execute();
}

/** The list's current items in order, as id, position and (for questions) phase. */
async function ordered(
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
async function renumber(
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

async function nextPosition(db: Db, list: GuideList, inquiryId: number): Promise<number> {
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

/* ---------- Domains of change ---------- */

export function findDomain(db: Db, inquiry: Inquiry, domainId: number): Promise<Domain | undefined> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('id', '=', domainId)
    .where('archived', '=', 0)
    .executeTakeFirst();
}

/** Is another current domain of this inquiry already called this (whatever the case)? */
export async function domainNameTaken(db: Db, inquiry: Inquiry, name: string, exceptId?: number): Promise<boolean> {
  const names = await db
    .selectFrom('domains')
    .select(['id', 'name'])
    .where('inquiry_id', '=', inquiry.id)
    .where('archived', '=', 0)
    .execute();
  return names.some((d) => d.id !== exceptId && d.name.toLowerCase() === name.toLowerCase());
}

export async function addDomain(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  fields: { name: string; description: string },
  now = new Date(),
): Promise<Domain> {
  return db.transaction().execute(async (trx) => {
    const domain = await trx
      .insertInto('domains')
      .values({
        inquiry_id: inquiry.id,
        name: fields.name,
        description: fields.description,
        position: await nextPosition(trx, 'domains', inquiry.id),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'domain.added',
        subjectType: 'domain',
        subjectId: domain.id,
        detail: { inquiryId: inquiry.id, name: fields.name },
      },
      now,
    );
    return domain;
  });
}

/** Renames a domain or changes its description; stories told in it stay in it. */
export async function updateDomain(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  domain: Domain,
  fields: { name: string; description: string },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('domains')
      .set({ name: fields.name, description: fields.description })
      .where('id', '=', domain.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'domain.changed',
        subjectType: 'domain',
        subjectId: domain.id,
        detail: { inquiryId: inquiry.id, was: domain.name, name: fields.name },
      },
      now,
    );
  });
}

/* ---------- Questions ---------- */

export function findQuestion(db: Db, inquiry: Inquiry, questionId: number): Promise<Question | undefined> {
  return db
    .selectFrom('questions')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('id', '=', questionId)
    .where('archived', '=', 0)
    .executeTakeFirst();
}

function questionColumns(input: QuestionInput) {
  return {
    kind: input.kind,
    prompt: input.prompt,
    help: input.help,
    required: input.required ? 1 : 0,
    options: JSON.stringify(input.options),
    phase: input.phase,
  };
}

export async function addQuestion(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: QuestionInput,
  now = new Date(),
): Promise<Question> {
  return db.transaction().execute(async (trx) => {
    const question = await trx
      .insertInto('questions')
      .values({
        inquiry_id: inquiry.id,
        position: await nextPosition(trx, 'questions', inquiry.id),
        ...questionColumns(input),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A new Appreciative Inquiry question goes to the end of its phase.
    await renumber(trx, 'questions', inquiry, await ordered(trx, 'questions', inquiry.id));
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'question.added',
        subjectType: 'question',
        subjectId: question.id,
        detail: { inquiryId: inquiry.id, kind: input.kind },
      },
      now,
    );
    return question;
  });
}

/** Changes the guide's question. Stories already told keep the question as it was asked (story_answers.prompt). */
export async function updateQuestion(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  question: Question,
  input: QuestionInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // A question given another phase goes to the end of that phase.
    const newPhase = input.phase !== question.phase;
    const position = newPhase ? await nextPosition(trx, 'questions', inquiry.id) : question.position;
    await trx
      .updateTable('questions')
      .set({ ...questionColumns(input), position })
      .where('id', '=', question.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    if (newPhase) await renumber(trx, 'questions', inquiry, await ordered(trx, 'questions', inquiry.id));
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'question.changed',
        subjectType: 'question',
        subjectId: question.id,
        detail: { inquiryId: inquiry.id, kind: input.kind },
      },
      now,
    );
  });
}

/* ---------- About the storyteller ---------- */

export function findAttribute(db: Db, inquiry: Inquiry, attributeId: number): Promise<Attribute | undefined> {
  return db
    .selectFrom('attributes')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('id', '=', attributeId)
    .where('archived', '=', 0)
    .executeTakeFirst();
}

export async function addAttribute(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: AttributeInput,
  now = new Date(),
): Promise<Attribute> {
  return db.transaction().execute(async (trx) => {
    const attribute = await trx
      .insertInto('attributes')
      .values({
        inquiry_id: inquiry.id,
        position: await nextPosition(trx, 'attributes', inquiry.id),
        label: input.label,
        kind: input.kind,
        options: JSON.stringify(input.options),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'attribute.added',
        subjectType: 'attribute',
        subjectId: attribute.id,
        detail: { inquiryId: inquiry.id, label: input.label },
      },
      now,
    );
    return attribute;
  });
}

/** Changes what is asked about the storyteller; stories keep the label and answer they were given. */
export async function updateAttribute(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  attribute: Attribute,
  input: AttributeInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('attributes')
      .set({ label: input.label, kind: input.kind, options: JSON.stringify(input.options) })
      .where('id', '=', attribute.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    await touch(trx, inquiry, now);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'attribute.changed',
        subjectType: 'attribute',
        subjectId: attribute.id,
        detail: { inquiryId: inquiry.id, label: input.label },
      },
      now,
    );
  });
}
