/**
 * On the pages of story packs and sense-making rounds, an inquiry's own words (its name, its domains, its storyteller
 * questions) are marked with its question language and a story's title and words with the story's own (WCAG 3.1.2),
 * so a screen reader reads an Arabic domain with an Arabic voice on an English page, and an English title keeps its
 * "?" at its end among right-to-left words. A round of the demo's Arabic inquiry, seen in English, and one of its
 * English inquiry, seen in Arabic and French; the interface's own words are left as the page's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Round, User } from '../../server/db/schema.ts';
import { DEMO_PASSWORD, loadDemo } from '../../server/demo/load.ts';
import { joinAsMember } from '../../server/rounds/participants-store.ts';
import { addStories, listCandidates } from '../../server/rounds/picking-store.ts';
import { roundStories, type RoundStory } from '../../server/rounds/rounds-store.ts';
import { createRound, setStage } from '../../server/rounds/setup-store.ts';
import { setTalliesRevealed } from '../../server/rounds/votes-store.ts';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode } from '../helpers/pages.ts';
import { readAs } from '../helpers/read-as.ts';

/**
 * The page from the element holding the first `marker` on, so words shown earlier (already marked elsewhere, or in
 * the <title>) are not what is checked.
 */
const from = (html: string, marker: string) => {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`"${marker}" is not on the page`);
  return html.slice(html.lastIndexOf('<', at));
};

let t: TestApp;
let agent: Agent;
let coordinator: User;
let alliance: string;
const inquiries: Record<'en' | 'ar', Inquiry> = {} as never;
const rounds: Record<'en' | 'ar', Round> = {} as never;
/** A story of each round with a title and a domain; the Arabic round's first domain. */
const stories: Record<'en' | 'ar', RoundStory> = {} as never;
const domains: Record<'en' | 'ar', { id: number; name: string }[]> = {} as never;

const page = async (path: string, status = 200) => {
  const res = await agent.get(path);
  expect(res.statusCode, path).toBe(status);
  return res.body;
};
const inInterface = (language: string) =>
  t.db.updateTable('users').set({ language }).where('id', '=', coordinator.id).execute();
const stage = async (code: 'en' | 'ar', to: Round['stage']) => {
  await setStage(t.db, coordinator, rounds[code], to);
  rounds[code] = { ...rounds[code], stage: to };
};
const attributeLabel = async (inquiry: Inquiry) =>
  (
    await t.db
      .selectFrom('attributes')
      .select('label')
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .executeTakeFirstOrThrow()
  ).label;

/** A round of the inquiry over its domains, with all but one of the stories a panel may read (one left to pick). */
async function roundOf(inquiry: Inquiry): Promise<Round> {
  const ids = (
    await t.db.selectFrom('domains').select('id').where('inquiry_id', '=', inquiry.id).orderBy('position').execute()
  ).map((d) => d.id);
  const round = await createRound(t.db, coordinator, inquiry, {
    name: 'Spring table',
    panel: 'Residents',
    level: 1,
    domainIds: ids,
    method: 'dots',
    dots: 3,
    voting: 'live',
    shuffle: false,
    sourceIds: [],
  });
  const candidates = (await listCandidates(t.db, round, {})).stories.map((s) => s.id);
  await addStories(t.db, coordinator, round, {}, { ids: candidates.slice(0, -1) });
  await joinAsMember(t.db, round, coordinator);
  return round;
}

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  const demo = await loadDemo(t.db);
  alliance = `/alliances/${demo.alliance.id}`;
  coordinator = demo.coordinator;
  agent = new Agent(t.app);
  expect((await agent.signIn('coordinator@demo.hearth.example', DEMO_PASSWORD)).statusCode).toBe(303);
  const all = await t.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .where('method', '=', 'msc')
    .orderBy('id')
    .execute();
  for (const code of ['en', 'ar'] as const) {
    inquiries[code] = all.find((i) => i.languages.split(',')[0]!.trim() === code)!;
    rounds[code] = await roundOf(inquiries[code]);
    stories[code] = (await roundStories(t.db, rounds[code])).find((s) => s.title && s.domain_name)!;
    domains[code] = await t.db
      .selectFrom('domains')
      .select(['id', 'name'])
      .where('inquiry_id', '=', inquiries[code].id)
      .orderBy('position')
      .execute();
  }
}, 120_000);
afterAll(() => t.close());

