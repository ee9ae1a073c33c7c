/** The demo's MSC inquiry asks the ready set, and its stories answer it, varied and the same on every load. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadDemo } from '../../server/demo/load.ts';
import { significationAnswers } from '../../server/stories/signification-store.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => (t = await testApp()));
afterEach(() => t.close());

it('gives the pattern views varied answers to every question of the ready set', async () => {
  const demo = await loadDemo(t.db);
  const inquiries = await t.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .orderBy('id')
    .execute();
  const msc = inquiries.find((i) => i.method === 'msc' && i.languages === 'en')!;
  const questions = await significationAnswers(t.db, msc.id);
  expect(questions.map((q) => q.kind)).toEqual(['slider', 'single', 'slider', 'multiple', 'single']);
  const told = await t.db
    .selectFrom('stories')
    .select('id')
    .where('inquiry_id', '=', msc.id)
    .where('status', 'not in', ['draft', 'withdrawn'])
    .execute();
  for (const q of questions) {
    expect(q.answers.size).toBeGreaterThan(told.length / 2);
    expect([...q.answers.keys()].every((id) => told.some((s) => s.id === id))).toBe(true);
    const distinct = new Set([...q.answers.values()].map((v) => JSON.stringify(v)));
    expect(distinct.size).toBeGreaterThan(2);
  }
  // Every choice is one the question offers.
  for (const q of questions.filter((q) => q.options))
    for (const chosen of q.answers.values()) for (const c of chosen as string[]) expect(q.options).toContain(c);
  // The other inquiries were left as their templates made them.
  for (const other of inquiries.filter((i) => i.id !== msc.id))
    expect(await significationAnswers(t.db, other.id)).toEqual([]);
});
