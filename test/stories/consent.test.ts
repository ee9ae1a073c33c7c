/**
 * Consent in one place (server/stories/consent.ts): every output of stories obeys withdrawal, every output that
 * serves a named use shows only stories whose teller consented to it, no output beyond the team's own records shows
 * an anonymous teller's name, and what a funder sees holds only stories shared with funders. Each capability that
 * adds an output adds it to OUTPUTS below: the coverage test fails for a page the access matrix lists that is
 * neither an output here nor in SHOWS_NO_STORY.
 */
import { Readable } from 'node:stream';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { storeUpload } from '../../server/attachments/upload.ts';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import { createTag } from '../../server/codebook/tags-store.ts';
import { CONSENT_USES, type Inquiry, type Story } from '../../server/db/schema.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { storiesFor } from '../../server/stories/consent.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { unzipSync, strFromU8 } from 'fflate';
import type { Round } from '../../server/db/schema.ts';
import { queueRun, finishRun } from '../../server/themes/runs-store.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { addToPanel } from '../../server/rounds/participants-store.ts';
import { MATRIX } from '../security/access-matrix.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { addRoundStories, guestIn, makeRound } from '../rounds/round-fixtures.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { phoneJpeg, wav } from '../attachments/fixtures.ts';
import { addObservation } from '../../server/observations/store.ts';
import { saveTranslation } from '../../server/translations/store.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let withdrawn: Story;
let tagId: number;
let round: Round;
let guest: Agent;
let anonymous: Story;
let runId: number;
let themeId: number;
let shareToken: string;
const withdrawnFiles: number[] = [];
const WITHDRAWN_WORDS = 'zebracrossing withdrawnwords the teller asked us to forget';

