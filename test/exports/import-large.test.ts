import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { streamCsv } from '../../server/exports/csv-stream.ts';
import { importCsv } from '../../server/exports/import-store.ts';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { mappingFor as openMapping, sendCsv } from './csv-steps.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;
let map: Record<string, string>;

const HEADER = 'Title,Domain,Date,Name,What changed,Why it matters';
/** Some 400 bytes a row, with two-byte letters, so a file of thousands spans several stored megabytes. */
const PADDING = ' and then the café and the crèche and the naïve questions'.repeat(8);
const row = (n: number, words = `Story number ${n} word${n}x${PADDING}`) =>
  `Title ${n},Any other change,2026-02-01,Teller ${n},${words},Because`;
const file = (rows: number, bad?: (n: number) => boolean) =>
  [HEADER, ...Array.from({ length: rows }, (_, i) => (bad?.(i + 1) ? row(i + 1, '') : row(i + 1)))].join('\n');

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Large Import Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
  map = await mappingFor(inquiry);
});

/** The form's column mapping for this file, with the inquiry's own question ids. */
async function mappingFor(into: Inquiry): Promise<Record<string, string>> {
  const guide = await loadGuide(t.db, into);
  const q = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
  return Object.fromEntries(
    [q('title'), 'domain', 'toldOn', 'storyteller', q('story'), q('why')].map((v, i) => [`map-${i}`, v]),
  );
}
afterAll(async () => {
  await t.close();
});

const send = (csv: string, intent: 'check' | 'import') => sendCsv(coordinator, base, csv, map, intent);

