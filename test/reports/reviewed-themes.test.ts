/**
 * The report's themes are the ones people kept or renamed. A newer run nobody has looked at yet must not replace
 * them with its raw suggestions (a new-user trial saw "as people kept or renamed them" above five untouched labels,
 * while the kept and renamed themes of the run before were gone). With no reviewed run, the suggestions are shown
 * and said to be unreviewed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { finishRun, queueRun } from '../../server/themes/runs-store.ts';
import { findTheme, renameTheme, setThemeStatus } from '../../server/themes/themes-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let stories: Story[];

async function run(labels: string[]): Promise<number[]> {
  const queued = await queueRun(t.db, people.coordinator, inquiry, { k: labels.length, seed: 1, domainId: null });
  await finishRun(t.db, queued, {
    k: labels.length,
    themes: labels.map((label, i) => ({
      label,
      terms: label.split(' '),
      stories: [String(stories[i]!.id)],
      examples: [],
    })),
    points: labels.map((_, i) => ({ id: String(stories[i]!.id), x: i, y: i, theme: i })),
  });
  const rows = await t.db
    .selectFrom('themes')
    .select('id')
    .where('run_id', '=', queued.id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

const report = async () => {
  const staff = await signedIn(t.app, people.coordinator.email);
  const res = await staff.get(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/report`);
  expect(res.statusCode).toBe(200);
  const text = visibleText(res.body);
  return text.slice(text.indexOf('Themes'));
};

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  stories = [];
  for (const words of ['The garden grew tall.', 'The bus came late.', 'The library opened early.'])
    stories.push(await makeStory(t.db, inquiry, { words, title: words }));
});
afterAll(() => t.close());

describe('the report’s themes', () => {
  it('says suggestions nobody has reviewed are unreviewed', async () => {
    await run(['garden', 'bus', 'library']);
    const text = await report();
    expect(text).toContain('Nobody has kept or renamed any of them yet');
    expect(text).not.toContain('as people kept or renamed them');
    expect(text).toContain('garden');
  });

  it('shows the themes people kept or renamed, not a newer run’s untouched suggestions', async () => {
    const [garden, bus] = await run(['garden', 'bus', 'library']);
    const kept = (await findTheme(t.db, people.alliance.id, garden!))!;
    await setThemeStatus(t.db, people.coordinator, kept.run, kept.theme, 'kept');
    const renamed = (await findTheme(t.db, people.alliance.id, bus!))!;
    await renameTheme(t.db, people.coordinator, renamed.run, renamed.theme, 'Getting to town');
    await run(['courgettes', 'timetable', 'bookworm']);

    const text = await report();
    expect(text).toContain('as people kept or renamed them');
    expect(text).toContain('garden');
    expect(text).toContain('Getting to town');
    // Neither the reviewed run's untouched suggestion nor the newer run's suggestions.
    expect(text).not.toMatch(/\blibrary \(/);
    for (const label of ['courgettes', 'timetable', 'bookworm']) expect(text).not.toContain(label);
  });
});