beforeAll(async () => {
  // With a speech-to-text command set, so the draft-transcript pages are outputs to check.
  t = await testApp({ transcribeCommand: [process.execPath, '-e', ''] });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const everyUse = Object.fromEntries(CONSENT_USES.map((u) => [u, true]));
  const kept = await makeStory(t.db, inquiry, {
    words: 'A kept story about the allotment.',
    title: 'Kept',
    consent: everyUse,
  });
  // Each story translated (into Spanish): a translation goes only where its story may go.
  const translate = (s: Story, title: string, words: string) =>
    saveTranslation(t.db, people.coordinator, s, { language: 'es', title, answers: [{ position: 0, value: words }] });
  await translate(kept, 'Kept, translated', 'A kept story, translated.');
  // One story without each use, so each use's output can be shown to leave it out.
  for (const use of CONSENT_USES) {
    const s = await makeStory(t.db, inquiry, {
      words: `No consent for ${use} here.`,
      title: `Not for ${use}`,
      consent: { ...everyUse, [use]: false },
    });
    await translate(s, `Not for ${use}, translated`, `No consent for ${use} here, translated.`);
  }
  // A teller who asked to stay anonymous: their name is kept in the team's records, and shown nowhere beyond them.
  anonymous = await makeStory(t.db, inquiry, {
    words: 'Told anonymously about the library.',
    title: 'The library',
    storyteller: 'Orla Quillon',
    consent: { ...everyUse, anonymous: true },
  });
  withdrawn = await makeStory(t.db, inquiry, { words: WITHDRAWN_WORDS, title: 'Withdrawn title zebracrossing' });
  await translate(withdrawn, 'zebracrossing, translated', 'withdrawnwords, translated');
  // A receipt for the withdrawn story, as if told through the public link.
  await t.db.updateTable('stories').set({ receipt_hash: 'x' }).where('id', '=', withdrawn.id).execute();
  // Tagged on the whole story and on a passage (whose quote holds the teller's words) before it is withdrawn.
  const tag = await createTag(t.db, people.coordinator, inquiry, {
    name: 'Crossings',
    description: '',
    parentId: null,
  });
  tagId = tag.id;
  await tagStory(t.db, people.coordinator, inquiry, withdrawn, { tag }, null);
  await tagStory(
    t.db,
    people.coordinator,
    inquiry,
    withdrawn,
    { tag },
    { answerPosition: 0, start: 0, end: 13, quote: WITHDRAWN_WORDS.slice(0, 13) },
  );
  // In a round before it is withdrawn: read, commented on, voted for, chosen with reasons, feedback sent.
  // Joined while reading (nobody joins a round past reading and voting), then deciding.
  round = await makeRound(t.db, people.alliance.id, inquiry.id, {
    stage: 'reading',
    feedback_sent_at: new Date().toISOString(),
  });
  const all = await t.db
    .selectFrom('stories')
    .select('id')
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('id')
    .execute();
  await addRoundStories(
    t.db,
    round.id,
    all.map((s) => s.id),
  );
  guest = await guestIn(t.app, round.join_code, 'Guest reader');
  round = await t.db
    .updateTable('rounds')
    .set({ stage: 'deciding' })
    .where('id', '=', round.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const participant = await t.db
    .selectFrom('round_participants')
    .select('id')
    .where('round_id', '=', round.id)
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('annotations')
    .values({
      round_id: round.id,
      story_id: withdrawn.id,
      participant_id: participant.id,
      answer_position: 0,
      start_offset: 0,
      end_offset: 13,
      quote: WITHDRAWN_WORDS.slice(0, 13),
      comment: 'We loved the zebracrossing part',
      created_at: new Date().toISOString(),
    })
    .execute();
  const ballot = await t.db
    .insertInto('ballots')
    .values({
      round_id: round.id,
      participant_id: null,
      source: 'paper',
      entered_by: null,
      cast_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const s of all)
    await t.db
      .insertInto('ballot_marks')
      .values({ ballot_id: ballot.id, story_id: s.id, points: 2, rank: null })
      .execute();
  const decision = await t.db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: withdrawn.domain_id,
      outcome: 'chosen',
      reasons: 'Chosen for its turning point.',
      criteria: '',
      dissent: '',
      recorded_by: null,
      decided_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('selections')
    .values({ decision_id: decision.id, round_id: round.id, story_id: withdrawn.id, votes: 2 })
    .execute();
  for (const title of ['The library', 'Not for funders']) {
    const chosen = await t.db.selectFrom('stories').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
    const d = await t.db
      .insertInto('decisions')
      .values({
        round_id: round.id,
        domain_id: null,
        outcome: 'chosen',
        reasons: 'Chosen for its courage.',
        criteria: '',
        dissent: '',
        recorded_by: null,
        decided_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('selections')
      .values({ decision_id: d.id, round_id: round.id, story_id: chosen.id, votes: 2 })
      .execute();
  }
  // Themes of every story (a finished run, as the engine would write it), and a learning item linking them all.
  const run = await queueRun(t.db, people.coordinator, inquiry, { k: 1, seed: 1, domainId: null });
  const ids = all.map((s) => String(s.id));
  await finishRun(t.db, run, {
    k: 1,
    themes: [{ label: 'all · stories', terms: ['all'], stories: ids, examples: ids.slice(0, 3) }],
    points: ids.map((id, i) => ({ id, x: i, y: i, theme: 0 })),
  });
  runId = run.id;
  themeId = (await t.db.selectFrom('themes').select('id').where('run_id', '=', run.id).executeTakeFirstOrThrow()).id;
  await t.db.updateTable('themes').set({ status: 'kept' }).where('id', '=', themeId).execute();
  const item = await t.db
    .insertInto('learning_items')
    .values({
      inquiry_id: inquiry.id,
      kind: 'learned',
      text: 'We learned.',
      owner: '',
      status: 'open',
      period: '',
      created_by: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const s of all)
    await t.db.insertInto('learning_links').values({ item_id: item.id, story_id: s.id, round_id: null }).execute();
  shareToken = (
    await createShareLink(t.db, people.coordinator, inquiry, {
      label: 'Funder',
      days: 30,
      period: { from: '', to: '' },
    })
  ).token;
  // The funder's reader sits on the round's panel.
  await addToPanel(t.db, { id: people.facilitator.id, name: people.facilitator.name }, round, people.reader);
  // A recording panels could hear, and a photo of the paper, before it is withdrawn.
  await t.db
    .updateTable('stories')
    .set({ consent_recording: 1, consent_hearing: 1 })
    .where('id', '=', withdrawn.id)
    .execute();
  for (const [kind, bytes] of [
    ['recording', wav(1, 99)],
    ['photo', phoneJpeg()],
  ] as const) {
    const target = { allianceId: people.alliance.id, storyId: withdrawn.id, kind, actor: people.coordinator };
    const stored = await storeUpload(t.db, Readable.from([bytes]), target, { maxBytes: 1e6, maxRecordingSeconds: 60 });
    if (!stored.ok) throw new Error(stored.problem.key);
    withdrawnFiles.push(stored.file.id);
  }
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
  return Object.values(unzipSync(new Uint8Array(res.rawPayload)))
    .map((f) => strFromU8(f))
    .join('\n');
}
afterAll(() => t.close());

const A = '/alliances/:allianceId';
const INQ = `${A}/inquiries/:inquiryId`;
const STORY = `${A}/stories/:storyId`;
const ROUND = `${A}/rounds/:roundId`;
const page = async (who: Promise<Agent> | Agent, url: string) => (await (await who).get(url)).body;
const inq = () => `${base()}/inquiries/${inquiry.id}`;
/** A page that must be shown (not a 404 that would pass for want of anything on it). */
const shownPage = async (url: string) => {
  const res = await (await staff()).get(url);
  expect(res.statusCode).toBe(200);
  return res.body;
};
let pinned: number | undefined;
/** An observation on the domain × length pattern, made once. */
const observation = async () =>
  (pinned ??= (
    await addObservation(t.db, people.coordinator, inquiry, {
      pattern: 'domain/length',
      filters: '',
      title: 'Domain × Story length',
      text: 'Seen',
      interpretations: ['One reading'],
    })
  ).id);
const story = (s: Story = withdrawn) => `${base()}/stories/${s.id}`;
const rnd = () => `${base()}/rounds/${round.id}`;

interface Output {
  name: string;
  /** The route it is served by, as the access matrix names it. */
  route: string;
  fetch: () => Promise<string>;
  /** false: does not list the withdrawn story at all (only the withdrawn filter shows its code and date). */
  listsIt?: false;
  /** Serves the team's own records, where an anonymous teller's name is kept (the team knows who told it). */
  teamRecord?: true;
}

/** Every page or export that shows stories, fetched as the people who use it. */
const OUTPUTS: Output[] = [
  {
    name: 'story list',
    route: `GET ${INQ}/stories`,
    listsIt: false,
    teamRecord: true,
    fetch: () => page(staff(), `${inq()}/stories`),
  },
  {
    name: 'story list, withdrawn filter',
    route: `GET ${INQ}/stories`,
    teamRecord: true,
    fetch: () => page(staff(), `${inq()}/stories?status=withdrawn`),
  },
  // The search box shows what was typed; the results must not.
  {
    name: 'search',
    route: `GET ${INQ}/stories`,
    listsIt: false,
    teamRecord: true,
    fetch: async () =>
      // The search box, and the link to the same stories' patterns, hold what was searched for.
      (await page(staff(), `${inq()}/stories?q=zebracrossing`))
        .replace(/<input[^>]*name="q"[^>]*>/, '')
        .replace(/<a href="[^"]*\/patterns\?[^"]*">/, ''),
  },
  { name: 'story page', route: `GET ${STORY}`, teamRecord: true, fetch: () => page(staff(), story()) },
  {
    name: 'versions page',
    route: `GET ${STORY}/versions`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/versions`),
  },
  {
    name: 'story edit form',
    route: `GET ${STORY}/edit`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/edit`),
  },
  {
    name: 'story translation form',
    route: `GET ${STORY}/translation`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/translation?language=es`),
  },
  {
    name: 'read-back page',
    route: `GET ${STORY}/read-back`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/read-back`),
  },
  {
    name: 'verify page',
    route: `GET ${STORY}/verify`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/verify`),
  },
  {
    name: 'withdraw page',
    route: `GET ${STORY}/withdraw`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/withdraw`),
  },
  // Its recording and photos (withdrawal deletes them: each answers 404), and the pages adding and removing them.
  {
    name: 'a story’s recording or photo',
    route: `GET ${STORY}/files/:fileId`,
    teamRecord: true,
    fetch: async () => (await Promise.all(withdrawnFiles.map((id) => page(staff(), `${story()}/files/${id}`)))).join(),
  },
  {
    name: 'adding a recording',
    route: `GET ${STORY}/recordings`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/recordings`),
  },
  {
    name: 'adding a photo',
    route: `GET ${STORY}/photos`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/photos`),
  },
  {
    name: 'removing a recording or photo',
    route: `GET ${STORY}/files/:fileId/remove`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/files/${withdrawnFiles[0]}/remove`),
  },
  // A draft transcript of its recording (withdrawal deletes it with the recording: each answers 404).
  {
    name: 'a draft transcript’s progress',
    route: `GET ${STORY}/files/:fileId/transcript/status`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/files/${withdrawnFiles[0]}/transcript/status`),
  },
  {
    name: 'correcting a draft transcript',
    route: `GET ${STORY}/files/:fileId/transcript/correct`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/files/${withdrawnFiles[0]}/transcript/correct`),
  },
  {
    name: 'story tags page',
    route: `GET ${STORY}/tags`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/tags`),
  },
  {
    name: 'passage tagging page',
    route: `GET ${STORY}/passages/new`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/passages/new?answer=0`),
  },
  {
    name: 'one story’s export page',
    route: `GET ${STORY}/export`,
    teamRecord: true,
    fetch: () => page(staff(), `${story()}/export`),
  },
  { name: 'public storytelling page', route: 'GET /tell/:token', fetch: () => page(new Agent(t.app), '/tell/none') },
  { name: 'storyteller’s receipt', route: 'GET /receipt/:token', fetch: () => page(new Agent(t.app), '/receipt/x') },
  { name: 'codebook', route: `GET ${INQ}/codebook`, listsIt: false, fetch: () => page(staff(), `${inq()}/codebook`) },
  // Patterns count stories and link to them by id; they show no words, codes or names.
  { name: 'patterns', route: `GET ${INQ}/patterns`, listsIt: false, fetch: () => shownPage(`${inq()}/patterns`) },
  {
    name: 'a pattern',
    route: `GET ${INQ}/patterns/:dimension`,
    listsIt: false,
    fetch: () => shownPage(`${inq()}/patterns/length`),
  },
  {
    name: 'a pair of patterns',
    route: `GET ${INQ}/patterns/:dimension/:by`,
    listsIt: false,
    fetch: () => shownPage(`${inq()}/patterns/domain/length`),
  },
  // Observations on patterns: their counts are made afresh; they show no words, codes or names of stories.
  {
    name: 'observations on patterns',
    route: `GET ${INQ}/observations`,
    listsIt: false,
    fetch: async () => (await observation(), shownPage(`${inq()}/observations`)),
  },
  {
    name: 'pinning a pattern',
    route: `GET ${INQ}/observations/new`,
    listsIt: false,
    fetch: () => shownPage(`${inq()}/observations/new?pattern=domain%2Flength`),
  },
  {
    name: 'an observation',
    route: `GET ${INQ}/observations/:observationId`,
    listsIt: false,
    fetch: async () => shownPage(`${inq()}/observations/${await observation()}`),
  },
  {
    name: 'codebook tag page',
    route: `GET ${INQ}/codebook/:tagId`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/codebook/${tagId}`),
  },
  { name: 'themes', route: `GET ${INQ}/themes`, listsIt: false, fetch: () => page(staff(), `${inq()}/themes`) },
  {
    name: 'theme run',
    route: `GET ${A}/themes/runs/:runId`,
    listsIt: false,
    fetch: () => page(staff(), `${base()}/themes/runs/${runId}`),
  },
  {
    name: 'theme map',
    route: `GET ${A}/themes/runs/:runId/map`,
    listsIt: false,
    fetch: () => page(staff(), `${base()}/themes/runs/${runId}/map`),
  },
  {
    name: 'theme page',
    route: `GET ${A}/themes/:themeId`,
    listsIt: false,
    fetch: () => page(staff(), `${base()}/themes/${themeId}`),
  },
  { name: 'round hub', route: `GET ${ROUND}`, listsIt: false, fetch: () => page(staff(), rnd()) },
  {
    name: 'round’s story picker',
    route: `GET ${ROUND}/stories`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/stories`),
  },
  {
    name: 'round decide page',
    route: `GET ${ROUND}/decide`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/decide`),
  },
  {
    name: 'round tallies',
    route: `GET ${ROUND}/tallies`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/tallies`),
  },
  {
    name: 'round tallies (live)',
    route: `GET ${ROUND}/tallies.json`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/tallies.json`),
  },
  { name: 'paper tallies', route: `GET ${ROUND}/paper`, listsIt: false, fetch: () => page(staff(), `${rnd()}/paper`) },
  {
    name: 'round feedback page',
    route: `GET ${ROUND}/feedback`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/feedback`),
  },
  {
    name: 'participant’s stories',
    route: 'GET /rounds/:roundId/take-part',
    listsIt: false,
    fetch: () => page(guest, `/rounds/${round.id}/take-part`),
  },
  {
    name: 'participant’s reading view',
    route: 'GET /rounds/:roundId/take-part/stories/:storyId',
    listsIt: false,
    fetch: () => page(guest, `/rounds/${round.id}/take-part/stories/${withdrawn.id}`),
  },
  {
    name: 'participant’s recording',
    route: 'GET /rounds/:roundId/take-part/stories/:storyId/recording',
    listsIt: false,
    fetch: () => page(guest, `/rounds/${round.id}/take-part/stories/${withdrawn.id}/recording`),
  },
  {
    name: 'participant’s vote',
    route: 'GET /rounds/:roundId/take-part/vote',
    listsIt: false,
    fetch: () => page(guest, `/rounds/${round.id}/take-part/vote`),
  },
  {
    name: 'participant’s results',
    route: 'GET /rounds/:roundId/take-part/results',
    listsIt: false,
    fetch: () => page(guest, `/rounds/${round.id}/take-part/results`),
  },
  {
    name: 'learning log',
    route: `GET ${INQ}/learning`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/learning`),
  },
  {
    name: 'round pack settings',
    route: `GET ${ROUND}/pack/settings`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/pack/settings`),
  },
  { name: 'round story pack', route: `GET ${ROUND}/pack`, listsIt: false, fetch: () => page(staff(), `${rnd()}/pack`) },
  {
    name: 'inquiry pack settings',
    route: `GET ${INQ}/pack/settings`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/pack/settings`),
  },
  { name: 'inquiry story pack', route: `GET ${INQ}/pack`, listsIt: false, fetch: () => page(staff(), `${inq()}/pack`) },
  {
    name: 'round story pack with translations',
    route: `GET ${ROUND}/pack`,
    listsIt: false,
    fetch: () => page(staff(), `${rnd()}/pack?translation=es`),
  },
  {
    name: 'inquiry story pack with translations',
    route: `GET ${INQ}/pack`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/pack?translation=es`),
  },
  {
    name: 'read-aloud screens',
    route: `GET ${ROUND}/read-aloud/:n`,
    listsIt: false,
    fetch: () => screens(`${rnd()}/read-aloud`),
  },
  { name: 'exhibits', route: `GET ${INQ}/exhibits/:n`, listsIt: false, fetch: () => screens(`${inq()}/exhibits`) },
  {
    name: 'round exhibits',
    route: `GET ${ROUND}/exhibits/:n`,
    listsIt: false,
    fetch: () => screens(`${rnd()}/exhibits`),
  },
  { name: 'report', route: `GET ${INQ}/report`, listsIt: false, fetch: () => page(staff(), `${inq()}/report`) },
  {
    name: 'report with translations',
    route: `GET ${INQ}/report`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/report?translation=es`),
  },
  {
    name: 'report, as funders see it',
    route: `GET ${INQ}/report`,
    listsIt: false,
    fetch: () => page(staff(), `${inq()}/report?audience=funders`),
  },
  {
    name: 'shared report',
    route: 'GET /shared/:token',
    listsIt: false,
    fetch: () => page(new Agent(t.app), `/shared/${shareToken}`),
  },
  {
    name: 'CSV export',
    route: `GET ${INQ}/export/download`,
    listsIt: false,
    teamRecord: true,
    fetch: () => exported('format=csv'),
  },
  {
    name: 'JSON export',
    route: `GET ${INQ}/export/download`,
    listsIt: false,
    teamRecord: true,
    fetch: () => exported('format=json'),
  },
  {
    name: 'REFI-QDA export',
    route: `GET ${INQ}/export/download`,
    listsIt: false,
    teamRecord: true,
    fetch: () => exported('format=qdpx'),
  },
  {
    name: 'funders’ CSV export',
    route: `GET ${INQ}/export/download`,
    listsIt: false,
    fetch: () => exported('format=csv&audience=funders'),
  },
  {
    name: 'funders’ JSON export',
    route: `GET ${INQ}/export/download`,
    listsIt: false,
    fetch: () => exported('format=json&audience=funders'),
  },
];

