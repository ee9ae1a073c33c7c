/**
 * Adding and changing the items of an inquiry's guide: its domains of change, questions and storyteller attributes.
 * Each query names an inquiry already found within the alliance. Nothing here touches story_answers: an answer keeps
 * the question as it was asked. Their order, and moving and removing them, is in ./guide-lists-store.ts.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Attribute, Domain, Inquiry, Question } from '../db/schema.ts';
import type { AttributeInput, QuestionInput } from './checks.ts';
import { nextPosition, ordered, renumber, touch } from './guide-lists-store.ts';
import type { TemplateQuestion } from './template-types.ts';

/** Marks the inquiry changed (its updated_at) and audits what changed, inside the change's transaction. */
async function guideChanged(
  trx: Db,
  actor: Actor,
  inquiry: Inquiry,
  action: `${'domain' | 'question' | 'attribute'}.${'added' | 'changed'}`,
  subjectId: number,
  detail: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await touch(trx, inquiry, now);
  const subjectType = action.split('.')[0]!;
  await recordAudit(
    trx,
    {
      allianceId: inquiry.alliance_id,
      actor,
      action,
      subjectType,
      subjectId,
      detail: { inquiryId: inquiry.id, ...detail },
    },
    now,
  );
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

/**
 * A domain's name, looked up by primary key, as a subquery on the id given (null for none): for lists that must
 * stay one query (paged, sorted). `domainName(eb.ref('stories.domain_id')).as('domain_name')`.
 */
/** These domains (archived ones too), in the guide's order. */
export function domainsByIds(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('domains').select(['id', 'name']).where('id', 'in', ids).orderBy('position').execute();
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
    await guideChanged(trx, actor, inquiry, 'domain.added', domain.id, { name: fields.name }, now);
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
    await guideChanged(trx, actor, inquiry, 'domain.changed', domain.id, { was: domain.name, name: fields.name }, now);
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
    about_story: input.aboutStory ? 1 : 0,
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
    await guideChanged(trx, actor, inquiry, 'question.added', question.id, { kind: input.kind }, now);
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
    await guideChanged(trx, actor, inquiry, 'question.changed', question.id, { kind: input.kind }, now);
  });
}

/**
 * Adds the ready set of questions about the teller's own story at the end of the guide, in one go. In an Appreciative
 * Inquiry they are about the whole story, so they come after the four phases, in no phase of their own.
 */
export async function addReadySet(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  questions: TemplateQuestion[],
  now = new Date(),
): Promise<Question[]> {
  const added: Question[] = [];
  for (const q of questions)
    added.push(
      await addQuestion(
        db,
        actor,
        inquiry,
        {
          kind: q.kind,
          prompt: q.prompt,
          help: q.help,
          required: q.required,
          options: q.options ?? [],
          phase: null,
          aboutStory: true,
        },
        now,
      ),
    );
  return added;
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
    await guideChanged(trx, actor, inquiry, 'attribute.added', attribute.id, { label: input.label }, now);
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
    await guideChanged(trx, actor, inquiry, 'attribute.changed', attribute.id, { label: input.label }, now);
  });
}