describe('on an English page, the Arabic inquiry’s round', () => {
  const r = () => `${alliance}/rounds/${rounds.ar.id}`;
  beforeAll(() => inInterface('en'));

  it('marks the story titles and domains on the round page, and the domains in its facts', async () => {
    const html = await page(r());
    const table = from(html, 'id="stories"');
    expect(readAs(table, stories.ar.title)).toBe('ar rtl');
    expect(readAs(table, stories.ar.domain_name!)).toBe('ar rtl');
    expect(readAs(from(html, 'class="round-facts"'), domains.ar[0]!.name)).toBe('ar rtl');
    expect(decode(html)).toContain(`<h1>${rounds.ar.name}</h1>`);
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the round’s stories, the candidates, the domain choices and the storyteller questions in the stories picker', async () => {
    const html = await page(`${r()}/stories`);
    expect(readAs(from(html, 'id="chosen"'), stories.ar.title)).toBe('ar rtl');
    expect(readAs(from(html, 'id="chosen"'), stories.ar.domain_name!)).toBe('ar rtl');
    expect(decode(html)).toMatch(
      new RegExp(`<option value="\\d+" lang="ar" dir="rtl">${domains.ar[0]!.name}</option>`),
    );
    const label = await attributeLabel(inquiries.ar);
    expect(decode(html)).toMatch(new RegExp(`<option value="\\d+" lang="ar" dir="rtl">${label}</option>`));
    expect(decode(from(html, 'id="candidates"'))).toMatch(/<span class="hint">— <bdi lang="ar" dir="rtl">/);
    // A candidate's title, beside its code.
    expect(decode(from(html, 'id="candidates"'))).toMatch(/<strong>[^<]+<\/strong> <bdi lang="ar" dir="rtl">/);
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the titles and domains on the pack settings page', async () => {
    const html = await page(`${r()}/pack/settings`);
    const fit = from(html, 'class="pack-fit"');
    expect(readAs(fit, stories.ar.title)).toBe('ar rtl');
    expect(readAs(fit, stories.ar.domain_name!)).toBe('ar rtl');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the inquiry’s name, its domains, the ballot’s titles and each reasons sheet’s domain in the pack', async () => {
    const html = await page(`${r()}/pack`);
    const cover = from(html, 'class="pack-facts"');
    expect(readAs(cover, inquiries.ar.title)).toBe('ar rtl');
    expect(readAs(cover, domains.ar[0]!.name)).toBe('ar rtl');
    expect(readAs(from(html, 'class="pack-story__meta"'), stories.ar.domain_name!)).toBe('ar rtl');
    const ballot = from(html, 'class="pack-sheet pack-ballot"');
    expect(readAs(ballot, stories.ar.title)).toBe('ar rtl');
    expect(readAs(ballot, stories.ar.domain_name!)).toBe('ar rtl');
    expect(readAs(from(html, 'class="pack-sheet pack-reasons"'), domains.ar[0]!.name)).toBe('ar rtl');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the inquiry’s name as the pack’s title and in its back link, in an inquiry’s pack', async () => {
    const html = await page(`${alliance}/inquiries/${inquiries.ar.id}/pack`);
    expect(decode(html)).toContain(`<h1>Story pack: <bdi lang="ar" dir="rtl">${inquiries.ar.title}</bdi></h1>`);
    expect(readAs(from(html, 'class="back-link"'), inquiries.ar.title)).toBe('ar rtl');
    expect(readAs(from(html, 'class="pack-cover__title"'), inquiries.ar.title)).toBe('ar rtl');
  });

  it('marks the story’s domain on the read-aloud screen', async () => {
    const n = (await roundStories(t.db, rounds.ar)).findIndex((s) => s.id === stories.ar.id) + 1;
    const html = await page(`${r()}/read-aloud/${n}`);
    expect(readAs(from(html, 'class="stage-story__meta"'), stories.ar.domain_name!)).toBe('ar rtl');
  });

  it('marks the titles and domains a panel member sees, and the domain of the story read', async () => {
    await stage('ar', 'reading');
    const home = await page(`/rounds/${rounds.ar.id}/take-part`);
    expect(readAs(home, stories.ar.title)).toBe('ar rtl');
    expect(readAs(home, stories.ar.domain_name!)).toBe('ar rtl');
    expect(await htmlErrors(home)).toEqual([]);
    const read = await page(`/rounds/${rounds.ar.id}/take-part/stories/${stories.ar.id}`);
    expect(decode(read)).toContain(`Domain: <bdi lang="ar" dir="rtl">${stories.ar.domain_name}</bdi>`);
  });

  it('marks the titles on the vote, the live tallies and the paper tallies', async () => {
    await stage('ar', 'voting');
    for (const path of [`/rounds/${rounds.ar.id}/take-part/vote`, `${r()}/tallies`, `${r()}/paper`]) {
      const html = await page(path);
      expect(readAs(html, stories.ar.title), path).toBe('ar rtl');
      expect(await htmlErrors(html), path).toEqual([]);
    }
  });

  it('marks the titles on the results once revealed', async () => {
    await setTalliesRevealed(t.db, rounds.ar, coordinator, true);
    const html = await page(`/rounds/${rounds.ar.id}/take-part/results`);
    expect(readAs(html, stories.ar.title)).toBe('ar rtl');
  });

  it('marks each domain and title on the decide page, and the domain named in its summary of problems', async () => {
    await stage('ar', 'deciding');
    const html = await page(`${r()}/decide`);
    const domain = domains.ar.find((d) => d.name === stories.ar.domain_name)!;
    expect(readAs(from(html, `id="domain-${domain.id}-title"`), domain.name)).toBe('ar rtl');
    expect(readAs(from(html, `id="domain-${domain.id}"`), stories.ar.title)).toBe('ar rtl');
    const refused = await agent.submit(`${r()}/decide`, `${r()}/decide`, { domain: String(domain.id) });
    expect(refused.statusCode).toBe(422);
    expect(decode(from(refused.body, 'class="error-summary"'))).toContain(
      `<bdi lang="ar" dir="rtl">${domain.name}</bdi>: `,
    );
    expect(await htmlErrors(refused.body)).toEqual([]);
  });

  it('marks the domain still being typed in the notice of what is not recorded yet', async () => {
    const domain = domains.ar.find((d) => d.name === stories.ar.domain_name)!;
    const other = domains.ar.find((d) => d.id !== domain.id)!;
    const res = await agent.submit(`${r()}/decide`, `${r()}/decide`, {
      domain: String(domain.id),
      [`stories-${domain.id}[]`]: String(stories.ar.id),
      [`reasons-${domain.id}`]: 'It shows a lasting change in how neighbours help each other.',
      [`reasons-${other.id}`]: 'Half typed',
    });
    expect(res.statusCode).toBe(200);
    expect(decode(res.body)).toContain(
      `Not recorded yet: <bdi lang="ar" dir="rtl">${other.name}</bdi>. What you typed`,
    );
    const html = await page(`${r()}/decide`);
    expect(readAs(from(html, 'class="decision__chosen"'), stories.ar.title, true)).toBe('ar rtl');
  });

  it('marks the inquiry’s name, the domains and the titles on the feedback', async () => {
    const html = await page(`${r()}/feedback`);
    expect(readAs(from(html, 'class="feedback__facts"'), inquiries.ar.title)).toBe('ar rtl');
    expect(readAs(from(html, 'class="feedback__domain"'), stories.ar.domain_name!)).toBe('ar rtl');
    expect(readAs(from(html, 'class="feedback__chosen"'), stories.ar.title)).toBe('ar rtl');
    const read = from(html, 'id="read-title"');
    expect(readAs(read, stories.ar.title)).toBe('ar rtl');
    expect(readAs(read, stories.ar.domain_name!)).toBe('ar rtl');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the chosen story’s title and domain on the exhibit screen', async () => {
    let html = '';
    for (let n = 1; n < 30 && !html.includes(`stage-story__code">${stories.ar.code}<`); n++)
      html = await page(`${r()}/exhibits/${n}`);
    expect(readAs(from(html, '<main'), stories.ar.title, true)).toBe('ar rtl');
    expect(readAs(from(html, 'class="stage-exhibit__kind"'), stories.ar.domain_name!, true)).toBe('ar rtl');
  });

  it('marks the inquiry’s name on an inquiry’s empty exhibit screen or among its exhibits', async () => {
    const html = await page(`${alliance}/inquiries/${inquiries.ar.id}/exhibits/1`);
    expect(readAs(from(html, '<main'), inquiries.ar.title, true)).toBe('ar rtl');
  });
});