/**
 * Pages that show no story's words, title or teller: forms, settings, people and accounts, counts. A new page that
 * shows stories belongs in OUTPUTS instead. (PDFs are the pages above, printed: their tests read them back.)
 */
const SHOWS_NO_STORY = [
  'GET /',
  'GET /alliances',
  'GET /setup',
  'GET /sign-in',
  'GET /language',
  'GET /health',
  'GET /favicon.ico',
  'GET /account',
  'GET /join',
  'GET /invitations/:token',
  'GET /password-reset/:token',
  // The teller's own receipt pages: only the holder of the link, who told the story, reaches them.
  'GET /receipt/:token/edit',
  'GET /receipt/:token/withdraw',
  'GET /receipt/:token/download',
  'GET /receipt/:token/download.json',
  `GET ${A}`,
  `GET ${A}/members`,
  `GET ${A}/members/:membershipId/remove`,
  `GET ${A}/invitations`,
  `GET ${A}/members/:membershipId/password-reset`,
  `GET ${A}/audit`,
  `GET ${A}/inquiries`,
  `GET ${INQ}`,
  `GET ${INQ}/paper`,
  `GET ${A}/inquiries/new`,
  `GET ${INQ}/settings`,
  ...['domains', 'questions', 'attributes'].flatMap((list) => [
    `GET ${INQ}/${list}/new`,
    `GET ${INQ}/${list}/:${list.slice(0, -1)}Id`,
    `GET ${INQ}/${list}/:${list.slice(0, -1)}Id/remove`,
  ]),
  `GET ${INQ}/interviews/new`,
  // In the field: the forms kept on a phone and what its script needs; what waits on the phone never comes from here.
  'GET /field',
  'GET /field-sw.js',
  'GET /field/manifest.webmanifest',
  `GET ${A}/field`,
  `GET ${INQ}/field/interview`,
  `GET ${A}/field/session.json`,
  `GET ${INQ}/codebook/:tagId/merge`,
  `GET ${INQ}/codebook/:tagId/delete`,
  `GET ${A}/themes/runs/:runId/progress`,
  `GET ${INQ}/rounds`,
  `GET ${INQ}/rounds/new`,
  `GET ${ROUND}/edit`,
  `GET ${INQ}/learning/:itemId`,
  `GET ${INQ}/export`,
  `GET ${INQ}/import`,
  // A file waiting to be imported: its own rows, seen only by the person who uploaded it.
  `GET ${INQ}/import/:uploadId`,
  `GET ${A}/import`,
  `GET ${ROUND}/pack.pdf`,
  `GET ${INQ}/pack.pdf`,
  `GET ${A}/reports`,
  `GET ${INQ}/report.pdf`,
  `GET ${INQ}/report/edit`,
  `GET ${INQ}/report/share`,
  `GET ${INQ}/report/share/:linkId/revoke`, // asks before stopping a link: its dates, no story
  'GET /shared/:token/report.pdf',
  // A share link's PDF job: the PDF is printed from /shared-links/…, the funders' report (test/reports/pdf.test.ts).
  'GET /shared/:token/pdf/:jobId',
  'GET /shared/:token/pdf/:jobId/progress',
  'GET /shared/:token/pdf/:jobId/download',
  'GET /shared-links/:linkId/report.pdf',
  // A PDF job's page says how it is going; its download is the PDF made from the printable page above, through
  // the same consent projection (test/printing holds a funder's PDF to it with pdftotext).
  `GET ${A}/printing/:jobId`,
  `GET ${A}/printing/:jobId/progress`,
  `GET ${A}/printing/:jobId/download`,
];

