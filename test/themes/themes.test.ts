import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { makeThemedStories } from './theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let groups: Record<'damp' | 'food' | 'school', Story[]>;
let base: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  groups = await makeThemedStories(t.db, inquiry);
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

/** Starts a run as the coordinator and lets the job runner do it; returns the run page's address. */
async function runThemes(fields: Record<string, string> = { k: '3', seed: '7' }) {
  const coordinator = await signedIn(t.app, people.coordinator.email);
  const res = await coordinator.submit(
    `${base}/inquiries/${inquiry.id}/themes`,
    `${base}/inquiries/${inquiry.id}/themes`,
    fields,
  );
  expect(res.statusCode).toBe(303);
  const waiting = await coordinator.get(res.headers.location as string);
  expect(visibleText(waiting.body)).toContain('Waiting to start');
  expect(await t.app.jobs.tick()).toBe(true);
  return { coordinator, url: res.headers.location as string };
}

const themesOf = async () =>
  t.db.selectFrom('themes').selectAll().where('status', '!=', 'merged').orderBy('position').execute();
const membersOf = async (themeId: number) =>
  (await t.db.selectFrom('theme_stories').select('story_id').where('theme_id', '=', themeId).execute())
    .map((r) => r.story_id)
    .sort((a, b) => a - b);
const idsOf = (stories: Story[]) => stories.map((s) => s.id).sort((a, b) => a - b);

describe('finding themes', () => {
  it('runs in the background and finds the three groups, each labelled by its words, every story in one theme', async () => {
    const { coordinator, url } = await runThemes();
    const page = await coordinator.get(url);
    expect(visibleText(page.body)).toContain('12 stories, themes asked: 3, seed 7. Found 3 themes.');
    const themes = await themesOf();
    expect(themes).toHaveLength(3);
    const found = await Promise.all(themes.map((th) => membersOf(th.id)));
    expect(found.sort((a, b) => a[0]! - b[0]!)).toEqual([idsOf(groups.damp), idsOf(groups.food), idsOf(groups.school)]);
    const labels = themes.map((th) => th.label).join(' | ');
    expect(labels).toMatch(/damp|mould|repairs/);
    expect(labels).toMatch(/food|parcel/);
    expect(labels).toMatch(/school|teacher|reading|homework/);
    expect(visibleText(page.body)).toContain('Stories nearest its centre');
  });

  it('gives the same themes for the same seed', async () => {
    await runThemes();
    const first = await Promise.all((await themesOf()).map((th) => membersOf(th.id)));
    await runThemes();
    const run2 = await t.db.selectFrom('themes').selectAll().where('run_id', '=', 2).orderBy('position').execute();
    expect(await Promise.all(run2.map((th) => membersOf(th.id)))).toEqual(first);
  });

  it('chooses the number of themes itself when asked, saying how', async () => {
    const { coordinator, url } = await runThemes({ k: 'auto', seed: '3' });
    const run = await t.db.selectFrom('analysis_runs').selectAll().executeTakeFirstOrThrow();
    expect(run.status).toBe('done');
    expect(run.k).toBeGreaterThanOrEqual(2);
    expect(visibleText((await coordinator.get(url)).body)).toContain('Hearth chose the number of themes itself');
  });

  it.each([
    ['k', '1', 'Choose “auto” or a whole number from 2 to 30.'],
    ['k', '31', 'Choose “auto” or a whole number from 2 to 30.'],
    ['seed', 'abc', 'Give a whole number (up to 9 digits).'],
    ['domainId', '999999', 'Choose one of this inquiry’s domains, or all.'],
  ])('refuses %s = %s, keeping the form, queuing nothing', async (field, value, message) => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const url = `${base}/inquiries/${inquiry.id}/themes`;
    const res = await coordinator.submit(url, url, { k: '3', seed: '7', [field]: value });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, field)).toBe(message);
    expect(await t.db.selectFrom('analysis_runs').selectAll().execute()).toEqual([]);
  });

  it('says plainly when there is nothing to analyse', async () => {
    const empty = await makeInquiry(t.db, people.alliance, people.coordinator, 'msc', 'Empty');
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const res = await coordinator.submit(
      `${base}/inquiries/${empty.id}/themes`,
      `${base}/inquiries/${empty.id}/themes`,
      { k: '3', seed: '1' },
    );
    await t.app.jobs.tick();
    const page = await coordinator.get(res.headers.location as string);
    expect(visibleText(page.body)).toContain('This run did not finish: There are no stories to analyse');
  });

  it('shows progress as JSON for the page script', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const res = await coordinator.submit(
      `${base}/inquiries/${inquiry.id}/themes`,
      `${base}/inquiries/${inquiry.id}/themes`,
      { k: '3', seed: '1' },
    );
    const progress = await coordinator.get(`${res.headers.location}/progress`);
    expect(progress.json()).toEqual({ status: 'queued', progress: 0, step: '' });
  });

  it('lets interviewers read themes but not run them; readers, strangers and the signed-out get nothing', async () => {
    const url = `${base}/inquiries/${inquiry.id}/themes`;
    const interviewer = await signedIn(t.app, people.interviewer.email);
    expect((await interviewer.get(url)).statusCode).toBe(200);
    expect((await interviewer.post(url, { k: '3', seed: '1' })).statusCode).toBe(403);
    expect((await (await signedIn(t.app, people.reader.email)).get(url)).statusCode).toBe(403);
    const other = await makeAlliance(t.db, 'Other');
    expect((await (await signedIn(t.app, other.coordinator.email)).get(url)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(url)).statusCode).toBe(303);
  });
});

