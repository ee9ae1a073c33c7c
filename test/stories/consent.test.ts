/**
 * Consent in one place: every output of stories obeys withdrawal, and every output that serves a named use shows
 * only stories whose teller consented to it. Each capability that adds an output adds it to OUTPUTS below.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createTag, tagStory } from '../../server/codebook/tags-store.ts';
import { CONSENT_USES, type Inquiry, type Story } from '../../server/db/schema.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { storiesFor, withdrawStory } from '../../server/stories/store.ts';
import { unzipSync, strFromU8 } from 'fflate';
import type { Round } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { addRoundStories, guestIn, makeRound } from '../rounds/round-fixtures.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let withdrawn: Story;
let tagId: number;
let round: Round;
let guest: Agent;
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
  // In a round before it is withdrawn: read, commented on, voted for, chosen with reasons, feedback sent.
  round = await makeRound(t.db, people.alliance.id, inquiry.id, { stage: 'deciding', feedback_sent_at: new Date().toISOString() });
  const all = await t.db.selectFrom('stories').select('id').where('inquiry_id', '=', inquiry.id).orderBy('id').execute();
  await addRoundStories(t.db, round.id, all.map((s) => s.id));
  guest = await guestIn(t.app, round.join_code, 'Guest reader');
  const participant = await t.db.selectFrom('round_participants').select('id').where('round_id', '=', round.id).executeTakeFirstOrThrow();
  await t.db.insertInto('annotations').values({ round_id: round.id, story_id: withdrawn.id, participant_id: participant.id, answer_position: 0, start_offset: 0, end_offset: 13, quote: WITHDRAWN_WORDS.slice(0, 13), comment: 'We loved the zebracrossing part', created_at: new Date().toISOString() }).execute();
  const ballot = await t.db.insertInto('ballots').values({ round_id: round.id, participant_id: null, source: 'paper', entered_by: null, cast_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
  for (const s of all) await t.db.insertInto('ballot_marks').values({ ballot_id: ballot.id, story_id: s.id, points: 2, rank: null }).execute();
  const decision = await t.db.insertInto('decisions').values({ round_id: round.id, domain_id: withdrawn.domain_id, outcome: 'chosen', reasons: 'Chosen for its turning point.', criteria: '', dissent: '', recorded_by: null, decided_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('selections').values({ decision_id: decision.id, round_id: round.id, story_id: withdrawn.id, votes: 2 }).execute();
  await withdrawStory(t.db, null, 'The storyteller', withdrawn);
});

/** Numbered screens (read-aloud, exhibits): all of them, one after another, until there are no more. */
async function screens(path: string): Promise<string> {
  const agent = await staff();
  let html = '';
  for (let n = 1; n <= 12; n++) {
    const res = await agent.get(`${path}/${n}`);
    if (res.statusCode !== 200) break;
    html += res.body;
  }
  return html;
}

/** An export's text: a zip (REFI-QDA) opened, every file in it joined. */
async function exported(query: string): Promise<string> {
  const res = await (await staff()).get(`${base()}/inquiries/${inquiry.id}/export/download?${query}`);
  expect(res.statusCode).toBe(200);
  if (!query.includes('qdpx')) return res.body;
  return Object.values(unzipSync(new Uint8Array(res.rawPayload))).map((f) => strFromU8(f)).join('\n');
}
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
  { name: 'round hub', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}`)).body },
  { name: 'round decide page', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/decide`)).body },
  { name: 'round tallies', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/tallies`)).body },
  { name: 'round feedback page', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/feedback`)).body },
  { name: 'participant’s stories', listsIt: false, fetch: async () => (await guest.get(`/rounds/${round.id}/take-part`)).body },
  { name: 'participant’s reading view', listsIt: false, fetch: async () => (await guest.get(`/rounds/${round.id}/take-part/stories/${withdrawn.id}`)).body },
  { name: 'learning log', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/learning`)).body },
  { name: 'round story pack', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/pack`)).body },
  { name: 'inquiry story pack', listsIt: false, fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/pack`)).body },
  { name: 'read-aloud screens', listsIt: false, fetch: () => screens(`${base()}/rounds/${round.id}/read-aloud`) },
  { name: 'exhibits', listsIt: false, fetch: () => screens(`${base()}/inquiries/${inquiry.id}/exhibits`) },
  { name: 'CSV export', listsIt: false, fetch: () => exported('format=csv') },
  { name: 'JSON export', listsIt: false, fetch: () => exported('format=json') },
  { name: 'REFI-QDA export', listsIt: false, fetch: () => exported('format=qdpx') },
  { name: 'funders’ CSV export', listsIt: false, fetch: () => exported('format=csv&audience=funders') },
];

/** Outputs that serve one named use: each must leave out the story whose teller did not agree to that use. */
const USE_OUTPUTS: { use: (typeof CONSENT_USES)[number]; name: string; fetch: () => Promise<string> }[] = [
  { use: 'panels', name: 'round hub', fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}`)).body },
  { use: 'panels', name: 'participant’s stories', fetch: async () => (await guest.get(`/rounds/${round.id}/take-part`)).body },
  { use: 'panels', name: 'round feedback page', fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/feedback`)).body },
  { use: 'packs', name: 'round story pack', fetch: async () => (await (await staff()).get(`${base()}/rounds/${round.id}/pack`)).body },
  { use: 'packs', name: 'inquiry story pack', fetch: async () => (await (await staff()).get(`${base()}/inquiries/${inquiry.id}/pack`)).body },
  { use: 'funders', name: 'funders’ CSV export', fetch: () => exported('format=csv&audience=funders') },
  { use: 'funders', name: 'funders’ JSON export', fetch: () => exported('format=json&audience=funders') },
];
const base = () => `/alliances/${people.alliance.id}`;
let signedInStaff: Promise<Agent> | undefined;
/** One signed-in coordinator for every output (signing in for each would meet the sign-in rate limit). */
const staff = () => (signedInStaff ??= signedIn(t.app, people.coordinator.email));

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
  it.each(USE_OUTPUTS.map((o) => [`${o.name} (${o.use})`, o]))('%s leaves out the story not consented for that use', async (_name, output) => {
    const html = await output.fetch();
    expect(html).toContain('Kept');
    expect(html).not.toContain(`Not for ${output.use}`);
  });

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
