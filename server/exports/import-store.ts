/**
 * Writing imports: all or nothing, in one transaction. A CSV's stories are written in batches through the stories
 * store's createStories (so the search index, the analysis and the audit are kept as for a typed-in story); a JSON
 * export's through createStory; the codes they bring are kept through the stories' and inquiries' stores.
 */
import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Database, Inquiry, Story } from '../db/schema.ts';
import { counterAtLeast, giveBackStoryNumber } from '../inquiries/transfer-store.ts';
import { createStories, numberStories, type BatchStory } from '../stories/batch-store.ts';
import { createStory, type StoryInput } from '../stories/store.ts';
import { searchableText } from '../stories/text.ts';
import { WordsWorker } from '../stories/words.ts';
import { loadGuide, takeStoryNumbers } from '../inquiries/inquiries-store.ts';
import { keepStoryCode, storyCodes } from '../stories/transfer-store.ts';
import { listMembers } from '../accounts/members-store.ts';
import { can, type Action } from '../accounts/permissions.ts';
import {
  checkMapping,
  PROBLEMS_LISTED,
  rowChecker,
  type CsvTable,
  type ImportContext,
  type KnownInterviewer,
  type Problem,
} from './import-csv.ts';
import { CsvProblem } from './csv-stream.ts';
import { claimCsvUpload, importedStories, markCsvImported } from './csv-upload-store.ts';

/**
 * The transaction, as a Db whose own transaction() joins it instead of opening another: createStory and the other
 * stores open their own transactions, and an import must be one.
 */
export function joined(trx: Transaction<Database>): Db {
  const proxy: Db = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Db) => Promise<T>) => fn(proxy) });
      const value = Reflect.get(target, prop, target) as unknown;
      // Kysely's `fn` is a function carrying its helpers (countAll, max…): bound, it would lose them.
      if (typeof value !== 'function' || prop === 'fn') return value;
      return (value as (...args: unknown[]) => unknown).bind(target);
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

/** Rows written per batch: one insert per table for each. */
export const IMPORT_BATCH = 100;
/** Batches being written at once, in the import's one transaction. */
const WRITES_AT_ONCE = 2;
/** After this many rows the stories' words are made in a worker thread: a small file does not wait for one to start. */
export const WORDS_WORKER_AFTER = 1000;

/**
 * Waits for the oldest of the writes; if it failed, for the others too before failing, with the first error the
 * database gave. On PostgreSQL a refused statement of a newer batch makes the oldest batch's next statement fail
 * too ("current transaction is aborted"), which says nothing of why.
 */
async function oldest(writing: Promise<void>[], failure: { first?: unknown }): Promise<void> {
  try {
    await writing.shift();
  } catch (err) {
    await Promise.allSettled(writing);
    throw failure.first ?? err;
  }
}

/** A batch with its words made by the worker, when there is one (else createStories makes them). */
async function withWords(worker: WordsWorker | undefined, stories: BatchStory[]): Promise<BatchStory[]> {
  if (!worker) return stories;
  const words = await worker.words(
    stories.map((s) => ({ text: searchableText(s.input.title, s.input.answers), language: s.input.language })),
  );
  return stories.map((s, i) => ({ ...s, words: words[i] }));
}

class Rollback extends Error {}
class AlreadyImported extends Error {}

type CsvRows = AsyncIterable<{ line: number; cells: string[] }>;

export type CsvImport =
  /** `already`: the upload was imported before (a second press of Import), `count` stories; nothing was written. */
  { ok: true; count: number; already?: boolean } | { ok: false; problems: Problem[]; total: number };

/**
 * A CSV file's rows (header first, as {@link streamCsv} reads them) checked one by one and written in batches, all
 * in one transaction: on any problem nothing is kept, and the first problems are returned with how many there are.
 * Only a batch of rows is held at a time. `rows` may be a function of the transaction, for a file read from the
 * database. `mapping` is the columns' meaning, or a guess made from the first rows.
 * With `write: false` it is a dry run: the count of stories that would be imported.
 */
