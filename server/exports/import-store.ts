/**
 * Writing imports: all or nothing, in one transaction. Stories go through createStory (so the search index and the
 * analysis are kept as for a typed-in story), run inside the import's own transaction; the codes they bring are
 * kept through the stories' and inquiries' stores.
 */
import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Database, Inquiry, Story } from '../db/schema.ts';
import { counterAtLeast, giveBackStoryNumber } from '../inquiries/transfer-store.ts';
import { createStory, type StoryInput } from '../stories/store.ts';
import { keepStoryCode, storyCodes } from '../stories/transfer-store.ts';
import { listMembers } from '../accounts/members-store.ts';
import { can } from '../accounts/permissions.ts';
import type { ImportContext } from './import-csv.ts';

/**
 * The transaction, as a Db whose own transaction() joins it instead of opening another: createStory and the other
 * stores open their own transactions, and an import must be one.
 */
export function joined(trx: Transaction<Database>): Db {
  const proxy: Db = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Db) => Promise<T>) => fn(proxy) });
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Db;
  return proxy;
}

/** The number at the end of a code with this prefix ("MSC-0042" -> 42), or 0. */
export function codeNumber(prefix: string, code: string): number {
  const match = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(code);
  return match ? Number(match[1]) : 0;
}

/**
 * Saves a story, keeping its code when it has one, inside the caller's transaction. Call `keepCodesAbove` once
 * first, so the code createStory hands out for a moment never clashes with a kept one.
 */
export async function saveStory(
  trx: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: StoryInput,
  code: string | null,
  now: Date,
  interviewerId: number | null = null,
): Promise<Story> {
  const { story } = await createStory(
    trx,
    actor,
    inquiry,
    input,
    { status: 'recorded', route: 'paper', interviewerId },
    now,
  );
  if (!code || code === story.code) return story;
  // The number handed out was not used: give it back (the inquiry's row stays locked until this transaction ends).
  await giveBackStoryNumber(trx, inquiry.id);
  return keepStoryCode(trx, story.id, code);
}

/** Makes sure the numbers Hearth hands out next come after every code the file keeps. */
export async function keepCodesAbove(trx: Db, inquiry: Inquiry, codes: (string | null)[]): Promise<void> {
  const highest = Math.max(0, ...codes.map((c) => (c ? codeNumber(inquiry.code_prefix, c) : 0)));
  await counterAtLeast(trx, inquiry.id, highest);
}

/** CSV rows, already checked by the dry run, as stories of this inquiry (route "paper"). */
export async function importStories(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  planned: { code: string | null; interviewerId: number | null; input: StoryInput }[],
  file: string,
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (t) => {
    const trx = joined(t);
    await keepCodesAbove(
      trx,
      inquiry,
      planned.map((p) => p.code),
    );
    for (const p of planned) await saveStory(trx, actor, inquiry, p.input, p.code, now, p.interviewerId);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'inquiry.stories_imported',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { stories: planned.length, file },
      },
      now,
    );
    return planned.length;
  });
}

/** Records that an inquiry's stories left Hearth, in which format and for whom (never what they say). */
export async function recordExport(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  detail: { format: string; audience: string; stories: number; story?: string; files?: number },
  now = new Date(),
): Promise<void> {
  await recordAudit(
    db,
    {
      allianceId: inquiry.alliance_id,
      actor,
      action: 'inquiry.exported',
      subjectType: 'inquiry',
      subjectId: inquiry.id,
      detail,
    },
    now,
  );
}

/** What a CSV's rows are checked against: the codes already used, and who may be named as interviewer. */
export async function importContext(db: Db, inquiry: Inquiry): Promise<ImportContext> {
  const members = await listMembers(db, inquiry.alliance_id);
  return {
    existingCodes: await storyCodes(db, inquiry),
    interviewers: members
      .filter((m) => can(m.role, 'recordInterviews'))
      .map((m) => ({ id: m.user_id, name: m.name, email: m.email })),
  };
}
