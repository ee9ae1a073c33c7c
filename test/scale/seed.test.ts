/**
 * The page benchmark's bulk seed (bench/seed.ts: COPY on PostgreSQL, large transactions on SQLite) leaves stories
 * that behave as ones typed in: every table written, search finding them by their stems as search.ts indexes them,
 * a story recorded afterwards numbered after them, and odd characters (tabs, new lines, backslashes) kept as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresWriter, sqliteWriter } from '../../bench/seed-writers.ts';
import { seed, type Seeded } from '../../bench/seed.ts';
import type { OpenDatabase } from '../../server/db/database.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { sharedDatabase } from '../helpers/processes.ts';
import { makeStory } from '../helpers/stories.ts';

/** More than one batch of the seed (2,000 stories a transaction). */
const COUNT = 2345;

describe('the benchmark seed', () => {
  let database: OpenDatabase;
  let url: string | undefined;
  let drop = async () => {};
  let seeded: Seeded;
  const progress: number[] = [];

  beforeAll(async () => {
    const shared = await sharedDatabase();
    [database, drop, url] = [shared.database, shared.drop, shared.env.DATABASE_URL || undefined];
    seeded = await seed(database.db, COUNT, (done) => progress.push(done), { postgresUrl: url });
  }, 120_000);
  afterAll(() => drop());

  const count = async (table: 'stories' | 'story_analysis' | 'audit_events') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('writes every story, its analysis unless a draft or withdrawn, and an audit event each', async () => {
    expect(await count('stories')).toBe(COUNT);
    expect(seeded.storyIds).toHaveLength(COUNT);
    expect(progress).toEqual([2000, COUNT]);
    const statuses = await database.db
      .selectFrom('stories')
      .select(['status', (e) => e.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const of = (status: string) => Number(statuses.find((s) => s.status === status)?.n ?? 0);
    expect(of('draft')).toBeGreaterThan(0);
    expect(of('withdrawn')).toBeGreaterThan(0);
    expect(await count('story_analysis')).toBe(COUNT - of('draft') - of('withdrawn'));
    const audited = await database.db
      .selectFrom('audit_events')
      .select((e) => e.fn.countAll().as('n'))
      .where('subject_type', '=', 'story')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(COUNT);
    expect(seeded.figures.peakMb).toBeGreaterThan(0);
  });

  it('is found by search, by a word and by its stem, as a story typed in would be', async () => {
    const found = (word: string) =>
      database.db
        .selectFrom('stories')
        .select('id')
        .where('inquiry_id', '=', seeded.inquiry.id)
        .where(matchesSearch(database.db, word))
        .execute();
    expect((await found(seeded.words.many)).length).toBeGreaterThan(100);
    // A story that says "government" but never "govern" or "governed" is found by "governed": by the stem.
    const answer = await database.db
      .selectFrom('story_answers')
      .innerJoin('stories', 'stories.id', 'story_answers.story_id')
      .select('story_id')
      .where('kind', '=', 'story')
      .where('status', '!=', 'draft')
      .where('value', 'like', '% government %')
      .where('value', 'not like', '%overn %')
      .where('value', 'not like', '%overned%')
      .executeTakeFirstOrThrow();
    expect((await found('governed')).map((s) => s.id)).toContain(answer.story_id);
  });

  it('numbers a story recorded afterwards after the seeded ones', async () => {
    const story = await makeStory(database.db, seeded.inquiry, { words: 'A story told after the seed.' });
    expect(story.id).toBe(seeded.storyIds.at(-1)! + 1);
    expect(story.code).toBe(`MSC-${COUNT + 1}`);
  });

  it('keeps tabs, new lines, backslashes and empty values as written', async () => {
    const odd = 'a\ttab, a\nnew line, a \\ backslash, \\N and a\r\nWindows line end';
    const writer = url ? await postgresWriter(url) : await sqliteWriter(database.db);
    await writer.write({
      tables: [
        [
          'audit_events',
          [
            {
              alliance_id: seeded.alliance.id,
              actor_user_id: null,
              actor_name: odd,
              action: 'bench.odd',
              subject_type: 'story',
              subject_id: null,
              detail: '',
              created_at: '2026-06-01T09:00:00.000Z',
            },
          ],
        ],
      ],
      search: [],
    });
    await writer.close();
    const row = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'bench.odd')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_name: odd, actor_user_id: null, subject_id: null, detail: '' });
  });
});