/** An output above, by name. */
const output = (name: string): Output => OUTPUTS.find((o) => o.name === name) ?? expect.fail(`no output named ${name}`);

/** Outputs that serve one named use: each must leave out the story whose teller did not agree to that use. */
const USE_OUTPUTS = (
  [
    ['panels', 'round hub'],
    ['panels', 'participant’s stories'],
    ['panels', 'round feedback page'],
    ['packs', 'round story pack'],
    ['packs', 'inquiry story pack'],
    ['packs', 'round story pack with translations'],
    ['packs', 'inquiry story pack with translations'],
    ['funders', 'funders’ CSV export'],
    ['funders', 'funders’ JSON export'],
  ] as const
).map(([use, name]) => ({ use, ...output(name) }));

/** What a funder sees: a reader signed in (on the round's panel), the funders' report, a share link, a funders' export. */
const FUNDER_OUTPUTS: { name: string; fetch: () => Promise<string> }[] = [
  { name: 'reader: feedback page', fetch: () => page(reader(), `${rnd()}/feedback`) },
  { name: 'reader: learning log', fetch: () => page(reader(), `${inq()}/learning`) },
  { name: 'reader: report', fetch: () => page(reader(), `${inq()}/report`) },
  { name: 'reader: report with translations', fetch: () => page(reader(), `${inq()}/report?translation=es`) },
  { name: 'reader on the panel: stories', fetch: () => page(reader(), `/rounds/${round.id}/take-part`) },
  { name: 'reader on the panel: results', fetch: () => page(reader(), `/rounds/${round.id}/take-part/results`) },
  ...['report, as funders see it', 'shared report', 'funders’ CSV export', 'funders’ JSON export'].map(output),
];
let signedInReader: Promise<Agent> | undefined;
const reader = () => (signedInReader ??= signedIn(t.app, people.reader.email));
const base = () => `/alliances/${people.alliance.id}`;
let signedInStaff: Promise<Agent> | undefined;
/** One signed-in coordinator for every output (signing in for each would meet the sign-in rate limit). */
const staff = () => (signedInStaff ??= signedIn(t.app, people.coordinator.email));

