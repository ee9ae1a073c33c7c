/**
 * Consent in one place: every output of stories obeys withdrawal, and every output that serves a named use shows
 * only stories whose teller consented to it. Each capability that adds an output adds it to OUTPUTS below.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createTag, tagStory } from '../../server/analysis/tags-store.ts';
import { CONSENT_USES, type Inquiry, type Story } from '../../server/db/schema.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { storiesFor, withdrawStory } from '../../server/stories/store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let withdrawn: Story;
let tagId: number;
const WITHDRAWN_WORDS = 'zebracrossing withdrawnwords the teller asked us to forget';

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const everyUse = Object.fromEntries(CONSENT_USES.map((u) => [u, true]));
  await makeStory(t.db, inquiry, { words: 'A kept story about the allotment.', title: 'Kept', consent: everyUse });
  // One story without each use, so each use's output can be shown to leave it out.
  for (const use of CONSENT_USES) await makeStory(t.db, inquiry, { words: `No consent for ${use} here.`, title: `Not for ${use}`, consent: { ...everyUse, [use]: false } });
  withdrawn = await makeStory(t.db, inquiry, { words: WITHDRAWN_WORDS, title: 'Withdrawn title zebracrossing' });
  // A receipt for the withdrawn story, as if told through the public link.
  await t.db.updateTable('stories').set({ receipt_hash: 'x' }).where('id', '=', withdrawn.id).execute();
  // Tagged on the whole story and on a passage (whose quote holds the teller's words) before it is withdrawn.
  const tag = await createTag(t.db, people.coordinator, inquiry, { name: 'Crossings', description: '', parentId: null });
  tagId = tag.id;
  await tagStory(t.db, people.coordinator, inquiry, withdrawn, { tag }, null);
  await tagStory(t.db, people.coordinator, inquiry, withdrawn, { tag }, { answerPosition: 0, start: 0, end: 13, quote: WITHDRAWN_WORDS.slice(0, 13) });
  await withdrawStory(t.db, null, 'The storyteller', withdrawn);
});
afterAll(() => t.close());

/** Every page or export that shows stories, fetched as the people who use it. */
const OUTPUTS: { name: string; fetch: () => Promise<string>; listsIt?: false }[] = [
  { name: 'story list', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/stories`)).body },
  { name: 'story list, withdrawn filter', fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/stories?status=withdrawn`)).body },
  // The search box shows what was typed; the results must not.
  { name: 'search', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/stories?q=zebracrossing`)).body.replace(/<input[^>]*name="q"[^>]*>/, '') },
  { name: 'story page', fetch: async () => (await (await staff()).get(`${base()}/stories/${withdrawn.id}`)).body },
  { name: 'versions page', fetch: async () => (await (await staff()).get(`${base()}/stories/${withdrawn.id}/versions`)).body },
  { name: 'public storytelling page', fetch: async () => (await new Agent(t.app).get('/tell/none')).body },
  { name: 'codebook', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/codebook`)).body },
  { name: 'codebook tag page', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/codebook/${tagId}`)).body },
];
const base = () => `/alliances/${people.alliance.id}`;
const staff = () => signedIn(t.app, people.coordinator.email);

describe('withdrawal reaches every output', () => {
  it.each(OUTPUTS.map((o) => [o.name, o]))('%s shows none of a withdrawn story’s words', async (_name, output) => {
    const html = await output.fetch();
    expect(html).not.toContain('zebracrossing');
    expect(html).not.toContain('withdrawnwords');
    // Outputs that list stories do not list it at all (only the withdrawn filter shows its code and date).
    if (output.listsIt === false) expect(html).not.toContain(withdrawn.code);
  });

  it('leaves no words of it in the database, nor in the search index', async () => {
    const answers = await t.db.selectFrom('story_answers').select('value').where('story_id', '=', withdrawn.id).execute();
    expect(answers).toEqual([]);
    const found = await t.db.selectFrom('stories').select('id').where(matchesSearch(t.db, 'zebracrossing')).execute();
    expect(found).toEqual([]);
    const row = await t.db.selectFrom('stories').selectAll().where('id', '=', withdrawn.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('zebracrossing');
    // Its tags went with it: tags on passages hold quotes of its words.
    expect(await t.db.selectFrom('story_tags').select('id').where('story_id', '=', withdrawn.id).execute()).toEqual([]);
    expect(JSON.stringify(await t.db.selectFrom('story_tags').selectAll().execute())).not.toContain('zebracrossing');
  });
});

describe('consent for each named use', () => {
  it.each(CONSENT_USES.map((u) => [u]))('stories for "%s" leave out the story whose teller did not agree to it, drafts and withdrawn ones', async (use) => {
    const titles = (await storiesFor(t.db, people.alliance.id, use).select('stories.title').execute()).map((s) => s.title);
    expect(titles).toContain('Kept');
    expect(titles).not.toContain(`Not for ${use}`);
    for (const other of CONSENT_USES.filter((u) => u !== use)) expect(titles).toContain(`Not for ${other}`);
    expect(titles.some((title) => title.includes('zebracrossing'))).toBe(false);
  });

  it('keeps other alliances’ stories out', async () => {
    const other = await makeAlliance(t.db, 'Another Alliance');
    const theirs = await makeInquiry(t.db, other.alliance, other.coordinator);
    await makeStory(t.db, theirs, { words: 'Their story.', title: 'Theirs' });
    const titles = (await storiesFor(t.db, people.alliance.id).select('stories.title').execute()).map((s) => s.title);
    expect(titles).not.toContain('Theirs');
  });
});