const stored = async () =>
  Number(
    (
      await t.db
        .selectFrom('stories')
        .select(t.db.fn.countAll().as('n'))
        .where('inquiry_id', '=', inquiry.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('importing a CSV file larger than 5,000 rows', () => {
  it('refuses the whole file for one bad row deep in it, naming the row, and lists at most 50 problems', async () => {
    const deep = await send(
      file(6000, (n) => n === 5990),
      'import',
    );
    expect(deep.statusCode).toBe(422);
    expect(visibleText(deep.body)).toContain('Nothing was imported: 1 problem to fix');
    expect(visibleText(deep.body)).toMatch(/Row 5990 \(line 5991\): “What changed”: this must be answered/);
    expect(await stored()).toBe(0);

    const many = await send(
      file(6000, (n) => n % 100 === 0),
      'check',
    );
    expect(many.statusCode).toBe(422);
    const text = visibleText(many.body);
    expect(text).toContain('Row 5000 (line 5001)');
    expect(text).not.toContain('Row 5100 (line 5101)');
    expect(text).toContain('Only the first 50 problems are listed here, of 60 in all.');
    expect(text).toContain('Nothing was imported: 60 problems to fix'); // all of them, not the 51 lines
    expect(await stored()).toBe(0);
  });

  it('imports 6,000 rows (a file of several megabytes) completely, each story found by the search', async () => {
    expect(Buffer.byteLength(file(6000))).toBeGreaterThan(2.5 * 1024 * 1024);
    const dry = await send(file(6000), 'check');
    expect(visibleText(dry.body)).toMatch(/6,?000 stories are ready to import/);
    const res = await send(file(6000), 'import');
    expect(res.statusCode).toBe(303);
    expect(flash((await coordinator.get(res.headers.location as string)).body)).toBe('The stories were imported.');
    expect(await stored()).toBe(6000);
    const found = visibleText((await coordinator.get(`${base}/stories?q=word5999x`)).body);
    expect(found).toContain('Title 5999');
    expect(found).not.toContain('Title 5998');
    const codes = await t.db
      .selectFrom('stories')
      .select('code')
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('id')
      .execute();
    expect(new Set(codes.map((c) => c.code)).size).toBe(6000);
    // Every story's words whole, two-byte letters included, wherever the stored megabytes were cut.
    const words = await t.db
      .selectFrom('story_answers')
      .innerJoin('stories', 'stories.id', 'story_answers.story_id')
      .select('story_answers.value')
      .where('stories.inquiry_id', '=', inquiry.id)
      .where('story_answers.kind', '=', 'story')
      .orderBy('stories.id')
      .execute();
    expect(words.filter((w, i) => w.value !== `Story number ${i + 1} word${i + 1}x${PADDING}`)).toEqual([]);
    expect(codes.at(-1)!.code).toBe('MSC-6000');
    const analysed = await t.db
      .selectFrom('story_analysis')
      .select(t.db.fn.countAll().as('n'))
      .where('inquiry_id', '=', inquiry.id)
      .executeTakeFirstOrThrow();
    expect(Number(analysed.n)).toBe(6000);
  });

  it('writes nothing of a streamed file whose bad row comes after many written batches', async () => {
    const before = await stored();
    const actor = { id: people.coordinator.id, name: people.coordinator.name };
    const csv = file(12_000, (n) => n === 11_900);
    const source = Readable.from([Buffer.from(csv)], { objectMode: false });
    const result = await importCsv(t.db, actor, inquiry, streamCsv(source), Object.values(map), { file: 'big.csv' });
    expect(result).toMatchObject({ ok: false, total: 1, problems: [{ row: 11_900, line: 11_901 }] });
    expect(await stored()).toBe(before);
  });

  it('keeps nothing when the database refuses a batch part way, with the next batch in flight, and imports the next file', async () => {
    const before = await stored();
    const actor = { id: people.coordinator.id, name: people.coordinator.name };
    const fromCsv = (csv: string) => streamCsv(Readable.from([Buffer.from(csv)], { objectMode: false }));
    // The database itself turns one story away (as a full disk or a lost connection would), after batches are written.
    if (t.database.dialect === 'sqlite')
      await sql`CREATE TRIGGER refuse_one BEFORE INSERT ON stories WHEN NEW.title = 'Title 450'
                BEGIN SELECT RAISE(ABORT, 'refused by the database'); END`.execute(t.db);
    else {
      await sql`CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.title = 'Title 450' THEN RAISE EXCEPTION 'refused by the database'; END IF; RETURN NEW; END $$`.execute(
        t.db,
      );
      await sql`CREATE TRIGGER refuse_one BEFORE INSERT ON stories FOR EACH ROW EXECUTE FUNCTION refuse_one()`.execute(
        t.db,
      );
    }
    try {
      await expect(
        // The words worker from the first batch: it is busy with the next batch when the database refuses.
        importCsv(t.db, actor, inquiry, fromCsv(file(1000)), Object.values(map), {
          file: 'refused.csv',
          workerAfter: 0,
        }),
      ).rejects.toThrow('refused by the database');
      expect(await stored()).toBe(before);
    } finally {
      await sql`DROP TRIGGER refuse_one${t.database.dialect === 'sqlite' ? sql`` : sql` ON stories`}`.execute(t.db);
    }
    const again = await importCsv(t.db, actor, inquiry, fromCsv(file(300)), Object.values(map), { file: 'next.csv' });
    expect(again).toEqual({ ok: true, count: 300 });
    expect(await stored()).toBe(before + 300);
  });

  it("stores the same words whether a large file's words are made in the worker thread or, for a small file, not", async () => {
    const actor = { id: people.coordinator.id, name: people.coordinator.name };
    const texts = ['The children ran to the new school', 'Rents rose; families were moving', 'القهوة في المدارس'];
    const csv = [HEADER, ...texts.map((w, i) => row(i + 1, w))].join('\n');
    const kept = async (workerAfter?: number) => {
      const into = await makeInquiry(t.db, people.alliance, people.coordinator, 'msc', `Words ${workerAfter}`);
      const from = streamCsv(Readable.from([Buffer.from(csv)], { objectMode: false }));
      const columns = Object.values(await mappingFor(into));
      const done = await importCsv(t.db, actor, into, from, columns, { file: 'w.csv', workerAfter });
      expect(done).toEqual({ ok: true, count: 3 });
      const rows = await t.db
        .selectFrom('story_analysis')
        .innerJoin('stories', 'stories.id', 'story_analysis.story_id')
        .select(['stories.title', 'story_analysis.counts', 'story_analysis.surface'])
        .where('stories.inquiry_id', '=', into.id)
        .orderBy('stories.title')
        .execute();
      const url = `/alliances/${people.alliance.id}/inquiries/${into.id}/stories?q=`;
      const search = async (q: string) => visibleText((await coordinator.get(url + encodeURIComponent(q))).body);
      return { rows, child: await search('child'), moved: await search('moves') };
    };
    const inWorker = await kept(0);
    const inThread = await kept();
    expect(inWorker.rows.map((r) => r.title)).toEqual(['Title 1', 'Title 2', 'Title 3']);
    expect(Object.keys(JSON.parse(inWorker.rows[0]!.counts) as object).length).toBeGreaterThan(2);
    expect(inWorker.rows).toEqual(inThread.rows);
    // The index from the worker finds a story by a word's start and by its stem, as the in-thread one does.
    expect(inWorker.child).toContain('Title 1');
    expect(inWorker.moved).toContain('Title 2');
    expect(inWorker.moved).not.toContain('Title 1');
    expect(inThread.child).toContain('Title 1');
    expect(inThread.moved).toContain('Title 2');
  });

  it('imports a file once when Import is pressed twice, or sent again after a proxy gave up waiting', async () => {
    const before = await stored();
    const { action } = await openMapping(coordinator, base, file(3000));
    // The second press arrives while the first is still writing.
    const [first, second] = await Promise.all([
      coordinator.post(action, { ...map, intent: 'import' }),
      coordinator.post(action, { ...map, intent: 'import' }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    expect(await stored()).toBe(before + 3000);
    // (One session, so one message is kept: whichever answer came last.)
    expect(['The stories were imported.', 'This file was imported already: its stories are here.']).toContain(
      flash((await coordinator.get(second.headers.location as string)).body),
    );
    // Sent again later (the browser's back button, a retry): the same answer, nothing written.
    const again = await coordinator.post(action, { ...map, intent: 'import' });
    expect(again.statusCode).toBe(303);
    expect(flash((await coordinator.get(again.headers.location as string)).body)).toBe(
      'This file was imported already: its stories are here.',
    );
    expect(await stored()).toBe(before + 3000);
    // Its mapping page says so too, rather than offering to import it again.
    const page = await coordinator.get(action);
    expect(page.statusCode).toBe(303);
    expect(flash((await coordinator.get(page.headers.location as string)).body)).toBe(
      'This file was imported already: its stories are here.',
    );
  });
});
