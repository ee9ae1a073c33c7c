/** Inquiries and their guides. Every query names the alliance (or an inquiry already found within it). */
import { expressionBuilder, type Expression } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Attribute, Database, Domain, Inquiry, Method, Question } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { inquiryStoryCounts } from '../stories/story-counts.ts';
import { questionLanguage, templateFor } from './templates.ts';

export interface Guide {
  inquiry: Inquiry;
  domains: Domain[];
  questions: Question[];
  attributes: Attribute[];
}

/** A new inquiry, filled from its method's template in the language its stories will be told in (English unless said). */
export async function createInquiry(
  db: Db,
  actor: Actor,
  allianceId: number,
  fields: { title: string; method: Method; language?: string },
  now = new Date(),
): Promise<Inquiry> {
  const language = fields.language ?? 'en';
  const template = templateFor(fields.method, language);
  return db.transaction().execute(async (trx) => {
    const inquiry = await trx
      .insertInto('inquiries')
      .values({
        alliance_id: allianceId,
        title: fields.title,
        method: fields.method,
        purpose: '',
        period_start: null,
        period_end: null,
        period_words: template.periodWords,
        ai_topic: '',
        consent_statement: template.consentStatement,
        languages: language,
        code_prefix: template.codePrefix,
        public_token: null,
        created_by: actor.id,
        created_at: iso(now),
        updated_at: iso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const [position, d] of template.domains.entries()) {
      await trx
        .insertInto('domains')
        .values({ inquiry_id: inquiry.id, name: d.name, description: d.description, position })
        .execute();
    }
    for (const [position, q] of template.questions.entries()) {
      await trx
        .insertInto('questions')
        .values({
          inquiry_id: inquiry.id,
          position,
          kind: q.kind,
          prompt: q.prompt,
          help: q.help,
          required: q.required ? 1 : 0,
          options: JSON.stringify(q.options ?? []),
          phase: q.phase ?? null,
        })
        .execute();
    }
    for (const [position, a] of template.attributes.entries()) {
      await trx
        .insertInto('attributes')
        .values({
          inquiry_id: inquiry.id,
          position,
          label: a.label,
          kind: a.kind,
          options: JSON.stringify(a.options ?? []),
        })
        .execute();
    }
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'inquiry.created',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { title: fields.title, method: fields.method, language },
      },
      now,
    );
    return inquiry;
  });
}

/**
 * Takes the inquiry's next story number (which numbers a new story's code), inside the caller's transaction: the
 * inquiry's row stays locked until it commits, so two stories told at once never get the same number.
 */
export async function takeStoryNumber(trx: Db, inquiryId: number): Promise<number> {
  const counter = await trx
    .updateTable('inquiries')
    .set((eb) => ({ story_counter: eb('story_counter', '+', 1) }))
    .where('id', '=', inquiryId)
    .returning('story_counter')
    .executeTakeFirstOrThrow();
  return counter.story_counter;
}

/** Takes `count` numbers at once (an import's stories): the first of them. */
export async function takeStoryNumbers(trx: Db, inquiryId: number, count: number): Promise<number> {
  const counter = await trx
    .updateTable('inquiries')
    .set((eb) => ({ story_counter: eb('story_counter', '+', count) }))
    .where('id', '=', inquiryId)
    .returning('story_counter')
    .executeTakeFirstOrThrow();
  return counter.story_counter - count + 1;
}

export function findInquiry(db: Db, allianceId: number, inquiryId: number): Promise<Inquiry | undefined> {
  return db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('id', '=', inquiryId)
    .executeTakeFirst();
}

export function findInquiryByPublicToken(db: Db, token: string): Promise<Inquiry | undefined> {
  return db.selectFrom('inquiries').selectAll().where('public_token', '=', token).executeTakeFirst();
}

/** An inquiry's title, looked up by primary key, as a subquery on the id given: `inquiryTitle(eb.ref('stories.inquiry_id')).as(…)`. */
export function inquiryTitle(id: Expression<number | null>) {
  return expressionBuilder<Database>().selectFrom('inquiries').select('inquiries.title').where('inquiries.id', '=', id);
}

/** An inquiry's story languages ("fr,en"), as a subquery on the id given, for questionLanguage: `inquiryLanguages(eb.ref('stories.inquiry_id')).as(…)`. */
export function inquiryLanguages(id: Expression<number | null>) {
  return expressionBuilder<Database>()
    .selectFrom('inquiries')
    .select('inquiries.languages')
    .where('inquiries.id', '=', id);
}

/** The language an inquiry's questions are written in ("en" when the inquiry is not found). */
export async function questionLanguageOf(db: Db, inquiryId: number): Promise<string> {
  const row = await db.selectFrom('inquiries').select('languages').where('id', '=', inquiryId).executeTakeFirst();
  return questionLanguage(row?.languages);
}

export interface InquirySummary extends Inquiry {
  stories: number;
  drafts: number;
}

export async function listInquiries(db: Db, allianceId: number): Promise<InquirySummary[]> {
  const inquiries = await db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .orderBy('id', 'desc')
    .execute();
  const counts = await inquiryStoryCounts(db, allianceId);
  return inquiries.map((inquiry) => ({ ...inquiry, stories: 0, drafts: 0, ...counts.get(inquiry.id) }));
}

/** The inquiry with its current (not archived) domains, questions and storyteller attributes, in order. */
export async function loadGuide(db: Db, inquiry: Inquiry): Promise<Guide> {
  const [domains, questions, attributes] = await Promise.all([
    db
      .selectFrom('domains')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .where('archived', '=', 0)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('questions')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .where('archived', '=', 0)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    listAttributes(db, inquiry),
  ]);
  return { inquiry, domains, questions, attributes };
}

/** Every domain of the inquiry, removed (archived) ones too, in order: outputs still count stories told in them. */
export function listDomains(db: Db, inquiry: Pick<Inquiry, 'id'>): Promise<Domain[]> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * A domain's name as a correlated subquery, for a list that shows it beside each row and stays one query:
 * `.select((eb) => domainName(eb.ref('stories.domain_id')).as('domain_name'))`.
 */
export function domainName(domainId: Expression<number | null>) {
  return expressionBuilder<Database>().selectFrom('domains').select('domains.name').where('domains.id', '=', domainId);
}

/** The inquiry's current (not archived) storyteller attributes, in order. */
export function listAttributes(db: Db, inquiry: Pick<Inquiry, 'id'>): Promise<Attribute[]> {
  return db
    .selectFrom('attributes')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('archived', '=', 0)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function languagesOf(inquiry: Pick<Inquiry, 'languages'>): string[] {
  return inquiry.languages
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}