describe('working with themes', () => {
  it('renames a theme, keeping its stories', async () => {
    const { coordinator, url } = await runThemes();
    const [theme] = await themesOf();
    await coordinator.get(url);
    const res = await coordinator.post(`${base}/themes/${theme!.id}/rename`, { name: 'Homes that make people ill' });
    expect(res.statusCode).toBe(303);
    expect(flash((await coordinator.get(url)).body)).toBe('Theme renamed.');
    expect(heading((await coordinator.get(`${base}/themes/${theme!.id}`)).body)).toBe('Homes that make people ill');
    expect((await membersOf(theme!.id)).length).toBe(4);
  });

  it('refuses an empty name beside that theme', async () => {
    const { coordinator, url } = await runThemes();
    const [theme] = await themesOf();
    await coordinator.get(url);
    const res = await coordinator.post(`${base}/themes/${theme!.id}/rename`, { name: '' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `name-${theme!.id}`)).toBe('Give the theme a name (up to 120 characters).');
  });

  it('merges two themes into one holding both sets of stories', async () => {
    const { coordinator, url } = await runThemes();
    const [a, b] = await themesOf();
    const stories = [...(await membersOf(a!.id)), ...(await membersOf(b!.id))].sort((x, y) => x - y);
    await coordinator.get(url);
    await coordinator.post(`${base}/themes/${a!.id}/merge`, { into: String(b!.id) });
    expect(await membersOf(b!.id)).toEqual(stories);
    expect((await coordinator.get(`${base}/themes/${a!.id}`)).statusCode).toBe(404);
    expect(await themesOf()).toHaveLength(2);
  });

  it('splits a theme in two, and discards one without touching its stories', async () => {
    const { coordinator, url } = await runThemes({ k: '2', seed: '5' });
    const themes = await themesOf();
    const biggest = (await Promise.all(themes.map(async (th) => ({ th, n: (await membersOf(th.id)).length })))).sort(
      (x, y) => y.n - x.n,
    )[0]!.th;
    await coordinator.get(url);
    expect((await coordinator.post(`${base}/themes/${biggest.id}/split`, {})).statusCode).toBe(303);
    expect(await themesOf()).toHaveLength(3);
    const [first] = await themesOf();
    await coordinator.get(url);
    await coordinator.post(`${base}/themes/${first!.id}/discard`, {});
    expect(
      (await t.db.selectFrom('themes').select('status').where('id', '=', first!.id).executeTakeFirstOrThrow()).status,
    ).toBe('discarded');
    expect(await t.db.selectFrom('stories').select('id').execute()).toHaveLength(12);
  });

  it('turns a theme into a codebook tag on each of its stories', async () => {
    const { coordinator, url } = await runThemes();
    const [theme] = await themesOf();
    await coordinator.get(url);
    await coordinator.post(`${base}/themes/${theme!.id}/rename`, { name: 'Housing repairs' });
    await coordinator.get(url);
    await coordinator.post(`${base}/themes/${theme!.id}/tag`, {});
    const tag = await t.db
      .selectFrom('tags')
      .selectAll()
      .where('name', '=', 'Housing repairs')
      .executeTakeFirstOrThrow();
    const tagged = (
      await t.db.selectFrom('story_tags').select(['story_id', 'source']).where('tag_id', '=', tag.id).execute()
    )
      .map((r) => r.story_id)
      .sort((a, b) => a - b);
    expect(tagged).toEqual(await membersOf(theme!.id));
  });

  it('keeps a theme pointing at its tag when the tag is merged into another, and lets go when that is deleted', async () => {
    const { coordinator, url } = await runThemes();
    const [theme] = await themesOf();
    await coordinator.get(url);
    await coordinator.post(`${base}/themes/${theme!.id}/tag`, {});
    const tagOf = async () =>
      (await t.db.selectFrom('themes').select('tag_id').where('id', '=', theme!.id).executeTakeFirstOrThrow()).tag_id;
    const made = await tagOf();
    expect(made).not.toBeNull();
    const codebook = `${base}/inquiries/${inquiry.id}/codebook`;
    await coordinator.get(codebook);
    expect((await coordinator.post(codebook, { name: 'Everyday troubles' })).statusCode).toBe(303);
    const into = await t.db
      .selectFrom('tags')
      .select('id')
      .where('name', '=', 'Everyday troubles')
      .executeTakeFirstOrThrow();
    await coordinator.get(`${codebook}/${made}`);
    expect((await coordinator.post(`${codebook}/${made}/merge`, { into: String(into.id) })).statusCode).toBe(303);
    expect(await tagOf()).toBe(into.id);
    await coordinator.get(`${codebook}/${into.id}`);
    expect((await coordinator.post(`${codebook}/${into.id}/delete`)).statusCode).toBe(303);
    expect(await tagOf()).toBeNull();
  });

  it('does not let an interviewer change themes', async () => {
    await runThemes();
    const [theme] = await themesOf();
    const interviewer = await signedIn(t.app, people.interviewer.email);
    await interviewer.get(`${base}/themes/${theme!.id}`);
    expect((await interviewer.post(`${base}/themes/${theme!.id}/rename`, { name: 'x' })).statusCode).toBe(403);
  });
});

