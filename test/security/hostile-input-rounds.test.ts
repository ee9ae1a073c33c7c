/**
 * Hostile input through the analysis and sense-making forms: tags, rounds, joining with a code, comments, decisions,
 * the learning log and the paper tally box. Never a 500; stored trimmed, shown escaped; refusals say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';
import {
  expectNoInjection,
  generatedThroughForm,
  NAUGHTY,
  signedInVisitor,
  throughForm,
  Visitor,
  type FormSpec,
} from './hostile.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let story: Story;
let round: Round;
let facilitator: Visitor;
let coordinator: Visitor;
let base: string;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Rounds Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  story = await makeStory(t.db, inquiry, {
    title: 'The bus came back',
    words: 'The bus came back to our village this spring.',
  });
  round = await makeRound(t.db, people.alliance.id, inquiry.id, { stage: 'voting' });
  await addRoundStories(t.db, round.id, [story.id]);
  facilitator = await signedInVisitor(t.app, people.facilitator.email);
  coordinator = await signedInVisitor(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}`;
});
afterAll(() => t.close());

const inquiryPath = () => `${base}/inquiries/${inquiry.id}`;
const latest = async <T extends 'tags' | 'rounds' | 'annotations' | 'decisions' | 'learning_items'>(table: T) =>
  (await t.db
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .selectFrom(table as any)
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()) as Record<string, string>;

const newTag = (): FormSpec => ({
  name: 'new tag',
  prepare: async () => {
    // Tag names must differ among siblings: an empty codebook each time, so only the strings themselves are tested.
    await t.db.deleteFrom('tags').where('inquiry_id', '=', inquiry.id).execute();
    return { visitor: coordinator, page: `${inquiryPath()}/codebook`, action: `${inquiryPath()}/codebook` };
  },
  fixed: { name: 'A tag' },
  fields: [
    { name: 'name', required: true, max: 80 },
    { name: 'description', max: 1000 },
  ],
  accepted: 303,
  stored: async () => latest('tags'),
  shownOn: async () => (await coordinator.get(`${inquiryPath()}/codebook`)).body,
});

let renamed = 0;
const renameTag = (): FormSpec => ({
  name: 'renaming a tag',
  prepare: async () => {
    await t.db.deleteFrom('tags').where('inquiry_id', '=', inquiry.id).execute();
    await coordinator.get(`${inquiryPath()}/codebook`);
    const made = await coordinator.post(`${inquiryPath()}/codebook`, { name: 'Before' });
    renamed = Number(/#tag-(\d+)/.exec(String(made.headers.location))![1]);
    return {
      visitor: coordinator,
      page: `${inquiryPath()}/codebook/${renamed}`,
      action: `${inquiryPath()}/codebook/${renamed}`,
    };
  },
  fixed: { name: 'After' },
  fields: [
    { name: 'name', required: true, max: 80 },
    { name: 'description', max: 1000 },
  ],
  accepted: 303,
  stored: async () => latest('tags'),
  shownOn: async () => (await coordinator.get(`${inquiryPath()}/codebook/${renamed}`)).body,
});

const newRound = (): FormSpec => ({
  name: 'new round',
  prepare: async () => ({
    visitor: facilitator,
    page: `${inquiryPath()}/rounds/new`,
    action: `${inquiryPath()}/rounds/new`,
  }),
  fixed: { name: 'A round', method: 'dots', voting: 'live' },
  fields: [
    { name: 'name', required: true, max: 200 },
    { name: 'panel', max: 200 },
  ],
  accepted: 303,
  stored: async () => latest('rounds'),
  shownOn: async (res) => (await facilitator.get(String(res.headers.location))).body,
});

const joining = (): FormSpec => ({
  name: 'joining a round',
  prepare: async () => ({ visitor: new Visitor(t.app), page: '/join', action: '/join' }),
  fixed: { code: round.join_code, name: 'Sam' },
  fields: [{ name: 'name', required: true, max: 60 }],
  accepted: 303,
  stored: async () => ({
    name: (
      await t.db.selectFrom('round_participants').select('display_name').orderBy('id', 'desc').executeTakeFirstOrThrow()
    ).display_name,
  }),
  shownOn: async (res, a) => (await a.visitor.get(String(res.headers.location))).body,
});

let guest: Visitor;
const reading = () => `/rounds/${round.id}/take-part/stories/${story.id}`;
const commenting = (): FormSpec => ({
  name: 'a comment on a story',
  prepare: async () => ({ visitor: guest, page: reading(), action: `${reading()}/annotations` }),
  fixed: { comment: 'A comment' },
  fields: [{ name: 'comment', required: true, max: 4000 }],
  accepted: 303,
  stored: async () => latest('annotations'),
  shownOn: async () => (await guest.get(reading())).body,
});

const SENTENCE = 'We chose it because it shows what changed. ';
const deciding = (): FormSpec => ({
  name: 'a decision',
  prepare: async () => ({
    visitor: facilitator,
    page: `${base}/rounds/${round.id}/decide`,
    action: `${base}/rounds/${round.id}/decide`,
  }),
  fixed: { domain: String(story.domain_id), 'stories[]': String(story.id), reasons: SENTENCE },
  fields: [
    { name: 'reasons', required: true, max: 10_000, errorId: `reasons-${story.domain_id}` },
    { name: 'criteria', max: 4000, errorId: `criteria-${story.domain_id}` },
    { name: 'dissent', max: 4000, errorId: `dissent-${story.domain_id}` },
  ],
  // Reasons are full sentences: the naughty string follows one.
  wrap: (field, value) => (field === 'reasons' ? SENTENCE + value : value),
  accepted: 303,
  stored: async () => latest('decisions'),
  shownOn: async () => (await facilitator.get(`${base}/rounds/${round.id}/decide`)).body,
});

const learning = (): FormSpec => ({
  name: 'a learning log item',
  prepare: async () => ({
    visitor: facilitator,
    page: `${inquiryPath()}/learning`,
    action: `${inquiryPath()}/learning`,
  }),
  fixed: { kind: 'learned', status: 'open', text: 'Something we learned' },
  fields: [
    { name: 'text', required: true, max: 4000 },
    { name: 'owner', max: 200 },
  ],
  accepted: 303,
  stored: async () => latest('learning_items'),
  shownOn: async () => (await facilitator.get(`${inquiryPath()}/learning`)).body,
});

describe('hostile input through the analysis and round forms', { timeout: 180_000 }, () => {
  it('a new tag: every naughty string', () => throughForm(newTag(), NAUGHTY));
  it('a new tag: generated strings', () => generatedThroughForm(newTag()));
  it('renaming a tag: every naughty string', () => throughForm(renameTag(), NAUGHTY));
  it('renaming a tag: generated strings', () => generatedThroughForm(renameTag(), 50));
  it('a new round: every naughty string', () => throughForm(newRound(), NAUGHTY));
  it('a new round: generated strings', () => generatedThroughForm(newRound()));
  it('joining with a code: every naughty string as a name', () => throughForm(joining(), NAUGHTY));
  it('joining with a code: generated names', () => generatedThroughForm(joining()));

  it('joining with a code: naughty strings as the code are refused, beside the field', async () => {
    for (const code of NAUGHTY) {
      const visitor = new Visitor(t.app);
      await visitor.get('/join');
      const res = await visitor.post('/join', { code, name: 'Sam' });
      expect(res.statusCode, JSON.stringify(code)).toBe(422);
      expect(res.body).toContain('id="field-code-error"');
      expectNoInjection(res.body, JSON.stringify(code));
    }
  });

  it('a comment on a story: every naughty string, and generated ones', async () => {
    guest = new Visitor(t.app);
    await guest.get('/join');
    await guest.post('/join', { code: round.join_code, name: 'Reader' });
    await throughForm(commenting(), NAUGHTY);
    await generatedThroughForm(commenting());
  });

  it('a decision: every naughty string', () => throughForm(deciding(), NAUGHTY));
  it('a decision: generated strings', () => generatedThroughForm(deciding()));
  it('the learning log: every naughty string', () => throughForm(learning(), NAUGHTY));
  it('the learning log: generated strings', () => generatedThroughForm(learning()));

  it('the paper tally box: naughty lines never fail, and come back escaped beside the box', async () => {
    const paper = await makeRound(t.db, people.alliance.id, inquiry.id, { voting: 'paper' });
    await addRoundStories(t.db, paper.id, [story.id]);
    const url = `${base}/rounds/${paper.id}/paper`;
    for (let i = 0; i < NAUGHTY.length; i += 5) {
      const quick = NAUGHTY.slice(i, i + 5).join('\n');
      await facilitator.get(url);
      const res = await facilitator.post(url, { quick, [`count-${story.id}`]: '0' });
      expect(res.statusCode, JSON.stringify(quick)).toBeLessThan(500);
      expectNoInjection(res.body, JSON.stringify(quick));
      if (res.statusCode === 422) expect(res.body).toMatch(/id="field-(quick|count-\d+)-error"/);
    }
  });
});
