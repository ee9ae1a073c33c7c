/**
 * A funders' report lists a theme only when it holds a story of that report. A trial saw "Aprender unos de otros
 * (0 stories)": staff had kept and renamed the theme, and its one story shared with funders was told after the
 * report's period, so the theme was kept for funders but counted none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { finishRun, queueRun } from '../../server/themes/runs-store.ts';
import { findTheme, renameTheme } from '../../server/themes/themes-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let stories: Story[];

const report = async (email: string) => {
  const agent = await signedIn(t.app, email);
  const res = await agent.get(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/report`);
  expect(res.statusCode).toBe(200);
  const text = visibleText(res.body);
  return text.slice(text.indexOf('Themes across the stories'));
};

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator, 'ai');
  await t.db
    .updateTable('inquiries')
    .set({ period_start: '2026-01-01', period_end: '2026-11-30' })
    .where('id', '=', inquiry.id)
    .execute();
  stories = [
    await makeStory(t.db, inquiry, {
      words: 'The street party brought the neighbours together.',
      toldOn: '2026-11-20',
    }),
    // Kept from funders, in the period.
    await makeStory(t.db, inquiry, {
      words: 'My neighbour taught me about my health.',
      toldOn: '2026-11-20',
      consent: { funders: false },
    }),
    // Shared with funders, but told after the period.
    await makeStory(t.db, inquiry, { words: 'We learnt from each other at the market.', toldOn: '2026-12-06' }),
  ];
  const queued = await queueRun(t.db, people.coordinator, inquiry, { k: 2, seed: 1, domainId: null });
  await finishRun(t.db, queued, {
    k: 2,
    themes: [
      { label: 'street · party', terms: ['street'], stories: [String(stories[0]!.id)], examples: [] },
      {
        label: 'learnt · health',
        terms: ['learnt'],
        stories: [String(stories[1]!.id), String(stories[2]!.id)],
        examples: [],
      },
    ],
    points: stories.map((s, i) => ({ id: String(s.id), x: i, y: i, theme: i === 0 ? 0 : 1 })),
  });
  const themes = await t.db
    .selectFrom('themes')
    .select('id')
    .where('run_id', '=', queued.id)
    .orderBy('position')
    .execute();
  for (const [i, name] of ['Neighbours who organise', 'Learning from each other'].entries()) {
    const found = (await findTheme(t.db, people.alliance.id, themes[i]!.id))!;
    await renameTheme(t.db, people.coordinator, found.run, found.theme, name);
  }
});
afterAll(() => t.close());

describe('themes in the report', () => {
  it('leaves out for funders a theme none of whose stories in the report they may see', async () => {
    const funders = await report(people.reader.email);
    expect(funders).toContain('Neighbours who organise (1 story)');
    expect(funders).not.toContain('Learning from each other');
    expect(funders).not.toContain('(0 stories)');
  });

  it('still lists it for staff, who see its story of the period', async () => {
    const staff = await report(people.coordinator.email);
    expect(staff).toContain('Neighbours who organise (1 story)');
    expect(staff).toContain('Learning from each other (1 story)');
  });
});
