/** Keep and Undo on a theme, its most typical sentence as a quote (consent permitting), and themes by domain. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { GROUPS } from './theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let base: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

async function runThemes(fields: Record<string, string>) {
  const coordinator = await signedIn(t.app, people.coordinator.email);
  const themes = `${base}/inquiries/${inquiry.id}/themes`;
  const res = await coordinator.submit(themes, themes, fields);
  expect(res.statusCode).toBe(303);
  expect(await t.app.jobs.tick()).toBe(true);
  return { coordinator, url: res.headers.location as string };
}
const themesOf = () =>
  t.db.selectFrom('themes').selectAll().where('status', '!=', 'merged').orderBy('position').execute();
const statusOf = async (id: number) =>
  (await t.db.selectFrom('themes').select(['status', 'name']).where('id', '=', id).executeTakeFirstOrThrow()).status;

async function tellAll(consent: { quotes: boolean } = { quotes: true }) {
  for (const [group, texts] of Object.entries(GROUPS))
    for (const [i, words] of texts.entries())
      await makeStory(t.db, inquiry, { words, title: `${group} ${i + 1}`, why: 'It mattered.', consent });
}

describe('keeping a theme', () => {
  it('keeps a theme with a plain Keep button, name unchanged, audited, and Undo makes it a suggestion again', async () => {
    await tellAll();
    const { coordinator, url } = await runThemes({ k: '3', seed: '7' });
    const [theme] = await themesOf();
    const page = await coordinator.get(url);
    expect(page.body).toContain(`action="${base}/themes/${theme!.id}/keep"`);
    expect(visibleText(page.body)).toContain(`Keep ${theme!.label}`);

    expect((await coordinator.post(`${base}/themes/${theme!.id}/keep`, {})).statusCode).toBe(303);
    const kept = await coordinator.get(url);
    expect(flash(kept.body)).toBe('Theme kept.');
    expect(await statusOf(theme!.id)).toBe('kept');
    expect((await themesOf())[0]!.name).toBeNull(); // kept as renaming keeps it, without a new name
    expect(kept.body).toContain(`action="${base}/themes/${theme!.id}/unkeep"`);
    const themePage = await coordinator.get(`${base}/themes/${theme!.id}`);
    expect(themePage.body).toContain(`action="${base}/themes/${theme!.id}/unkeep"`); // on the theme's own page too
    expect(await htmlErrors(themePage.body)).toEqual([]);
    expect(await htmlErrors(kept.body)).toEqual([]);

    expect((await coordinator.post(`${base}/themes/${theme!.id}/unkeep`, {})).statusCode).toBe(303);
    expect(flash((await coordinator.get(url)).body)).toBe('The theme is a suggestion again.');
    expect(await statusOf(theme!.id)).toBe('suggested');
    const actions = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'theme')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['themes.kept', 'themes.keep_undone']);
  });

  it('does not let an interviewer keep a theme', async () => {
    await tellAll();
    await runThemes({ k: '3', seed: '7' });
    const [theme] = await themesOf();
    const interviewer = await signedIn(t.app, people.interviewer.email);
    await interviewer.get(`${base}/themes/${theme!.id}`);
    expect((await interviewer.post(`${base}/themes/${theme!.id}/keep`, {})).statusCode).toBe(403);
  });
});

describe('a theme’s most typical sentence', () => {
  it('quotes a whole sentence from one of the theme’s stories, on the run page and the theme page', async () => {
    await tellAll();
    const { coordinator, url } = await runThemes({ k: '3', seed: '7' });
    const page = await coordinator.get(url);
    expect(await htmlErrors(page.body)).toEqual([]);
    const text = visibleText(page.body);
    const quoted = [...text.matchAll(/Its most typical sentence, in a storyteller’s words: “([^”]+)”/g)].map(
      (m) => m[1]!,
    );
    expect(quoted).toHaveLength(3);
    const sentences = Object.values(GROUPS)
      .flat()
      .flatMap((s) => s.match(/[^.!?]+[.!?]+/g)!.map((x) => x.trim()));
    for (const q of quoted) expect(sentences).toContain(q);
    expect(quoted.some((q) => /food bank/i.test(q))).toBe(true);
    const [theme] = await themesOf();
    expect(visibleText((await coordinator.get(`${base}/themes/${theme!.id}`)).body)).toContain(
      'Its most typical sentence',
    );
  });

  it('quotes nothing from stories whose tellers did not agree to be quoted', async () => {
    await tellAll({ quotes: false });
    const { coordinator, url } = await runThemes({ k: '3', seed: '7' });
    const text = visibleText((await coordinator.get(url)).body);
    expect(text).not.toContain('Its most typical sentence');
    for (const words of Object.values(GROUPS).flat()) expect(text).not.toContain(words.split(/[.;]/)[0]!);
  });
});

describe('themes within each domain', () => {
  it('finds themes in each domain separately when asked, each label naming its domain', async () => {
    const domains = (await loadGuide(t.db, inquiry)).domains;
    expect(domains.length).toBeGreaterThanOrEqual(2);
    for (const [i, words] of [...GROUPS.food, ...GROUPS.damp].entries())
      await makeStory(t.db, inquiry, { words, domain: 0, title: `first ${i}` });
    for (const [i, words] of GROUPS.school.entries())
      await makeStory(t.db, inquiry, { words, domain: 1, title: `second ${i}` });
    const { coordinator, url } = await runThemes({ k: '2', seed: '3', byDomain: 'yes' });
    const themes = await themesOf();
    const labels = themes.map((th) => th.label);
    expect(labels.filter((l) => l.startsWith(`${domains[0]!.name}: `))).toHaveLength(2);
    expect(labels.filter((l) => l.startsWith(`${domains[1]!.name}: `))).toHaveLength(1); // 4 stories: one theme
    const run = await t.db.selectFrom('analysis_runs').select('filters').executeTakeFirstOrThrow();
    expect(JSON.parse(run.filters)).toMatchObject({ byDomain: true });
    expect(visibleText((await coordinator.get(url)).body)).toContain(`${domains[1]!.name}: `);
  });

  it('offers the choice on the run form, without JavaScript', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const page = await coordinator.get(`${base}/inquiries/${inquiry.id}/themes`);
    expect(page.body).toMatch(/<input type="checkbox" id="field-byDomain" name="byDomain" value="yes"/);
    expect(visibleText(page.body)).toContain('Find themes within each domain separately');
  });
});