describe('the theme map', () => {
  it('places every story as a link, with a legend and a text alternative', async () => {
    const { coordinator, url } = await runThemes();
    const map = await coordinator.get(`${url}/map`);
    expect(map.statusCode).toBe(200);
    const links = [...map.body.matchAll(/<a href="\/alliances\/\d+\/stories\/(\d+)" aria-label/g)].map((m) =>
      Number(m[1]),
    );
    expect(links.sort((a, b) => a - b)).toEqual(idsOf([...groups.damp, ...groups.food, ...groups.school]));
    expect(map.body).toContain('role="group" aria-labelledby="map-title" aria-describedby="map-desc"');
    expect(visibleText(map.body)).toContain('Themes on the map');
  });
});

describe('withdrawal reaches themes', () => {
  it('takes a withdrawn story out of its theme, the theme page and the map', async () => {
    const { coordinator, url } = await runThemes();
    const gone = groups.food[0]!;
    await withdrawStory(t.db, null, 'The storyteller', gone);
    expect(await t.db.selectFrom('theme_stories').selectAll().where('story_id', '=', gone.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('story_analysis').selectAll().where('story_id', '=', gone.id).execute()).toEqual([]);
    const map = await coordinator.get(`${url}/map`);
    expect(map.body).not.toContain(`/stories/${gone.id}"`);
    for (const theme of await themesOf())
      expect((await coordinator.get(`${base}/themes/${theme.id}`)).body).not.toContain(`/stories/${gone.id}"`);
  });
});
