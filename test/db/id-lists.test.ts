/**
 * Reads over every story of a large inquiry (pattern views, exports, suggestions) pass the stories' ids to their
 * owners' stores. At 100,000 stories one `IN (…)` list of them failed on SQLite ("too many SQL variables": the
 * pattern views answered 500) and would at 70,000 on PostgreSQL. With 70,000 ids more than the demo's, each store
 * gives exactly what it gives for the demo's own stories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyTagsForExport } from '../../server/codebook/transfer-store.ts';
import { tagsOn, tagStory } from '../../server/codebook/tagging-store.ts';
import { createTag } from '../../server/codebook/tags-store.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { storyPartsForExport } from '../../server/stories/transfer-store.ts';
import { answersOf, storytellerAnswers } from '../../server/stories/words-store.ts';
import { storedWords } from '../../server/suggestions/analysis-store.ts';
import { finishRun, latestFinishedRun, queueRun } from '../../server/themes/runs-store.ts';
import { themesWithStories } from '../../server/themes/themes-store.ts';
import { translationsOf } from '../../server/translations/transfer-store.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
let ids: number[];
let many: number[];
beforeAll(async () => {
  database = await freshDatabase();
  const { db } = database;
  const demo = await loadDemo(db);
  const inquiry = await db.selectFrom('inquiries').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const stories = await db
    .selectFrom('stories')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('id')
    .execute();
  ids = stories.map((s) => s.id);
  // Tags on three stories, and a finished theme run over them all (written as the engine would).
  const { coordinator } = demo;
  const tag = await createTag(db, coordinator, inquiry, { name: 'housing', description: '', parentId: null });
  for (const story of stories.slice(0, 3)) await tagStory(db, coordinator, inquiry, story, { tag }, null);
  const run = await queueRun(db, coordinator, inquiry, { k: 2, seed: 1, domainId: null });
  const named = ids.map(String);
  await finishRun(db, run, {
    k: 2,
    themes: [
      { label: 'home · rent', terms: ['home', 'rent'], stories: named.slice(0, 4), examples: named.slice(0, 1) },
      { label: 'work · bus', terms: ['work', 'bus'], stories: named.slice(4), examples: named.slice(4, 5) },
    ],
    points: named.map((id, i) => ({ id, x: i, y: i, theme: i < 4 ? 0 : 1 })),
  });
  // Ids no story has, mixed in unsorted: the stores must neither fail nor find anything more.
  const { top } = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.max('id').as('top'))
    .executeTakeFirstOrThrow();
  many = [...Array.from({ length: 70_000 }, (_, i) => Number(top) + 70_000 - i), ...[...ids].reverse()];
}, 60_000);
afterAll(() => database.drop());

describe('reads over the ids of very many stories', () => {
  it('find the same tags, answers, earlier words and stored analyses as over the stories alone', async () => {
    const { db } = database;
    const tags = await tagsOn(db, ids);
    expect(tags.length).toBeGreaterThan(0);
    expect(await tagsOn(db, many)).toEqual(tags);
    expect(await storyTagsForExport(db, many)).toEqual(await storyTagsForExport(db, ids));
    const parts = await storyPartsForExport(db, ids);
    expect(parts.answers.length).toBeGreaterThan(ids.length);
    expect(await storyPartsForExport(db, many)).toEqual(parts);
    expect(await answersOf(db, many, ['story'])).toEqual(await answersOf(db, ids, ['story']));
    expect(await storytellerAnswers(db, many)).toEqual(await storytellerAnswers(db, ids));
    expect(await translationsOf(db, many)).toEqual(await translationsOf(db, ids));
    const words = await storedWords(db, ids);
    expect(words.size).toBeGreaterThan(0);
    expect(await storedWords(db, many)).toEqual(words);
  });

  it('find the same members of a theme run, in theme and rank order', async () => {
    const { db } = database;
    const inquiry = await db.selectFrom('inquiries').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const run = await latestFinishedRun(db, inquiry.alliance_id, inquiry.id);
    expect(run).toBeDefined();
    const all = await themesWithStories(db, run!, ['suggested', 'kept']);
    expect(all.members.length).toBeGreaterThan(0);
    expect(await themesWithStories(db, run!, ['suggested', 'kept'], many)).toEqual(all);
  });
});
