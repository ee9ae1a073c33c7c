/**
 * A theme's label and terms are made of its stories' phrases (the theme engine names a theme by what its stories
 * say). Outputs name a theme only by words of a story their audience may see: funders never see a phrase only a
 * story kept from them says, and a withdrawn story's words leave the names of its themes (rewritten once, stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservation } from '../../server/observations/store.ts';
import type { Inquiry, Round, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { finishRun, queueRun } from '../../server/themes/runs-store.ts';
import { findTheme, renameTheme, themeToTag } from '../../server/themes/themes-store.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let round: Round;
let runId: number;
let shareToken: string;
const themeIds = new Map<string, number>();
let volcanoTag: number;

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const story = (words: string, title: string, funders = true): Promise<Story> =>
    makeStory(t.db, inquiry, { words, title, consent: { funders } });
  const shared = await story('The allotment garden grew.', 'Garden');
  const kept = await story('The quarryman kept his secret about the quarryman union.', 'Not for funders', false);
  const gone = await story('zebracrossing outside the school, zebracrossing again.', 'Crossing');
  const orchard = await story('We pressed apples at the orchard cider press.', 'Apples');
  const lighthouse = await story('My father was the lighthouse keeper for years.', 'Light', false);
  const river = await story('The river boats carried us to market.', 'Boats');
  const tunnel = await story('Nobody knew about the smuggler tunnel.', 'Hidden', false);
  const bakery = await story('The bakery bread was warm every morning.', 'Bread');
  const volcano = await story('The volcano rumbled and the volcano ash fell.', 'Ash');
  const run = await queueRun(t.db, people.coordinator, inquiry, { k: 6, seed: 1, domainId: null });
  const all = [shared, kept, gone, orchard, lighthouse, river, tunnel, bakery, volcano];
  const theme = (label: string, terms: string[], stories: Story[]) => ({
    label,
    terms,
    stories: stories.map((s) => String(s.id)),
    examples: [],
  });
  // As the engine names themes: each by its own stories' most telling phrases.
  await finishRun(t.db, run, {
    k: 6,
    themes: [
      theme('allotment · garden', ['allotment', 'garden'], [shared]),
      theme('quarryman · union', ['quarryman', 'union'], [kept]),
      theme('zebracrossing · school', ['zebracrossing', 'school'], [gone]),
      theme('orchard cider · lighthouse keeper', ['orchard', 'lighthouse', 'cider', 'keeper'], [orchard, lighthouse]),
      theme('river boats · smuggler tunnel', ['river', 'smuggler'], [river, tunnel]),
      theme('volcano ash · bakery bread', ['volcano', 'bakery', 'bread'], [bakery, volcano]),
    ],
    points: all.map((s, i) => ({ id: String(s.id), x: i, y: i, theme: i })),
  });
  runId = run.id;
  const themes = await t.db.selectFrom('themes').select(['id', 'label']).where('run_id', '=', run.id).execute();
  for (const th of themes) themeIds.set(th.label.split(' ')[0]!, th.id);
  await t.db.updateTable('themes').set({ status: 'kept' }).where('run_id', '=', run.id).execute();
  const renamed = (await findTheme(t.db, people.alliance.id, themeIds.get('river')!))!;
  await renameTheme(t.db, people.coordinator, renamed.run, renamed.theme, 'Getting around');
  round = await makeRound(t.db, people.alliance.id, inquiry.id, { name: 'Orchard round' });
  await addRoundStories(t.db, round.id, [orchard.id]);
  shareToken = (
    await createShareLink(t.db, people.coordinator, inquiry, {
      label: 'Funder',
      days: 30,
      period: { from: '', to: '' },
    })
  ).token;
  // Its codebook tag is named by the label as it was, with the kept story's phrase.
  const mixed = (await findTheme(t.db, people.alliance.id, themeIds.get('orchard')!))!;
  await themeToTag(t.db, people.coordinator, mixed.run, mixed.theme);
  // An observation on the themes, printed with its numbers in the funders' report.
  await addObservation(t.db, people.coordinator, inquiry, {
    pattern: 'theme',
    filters: '',
    title: 'Which themes the stories fall in',
    text: 'Seen',
    interpretations: ['One reading'],
  });
  // A tag made from the volcano theme before its story is withdrawn carries the theme's words as they were.
  const ash = (await findTheme(t.db, people.alliance.id, themeIds.get('volcano')!))!;
  volcanoTag = await themeToTag(t.db, people.coordinator, ash.run, ash.theme);
  await withdrawStory(t.db, null, 'The storyteller', gone);
  await withdrawStory(t.db, null, 'The storyteller', volcano);
});
afterAll(() => t.close());

const base = () => `/alliances/${people.alliance.id}`;
const inq = () => `${base()}/inquiries/${inquiry.id}`;
const funderExport = async () => {
  const staff = await signedIn(t.app, people.coordinator.email);
  const res = await staff.get(`${inq()}/export/download?format=json&audience=funders`);
  expect(res.statusCode).toBe(200);
  return res;
};

describe('theme labels made of a story kept from funders', () => {
  it('the reader’s report does not name a theme by the words of a story kept from funders', async () => {
    const reader = await signedIn(t.app, people.reader.email);
    const res = await reader.get(`${inq()}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('allotment');
    expect(res.body).not.toContain('quarryman');
  });

  it('the shared report link does not name a theme by the words of a story kept from funders', async () => {
    const res = await new Agent(t.app).get(`/shared/${shareToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('allotment');
    expect(res.body).not.toContain('quarryman');
  });

  it('the funders’ JSON export does not hold the label or terms of a theme of stories kept from funders', async () => {
    const res = await funderExport();
    expect(res.body).toContain('allotment');
    expect(res.body).not.toContain('quarryman');
  });

  it('a theme of a shared and a kept story shows funders only the shared story’s phrase, and staff both', async () => {
    const reader = await signedIn(t.app, people.reader.email);
    const funders = (await reader.get(`${inq()}/report`)).body;
    expect(funders).toContain('orchard cider');
    expect(funders).not.toContain('lighthouse');
    const shared = (await new Agent(t.app).get(`/shared/${shareToken}`)).body;
    expect(shared).toContain('orchard cider');
    expect(shared).not.toContain('lighthouse');
    const staff = await signedIn(t.app, people.coordinator.email);
    expect((await staff.get(`${inq()}/report`)).body).toContain('orchard cider · lighthouse keeper');
    const exported = JSON.parse((await funderExport()).body) as {
      analysis_runs: { themes: { label: string; terms: string[] }[] }[];
    };
    // Nor anywhere else in the export (the codebook tag made from the theme included).
    expect(JSON.stringify(exported)).not.toContain('lighthouse');
    const orchard = exported.analysis_runs[0]!.themes.find((th) => th.label.startsWith('orchard'));
    expect(orchard).toMatchObject({ label: 'orchard cider', terms: ['orchard', 'cider'] });
  });

  it('a theme staff renamed keeps its name for funders, and its kept story’s words stay out', async () => {
    const reader = await signedIn(t.app, people.reader.email);
    const report = (await reader.get(`${inq()}/report`)).body;
    expect(report).toContain('Getting around');
    expect(report).not.toContain('smuggler');
    const exported = (await funderExport()).body;
    expect(exported).toContain('Getting around');
    expect(exported).not.toContain('smuggler');
  });

  it('a round’s exhibit names a theme only by words of the round’s stories', async () => {
    const facilitator = await signedIn(t.app, people.facilitator.email);
    const res = await facilitator.get(`${base()}/rounds/${round.id}/exhibits/1`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('orchard cider');
    expect(res.body).not.toContain('lighthouse');
  });
});

describe('an observation on the themes in the funders’ report', () => {
  it('names each theme only by words funders may see, and leaves out a theme of kept stories', async () => {
    const shared = (await new Agent(t.app).get(`/shared/${shareToken}`)).body;
    const card = /Which themes the stories fall in[\s\S]*?<\/table>/.exec(shared)?.[0] ?? '';
    expect(card, 'the observation and its table are in the shared report').toContain('orchard cider');
    expect(card).not.toContain('lighthouse');
    expect(card).not.toContain('quarryman');
  });
});

describe('theme labels made of a withdrawn story', () => {
  const pages = (): [string, string][] => [
    ['report', `${inq()}/report`],
    ['theme run', `${base()}/themes/runs/${runId}`],
    ['theme map', `${base()}/themes/runs/${runId}/map`],
    ['theme page', `${base()}/themes/${themeIds.get('zebracrossing')!}`],
    ['team’s JSON export', `${inq()}/export/download?format=json`],
  ];
  it.each(['report', 'theme run', 'theme map', 'theme page', 'team’s JSON export'])(
    '%s shows none of the withdrawn story’s words',
    async (name) => {
      const url = new Map(pages()).get(name)!;
      const staff = await signedIn(t.app, people.coordinator.email);
      const res = await staff.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('zebracrossing');
      expect(res.body, url).not.toContain('volcano');
    },
  );

  it('rewrites the stored label and terms once, keeping the words of the stories still in the theme', async () => {
    const row = await t.db
      .selectFrom('themes')
      .select(['label', 'terms'])
      .where('id', '=', themeIds.get('volcano')!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ label: 'bakery bread', terms: JSON.stringify(['bakery', 'bread']) });
    const staff = await signedIn(t.app, people.coordinator.email);
    const page = (await staff.get(`${base()}/themes/${themeIds.get('volcano')!}`)).body;
    expect(page).toContain('bakery bread');
    expect(page).not.toContain('volcano');
    // So does the codebook tag made from it, which still had the theme's name.
    const tag = await t.db
      .selectFrom('tags')
      .select(['name', 'description'])
      .where('id', '=', volcanoTag)
      .executeTakeFirstOrThrow();
    expect(tag).toEqual({ name: 'bakery bread', description: 'From the theme "bakery bread": bakery, bread' });
    const codebook = (await staff.get(`${inq()}/codebook`)).body;
    expect(codebook).toContain('bakery bread');
    expect(codebook).not.toContain('volcano');
  });

  it('names a theme left with no word of its own neutrally, by its number', async () => {
    const staff = await signedIn(t.app, people.coordinator.email);
    const page = (await staff.get(`${base()}/themes/${themeIds.get('zebracrossing')!}`)).body;
    expect(page).toContain('Theme 3');
  });
});
