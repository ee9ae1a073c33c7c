/**
 * An inquiry's and a story's own words on a page in another language are marked with their language and direction
 * (WCAG 3.1.2), so a screen reader reads Arabic with an Arabic voice on an English page and English with an English
 * one on an Arabic page, and an English question keeps its "?" at its end among right-to-left words. The demo's
 * Arabic, French and English inquiries, seen in the English and then the Arabic interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { DEMO_PASSWORD, loadDemo } from '../../server/demo/load.ts';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode } from '../helpers/pages.ts';
import { readAs } from '../helpers/read-as.ts';

let t: TestApp;
let agent: Agent;
let userId: number;
let base: string;
const inquiries: Record<'en' | 'fr' | 'ar', Inquiry> = {} as never;
const stories: Record<'en' | 'fr' | 'ar', Story> = {} as never;

const page = async (path: string) => {
  const res = await agent.get(path);
  expect(res.statusCode, path).toBe(200);
  return res.body;
};
const inInterface = (language: string) =>
  t.db.updateTable('users').set({ language }).where('id', '=', userId).execute();
const attributesOf = (story: Story) =>
  t.db
    .selectFrom('story_attributes')
    .select(['label', 'value'])
    .where('story_id', '=', story.id)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  const demo = await loadDemo(t.db);
  base = `/alliances/${demo.alliance.id}`;
  agent = new Agent(t.app);
  expect((await agent.signIn('coordinator@demo.hearth.example', DEMO_PASSWORD)).statusCode).toBe(303);
  userId = demo.coordinator.id;
  const all = await t.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .where('method', '=', 'msc')
    .orderBy('id')
    .execute();
  for (const code of ['en', 'fr', 'ar'] as const) {
    inquiries[code] = all.find((i) => i.languages.split(',')[0]!.trim() === code)!;
    stories[code] = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('inquiry_id', '=', inquiries[code].id)
      .where('status', '!=', 'withdrawn')
      .where('title', '!=', '')
      .where((eb) => eb.exists(eb.selectFrom('story_attributes').select('id').whereRef('story_id', '=', 'stories.id')))
      .orderBy('id')
      .executeTakeFirstOrThrow();
  }
}, 120_000);
afterAll(() => t.close());

describe('on an English page', () => {
  beforeAll(() => inInterface('en'));

  it('marks the Arabic inquiry’s name in the list, its h1 and purpose on its page', async () => {
    const ar = inquiries.ar;
    expect(readAs(await page(`${base}/inquiries`), ar.title)).toBe('ar rtl');
    const html = await page(`${base}/inquiries/${ar.id}`);
    expect(decode(html)).toContain(`<h1 lang="ar" dir="rtl">${ar.title}</h1>`);
    expect(readAs(html, ar.purpose)).toBe('ar rtl');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the storyteller questions, their choices and the domains on the Arabic interview form', async () => {
    const html = await page(`${base}/inquiries/${inquiries.ar.id}/interviews/new`);
    const [who] = await t.db
      .selectFrom('attributes')
      .select(['label', 'options'])
      .where('inquiry_id', '=', inquiries.ar.id)
      .orderBy('position')
      .execute();
    expect(readAs(html, who!.label)).toBe('ar rtl');
    expect(readAs(html, (JSON.parse(who!.options) as string[])[0]!)).toBe('ar rtl');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the Arabic domains and storyteller choices in the story list’s filters', async () => {
    const html = await page(`${base}/inquiries/${inquiries.ar.id}/stories`);
    const domain = await t.db
      .selectFrom('domains')
      .select('name')
      .where('inquiry_id', '=', inquiries.ar.id)
      .orderBy('position')
      .executeTakeFirstOrThrow();
    expect(decode(html)).toMatch(new RegExp(`<option value="\\d+" lang="ar" dir="rtl">${domain.name}</option>`));
    const [who] = await attributesOf(stories.ar);
    expect(readAs(html, who!.value)).toBe('ar rtl');
  });

  it('marks an Arabic story’s title, domain and storyteller answers', async () => {
    const html = await page(`${base}/stories/${stories.ar.id}`);
    expect(readAs(html, stories.ar.title)).toBe('ar rtl');
    const [who] = await attributesOf(stories.ar);
    expect(readAs(html, who!.label)).toBe('ar rtl');
    expect(readAs(html, who!.value)).toBe('ar rtl');
    expect(decode(html)).toMatch(/Domain: <bdi lang="ar" dir="rtl">[^<]+<\/bdi>/);
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks a French story’s title and its storyteller question and answer as French', async () => {
    const html = await page(`${base}/stories/${stories.fr.id}`);
    expect(readAs(html, stories.fr.title)).toBe('fr ltr');
    const [who] = await attributesOf(stories.fr);
    expect(readAs(html, who!.label)).toBe('fr ltr');
    expect(readAs(html, who!.value)).toBe('fr ltr');
  });

  it('marks the Arabic questions in the pattern links, the interface’s words left as the page’s', async () => {
    const html = decode(await page(`${base}/inquiries/${inquiries.ar.id}/patterns`));
    const [who] = await attributesOf(stories.ar);
    expect(html).toContain(`Domain × <bdi lang="ar" dir="rtl">${who!.label}</bdi>`);
  });

  it('marks each inquiry’s name on the reports page', async () => {
    const html = await page(`${base}/reports`);
    expect(readAs(html, inquiries.ar.title)).toBe('ar rtl');
    expect(readAs(html, inquiries.fr.title)).toBe('fr ltr');
  });
});

describe('on an Arabic page', () => {
  beforeAll(() => inInterface('ar'));
  afterAll(() => inInterface('en'));

  it('marks the English report’s title, purpose and storyteller groups as English', async () => {
    const html = await page(`${base}/inquiries/${inquiries.en.id}/report`);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(decode(html)).toContain(`<h1 lang="en" dir="ltr">${inquiries.en.title}</h1>`);
    expect(readAs(html, inquiries.en.purpose)).toBe('en ltr');
    const [who] = await attributesOf(stories.en);
    expect(readAs(html, who!.value)).toBe('en ltr');
  });

  it('marks an English story’s storyteller questions and answers as English', async () => {
    const html = await page(`${base}/stories/${stories.en.id}`);
    for (const { label, value } of await attributesOf(stories.en)) {
      expect(readAs(html, label)).toBe('en ltr');
      expect(readAs(html, value)).toBe('en ltr');
    }
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the French inquiry’s name as French', async () => {
    const html = await page(`${base}/inquiries/${inquiries.fr.id}`);
    expect(decode(html)).toContain(`<h1 lang="fr" dir="ltr">${inquiries.fr.title}</h1>`);
  });

  it('keeps each English question of a pair left to right, its "?" at its end', async () => {
    const sliders = await t.db
      .selectFrom('questions')
      .select(['id', 'prompt'])
      .where('inquiry_id', '=', inquiries.en.id)
      .where('kind', '=', 'slider')
      .orderBy('position')
      .execute();
    const [feel, changed] = sliders as [(typeof sliders)[0], (typeof sliders)[0]];
    const html = await page(`${base}/inquiries/${inquiries.en.id}/patterns/question-${feel.id}/question-${changed.id}`);
    expect(decode(html)).toContain(
      `<h1><bdi lang="en" dir="ltr">${feel.prompt}</bdi> × <bdi lang="en" dir="ltr">${changed.prompt}</bdi></h1>`,
    );
    expect(await htmlErrors(html)).toEqual([]);
  });
});