export async function importCsv(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  rows: CsvRows | ((trx: Db) => CsvRows),
  mapping: string[] | ((table: CsvTable) => string[]),
  options: {
    file: string;
    write?: boolean;
    context?: ImportContext;
    now?: Date;
    /** Rows read before the words worker starts (WORDS_WORKER_AFTER; tests give 0 to use it from the first batch). */
    workerAfter?: number;
    /** The kept upload the rows come from: taken for this import, and marked imported with it. */
    uploadId?: number;
  },
): Promise<CsvImport> {
  const now = options.now ?? new Date();
  const guide = await loadGuide(db, inquiry);
  const context = options.context ?? (await importContext(db, inquiry));
  const problems: Problem[] = [];
  let total = 0;
  const note = (found: Problem[]) => {
    total += found.length;
    for (const p of found) if (problems.length < PROBLEMS_LISTED) problems.push(p);
  };
  const run = async (trx: Db): Promise<number> => {
    if (options.uploadId !== undefined && options.write !== false && !(await claimCsvUpload(trx, options.uploadId)))
      throw new AlreadyImported();
    // The inquiry's counter row stays locked until the end, so no story typed in meanwhile takes a code the file keeps.
    await takeStoryNumbers(trx, inquiry.id, 0);
    // A file kept in the database is read through the import's own transaction (SQLite has one connection).
    const iterator = (typeof rows === 'function' ? rows(trx) : rows)[Symbol.asyncIterator]();
    const head = await iterator.next();
    if (head.done) throw new CsvProblem({ key: 'exports.problems.empty' });
    const header = head.value.cells;
    // The first rows are read ahead when the mapping is guessed from them.
    const ahead: { line: number; cells: string[] }[] = [];
    if (typeof mapping === 'function')
      for (let n = await iterator.next(); ahead.length < 100; n = await iterator.next()) {
        if (n.done) break;
        ahead.push(n.value);
        if (ahead.length === 100) break;
      }
    const columns = typeof mapping === 'function' ? mapping({ header, rows: ahead }) : mapping;
    note(checkMapping(columns, guide));
    if (total > 0) return 0;
    const check = rowChecker(guide, header, columns, context, now);
    const written: { id: number; code: string | null }[][] = [];
    let batch: BatchStory[] = [];
    let count = 0;
    let highestKept = 0;
    let worker: WordsWorker | undefined;
    // Batches are written a few at a time: while the database writes one (on its own core, for PostgreSQL), the
    // next rows are read, checked and made ready. Small batches keep each stretch of language work short, so the
    // database is soon given its next statement. Only the oldest write is waited for.
    // A large file's words are made in a worker thread, a batch ahead of its write: the language work then runs on
    // the other core, while this thread reads the file and feeds the database.
    const writing: Promise<void>[] = [];
    const failure: { first?: unknown } = {};
    const flush = async () => {
      const stories = batch;
      batch = [];
      if (options.write === false || total > 0 || stories.length === 0) return;
      if (!worker && count > (options.workerAfter ?? WORDS_WORKER_AFTER)) worker = new WordsWorker();
      const slot = written.push([]) - 1;
      const current = withWords(worker, stories)
        .then((ready) => createStories(trx, actor, inquiry, ready, PAPER, now))
        .then((ids) => {
          written[slot] = ids;
        });
      // Handled where it is awaited; the first to fail is the cause.
      current.catch((err: unknown) => (failure.first ??= err));
      writing.push(current);
      if (writing.length >= WRITES_AT_ONCE) await oldest(writing, failure);
    };
    async function* all() {
      yield* ahead;
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
    }
    try {
      for await (const row of all()) {
        count++;
        const checked = check(row, count);
        note(checked.problems);
        if (!checked.story || total > 0) continue;
        const { code, interviewerId, input } = checked.story;
        if (code) highestKept = Math.max(highestKept, codeNumber(inquiry.code_prefix, code));
        batch.push({ code, interviewerId, input });
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      await flush();
      while (writing.length > 0) await oldest(writing, failure);
    } finally {
      // Nothing may still run on the transaction once it ends.
      await Promise.allSettled(writing);
      await worker?.close();
    }
    if (count === 0) throw new CsvProblem({ key: 'exports.problems.empty' });
    if (total > 0 || options.write === false) return count;
    await numberStories(trx, actor, inquiry, written.flat(), PAPER, highestKept, now);
    if (options.uploadId !== undefined) await markCsvImported(trx, options.uploadId, count);
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'inquiry.stories_imported',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { stories: count, file: options.file },
      },
      now,
    );
    return count;
  };
  try {
    const count = await db.transaction().execute(async (t) => {
      const counted = await run(joined(t));
      // A dry run, or a file with problems: whatever was written goes.
      if (total > 0 || options.write === false) throw new Rollback(String(counted));
      return counted;
    });
    return { ok: true, count };
  } catch (err) {
    if (err instanceof CsvProblem) return { ok: false, problems: [err.problem], total: 1 };
    if (err instanceof AlreadyImported && options.uploadId !== undefined)
      return { ok: true, count: await importedStories(db, options.uploadId), already: true };
    if (!(err instanceof Rollback)) throw err;
    return total > 0 ? { ok: false, problems, total } : { ok: true, count: Number(err.message) };
  }
}

const PAPER = { status: 'recorded', route: 'paper' } as const;

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

/**
 * The alliance's members who may be named on an imported story: as its interviewer, those who record interviews;
 * as its partner, those who may pair in one (as the interview form offers them).
 */
export async function interviewersOf(
  db: Db,
  allianceId: number,
  as: Extract<Action, 'recordInterviews' | 'pairInInterviews'> = 'recordInterviews',
): Promise<KnownInterviewer[]> {
  const members = await listMembers(db, allianceId);
  return members.filter((m) => can(m.role, as)).map((m) => ({ id: m.user_id, name: m.name, email: m.email }));
}

/** What a CSV's rows are checked against: the codes already used, and who may be named as interviewer or partner. */
export async function importContext(db: Db, inquiry: Inquiry): Promise<ImportContext> {
  return {
    existingCodes: await storyCodes(db, inquiry),
    interviewers: await interviewersOf(db, inquiry.alliance_id),
    partners: await interviewersOf(db, inquiry.alliance_id, 'pairInInterviews'),
  };
}
