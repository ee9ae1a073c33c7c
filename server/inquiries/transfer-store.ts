/**
 * Inquiries in a Hearth JSON export (server/exports/format.ts) and in imports: reading an inquiry's whole guide
 * (archived items too) for an export, writing an imported inquiry and its guide, and keeping the story codes a
 * file brings (the inquiry's counter numbers the codes Hearth hands out next).
 */
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { HearthExport } from '../exports/format.ts';

const bit = (b: boolean) => (b ? 1 : 0);

/** The inquiry's domains, questions and attributes, archived ones too, in order. */
export async function guideForExport(db: Db, inquiryId: number) {
  const [domains, questions, attributes] = await Promise.all([
    db
      .selectFrom('domains')
      .selectAll()
      .where('inquiry_id', '=', inquiryId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('questions')
      .selectAll()
      .where('inquiry_id', '=', inquiryId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('attributes')
      .selectAll()
      .where('inquiry_id', '=', inquiryId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return { domains, questions, attributes };
}

/**
 * A new inquiry from an imported file's, inside the import's transaction. Its code prefix is the caller's until
 * keepImportedCodes gives it the file's (so codes handed out while saving never clash with kept ones).
 */
export function createImportedInquiry(
  trx: Db,
  actor: Actor,
  allianceId: number,
  fields: HearthExport['inquiry'],
  codePrefix: string,
  now: Date,
): Promise<Inquiry> {
  return trx
    .insertInto('inquiries')
    .values({
      alliance_id: allianceId,
      title: fields.title,
      method: fields.method,
      purpose: fields.purpose,
      period_start: fields.period_start,
      period_end: fields.period_end,
      period_words: fields.period_words,
      ai_topic: fields.ai_topic,
      consent_statement: fields.consent_statement,
      languages: fields.languages,
      code_prefix: codePrefix,
      public_token: null,
      created_by: actor.id,
      created_at: fields.created_at,
      updated_at: iso(now),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Writes an imported file's guide into the new inquiry. Returns the file's ids of each kind mapped to the new ones. */
export async function importGuide(
  trx: Db,
  inquiryId: number,
  doc: Pick<HearthExport, 'domains' | 'questions' | 'attributes'>,
): Promise<{ domains: Map<number, number>; questions: Map<number, number>; attributes: Map<number, number> }> {
  const domains = new Map<number, number>();
  const questions = new Map<number, number>();
  const attributes = new Map<number, number>();
  for (const x of doc.domains) {
    const row = await trx
      .insertInto('domains')
      .values({
        inquiry_id: inquiryId,
        name: x.name,
        description: x.description,
        position: x.position,
        archived: bit(x.archived),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    domains.set(x.id, row.id);
  }
  for (const x of doc.questions) {
    const row = await trx
      .insertInto('questions')
      .values({
        inquiry_id: inquiryId,
        position: x.position,
        kind: x.kind,
        prompt: x.prompt,
        help: x.help,
        required: bit(x.required),
        options: JSON.stringify(x.options),
        phase: x.phase,
        archived: bit(x.archived),
        about_story: bit(x.about_story ?? false),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    questions.set(x.id, row.id);
  }
  for (const x of doc.attributes) {
    const row = await trx
      .insertInto('attributes')
      .values({
        inquiry_id: inquiryId,
        position: x.position,
        label: x.label,
        kind: x.kind,
        options: JSON.stringify(x.options),
        archived: bit(x.archived),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    attributes.set(x.id, row.id);
  }
  return { domains, questions, attributes };
}

/** Gives an imported inquiry the file's code prefix, and numbers the next codes after the highest kept one. */
export function keepImportedCodes(trx: Db, inquiryId: number, codePrefix: string, highest: number): Promise<Inquiry> {
  return trx
    .updateTable('inquiries')
    .set({ code_prefix: codePrefix, story_counter: highest })
    .where('id', '=', inquiryId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Makes sure the numbers Hearth hands out next come after every kept code. */
export async function counterAtLeast(db: Db, inquiryId: number, atLeast: number): Promise<void> {
  await db
    .updateTable('inquiries')
    .set({ story_counter: atLeast })
    .where('id', '=', inquiryId)
    .where('story_counter', '<', atLeast)
    .execute();
}

/** Gives back the number a new story was handed, when it keeps a code of its own instead. */
export async function giveBackStoryNumber(db: Db, inquiryId: number): Promise<void> {
  await db
    .updateTable('inquiries')
    .set((eb) => ({ story_counter: eb('story_counter', '-', 1) }))
    .where('id', '=', inquiryId)
    .execute();
}