describe('every output is checked', () => {
  it('names every page the access matrix lists, as an output above or as showing no story', () => {
    const pages = MATRIX.map((r) => r.route).filter((r) => r.startsWith('GET '));
    const covered = new Set([...OUTPUTS.map((o) => o.route), ...SHOWS_NO_STORY]);
    expect(
      pages.filter((r) => !covered.has(r)),
      'pages missing from OUTPUTS (or SHOWS_NO_STORY) in test/stories/consent.test.ts',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !pages.includes(r)),
      'routes named here that Hearth no longer serves',
    ).toEqual([]);
  });
});

describe('withdrawal reaches every output', () => {
  it.each(OUTPUTS.map((o) => [o.name, o]))('%s shows none of a withdrawn story’s words', async (_name, output) => {
    const html = await output.fetch();
    expect(html).not.toContain('zebracrossing');
    expect(html).not.toContain('withdrawnwords');
    // Outputs that list stories do not list it at all (only the withdrawn filter shows its code and date).
    if (output.listsIt === false) expect(html).not.toContain(withdrawn.code);
  });

  it('leaves none of its recording or photos, whose addresses answer 404', async () => {
    expect(withdrawnFiles).toHaveLength(2);
    for (const id of withdrawnFiles) expect((await (await staff()).get(`${story()}/files/${id}`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('attachments').where('story_id', '=', withdrawn.id).select('id').execute()).toEqual(
      [],
    );
    expect(
      await t.db.selectFrom('attachment_chunks').where('attachment_id', 'in', withdrawnFiles).select('seq').execute(),
    ).toEqual([]);
  });

  it('leaves no words of it in the database, nor in the search index', async () => {
    const answers = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('story_id', '=', withdrawn.id)
      .execute();
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

describe('anonymity', () => {
  it.each(OUTPUTS.filter((o) => !o.teamRecord).map((o) => [o.name, o]))(
    '%s never shows an anonymous teller’s name',
    async (_name, output) => {
      expect(await output.fetch()).not.toContain('Quillon');
    },
  );

  it('the team’s exports keep the story but not the name', async () => {
    const json = await exported('format=json');
    expect(json).toContain(anonymous.code);
    expect(json).not.toContain('Quillon');
  });
});

describe('what funders see', () => {
  it.each(FUNDER_OUTPUTS.map((o) => [o.name, o]))(
    '%s holds no story kept from funders, and no teller’s name',
    async (_name, output) => {
      const html = await output.fetch();
      expect(html).not.toContain('Not for funders');
      expect(html).not.toContain('No consent for funders');
      expect(html).not.toContain('Quillon');
      expect(html).not.toMatch(/Told by|storyteller":"[^"]/);
    },
  );
});

describe('consent for each named use', () => {
  it.each(USE_OUTPUTS.map((o) => [`${o.name} (${o.use})`, o]))(
    '%s leaves out the story not consented for that use',
    async (_name, output) => {
      const html = await output.fetch();
      expect(html).toContain('Kept');
      expect(html).not.toContain(`Not for ${output.use}`);
    },
  );

  it.each(CONSENT_USES.map((u) => [u]))(
    'stories for "%s" leave out the story whose teller did not agree to it, drafts and withdrawn ones',
    async (use) => {
      const titles = (await storiesFor(t.db, people.alliance.id, use).select('stories.title').execute()).map(
        (s) => s.title,
      );
      expect(titles).toContain('Kept');
      expect(titles).not.toContain(`Not for ${use}`);
      for (const other of CONSENT_USES.filter((u) => u !== use)) expect(titles).toContain(`Not for ${other}`);
      expect(titles.some((title) => title.includes('zebracrossing'))).toBe(false);
    },
  );

  it('keeps other alliances’ stories out', async () => {
    const other = await makeAlliance(t.db, 'Another Alliance');
    const theirs = await makeInquiry(t.db, other.alliance, other.coordinator);
    await makeStory(t.db, theirs, { words: 'Their story.', title: 'Theirs' });
    const titles = (await storiesFor(t.db, people.alliance.id).select('stories.title').execute()).map((s) => s.title);
    expect(titles).not.toContain('Theirs');
  });
});
