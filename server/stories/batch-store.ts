/**
 * Saving many new stories at once (an import): the same rows createStory writes, one insert per table per batch,
 * inside the caller's transaction.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudits, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { takeStoryNumbers } from '../inquiries/inquiries-store.ts';
import { counterAtLeast } from '../inquiries/transfer-store.ts';
import { storiesCreated } from './hooks.ts';
import { indexStories } from './search.ts';
import { answerRows, attributeRows, newStoryRow, type NewStory, type StoryInput } from './store.ts';
import { searchableText } from './text.ts';
import { storyWords, type StoryWords } from './words.ts';

/** Rows per multi-row insert: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export interface BatchStory {
  input: StoryInput;
  interviewerId: number | null;
  /** A code the story keeps (an import's own), or null for one Hearth hands out in `numberStories`. */
  code: string | null;
  /** Its words, when made already (a large import makes them in a worker thread); else made here. */
  words?: StoryWords;
}

/**
 * Saves many new stories at once (an import): one insert per table for the whole batch — stories, answers,
 * attributes, the search index and every keeper's hook — inside the caller's transaction. Stories without a code
 * of their own get a pending one: `numberStories` hands out their numbers once every kept code is known.
 */
export async function createStories(
  db: Db,
  actor: Actor | null,
  inquiry: Inquiry,
  batch: BatchStory[],
  how: Pick<NewStory, 'status' | 'route'>,
  now = new Date(),
): Promise<{ id: number; code: string | null }[]> {
  if (batch.length === 0) return [];
  const rows = batch.map((b) =>
    newStoryRow(actor, inquiry, b.input, {
      ...how,
      interviewerId: b.interviewerId,
      code: b.code ?? `pending-${randomBytes(12).toString('base64url')}`,
      receiptHash: null,
      now,
    }),
  );
  // Codes are unique in an inquiry: ids are matched back by code, whatever order the database returns them in.
  const ids = new Map<string, number>();
  for (const part of chunks(rows, Object.keys(rows[0]!).length)) {
    const inserted = await db.insertInto('stories').values(part).returning(['id', 'code']).execute();
    for (const r of inserted) ids.set(r.code, r.id);
  }
  const saved = batch.map((b, i) => ({ ...b, id: ids.get(rows[i]!.code)! }));
  const answers = saved.flatMap((s) => answerRows(s.id, s.input));
  for (const part of chunks(answers, 7)) await db.insertInto('story_answers').values(part).execute();
  const attributes = saved.flatMap((s) => attributeRows(s.id, s.input));
  for (const part of chunks(attributes, 4)) await db.insertInto('story_attributes').values(part).execute();
  // Each story's words analysed once, for the search index and for every keeper of its words.
  const words = saved.map((s) => ({
    story: { id: s.id, inquiry_id: inquiry.id, status: how.status, language: s.input.language },
    ...(s.words ?? storyWords(searchableText(s.input.title, s.input.answers), s.input.language)),
  }));
  await indexStories(
    db,
    words.map((w) => ({ storyId: w.story.id, indexed: w.indexed })),
  );
  await storiesCreated(db, words, now);
  return saved.map((s) => ({ id: s.id, code: s.code }));
}

/**
 * Gives the stories of `createStories` their codes: the counter is first moved past every code kept, then the others
 * are numbered in order. Each story's creation is audited as for one typed in.
 */
export async function numberStories(
  db: Db,
  actor: Actor | null,
  inquiry: Inquiry,
  stories: { id: number; code: string | null }[],
  how: Pick<NewStory, 'status' | 'route'>,
  highestKept: number,
  now = new Date(),
): Promise<void> {
  await counterAtLeast(db, inquiry.id, highestKept);
  const pending = stories.filter((s) => !s.code);
  const first = pending.length > 0 ? await takeStoryNumbers(db, inquiry.id, pending.length) : 0;
  const codes = new Map(
    pending.map((s, i) => [s.id, `${inquiry.code_prefix}-${String(first + i).padStart(4, '0')}`] as const),
  );
  for (let i = 0; i < pending.length; i += 500) {
    const part = pending.slice(i, i + 500);
    const cases = sql.join(
      part.map((s) => sql`WHEN ${s.id} THEN ${codes.get(s.id)!}`),
      sql` `,
    );
    await db
      .updateTable('stories')
      .set({ code: sql<string>`CASE id ${cases} END` })
      .where(
        'id',
        'in',
        part.map((s) => s.id),
      )
      .execute();
  }
  await recordAudits(
    db,
    stories.map((s) => ({
      allianceId: inquiry.alliance_id,
      actor,
      action: how.status === 'draft' ? 'story.drafted' : 'story.recorded',
      subjectType: 'story',
      subjectId: s.id,
      detail: { code: s.code ?? codes.get(s.id)!, route: how.route },
    })),
    now,
  );
}