describe('on an Arabic or French page, the English inquiry’s round', () => {
  const r = () => `${alliance}/rounds/${rounds.en.id}`;
  beforeAll(() => inInterface('ar'));
  afterAll(() => inInterface('en'));

  it('marks the English titles and domains as English on the round page', async () => {
    const html = await page(r());
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const table = from(html, 'id="stories"');
    expect(readAs(table, stories.en.title)).toBe('en ltr');
    expect(readAs(table, stories.en.domain_name!)).toBe('en ltr');
  });

  it('marks the English inquiry’s name and the ballot’s titles in a pack printed from an Arabic page', async () => {
    const html = await page(`${r()}/pack`);
    expect(readAs(from(html, 'class="pack-facts"'), inquiries.en.title)).toBe('en ltr');
    expect(readAs(from(html, 'class="pack-sheet pack-ballot"'), stories.en.title)).toBe('en ltr');
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('marks the English domain on the story read by the panel and the titles on the vote', async () => {
    await stage('en', 'voting');
    const read = await page(`/rounds/${rounds.en.id}/take-part/stories/${stories.en.id}`);
    expect(decode(read)).toContain(`<bdi lang="en" dir="ltr">${stories.en.domain_name}</bdi>`);
    const vote = await page(`/rounds/${rounds.en.id}/take-part/vote`);
    expect(readAs(vote, stories.en.title)).toBe('en ltr');
    expect(await htmlErrors(vote)).toEqual([]);
  });

  it('marks the English domains and titles as English on the decide page and the feedback, in French too', async () => {
    await inInterface('fr');
    const html = await page(`${r()}/decide`);
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(readAs(from(html, 'class="decision"'), domains.en[0]!.name)).toBe('en ltr');
    expect(readAs(html, stories.en.title, true)).toBe('en ltr');
    await inInterface('ar');
    const feedback = await page(`${r()}/feedback`);
    expect(readAs(from(feedback, 'class="feedback__facts"'), inquiries.en.title)).toBe('en ltr');
    expect(readAs(from(feedback, 'id="read-title"'), stories.en.title)).toBe('en ltr');
  });
});
