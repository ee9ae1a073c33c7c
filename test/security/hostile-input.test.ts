/**
 * Hostile input through the story forms: every text field of the interview, the public telling link and the story
 * editor gets each of the Big List of Naughty Strings and generated strings. Never a 500; accepted words are stored
 * exactly (a storyteller's answers verbatim, other fields trimmed) and shown escaped; refusals say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, validInterview } from '../helpers/interviews.ts';
import { copyLink } from '../helpers/pages.ts';
import {
  expectNoInjection,
  generatedThroughForm,
  NAUGHTY,
  signedInVisitor,
  throughForm,
  Visitor,
  type FieldSpec,
  type FormSpec,
} from './hostile.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let guide: Guide;
let interviewer: Visitor;
const TELL = '/tell/hostile-input-public-link-token';
const LONG = 120_000;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Hostile Alliance');
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: TELL.split('/')[2]!, public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
  interviewer = await signedInVisitor(t.app, people.interviewer.email);
});
afterAll(() => t.close());

const q = (kind: string, n = 0) => `q${guide.questions.filter((x) => x.kind === kind)[n]!.id}`;
const place = () => `a${guide.attributes.find((a) => a.label === 'Place')!.id}`;

/** The story's fields as stored, by form field name. */
async function storedStory(storyId: number): Promise<Record<string, string | null>> {
  const story = await t.db.selectFrom('stories').selectAll().where('id', '=', storyId).executeTakeFirstOrThrow();
  const answers = await t.db
    .selectFrom('story_answers')
    .select(['question_id', 'value'])
    .where('story_id', '=', storyId)
    .execute();
  const attributes = await t.db
    .selectFrom('story_attributes')
    .select(['attribute_id', 'value'])
    .where('story_id', '=', storyId)
    .execute();
  return {
    storyteller: story.storyteller,
    toldWhere: story.told_where,
    ...Object.fromEntries(answers.map((a) => [`q${a.question_id}`, a.value])),
    ...Object.fromEntries(attributes.map((a) => [`a${a.attribute_id}`, a.value])),
  };
}

const storyIdIn = (location: unknown) => Number(/\/stories\/(\d+)/.exec(String(location))![1]);

function storyFields(mode: 'interview' | 'public'): FieldSpec[] {
  const words = [
    { name: q('story'), exact: true, required: true, max: LONG },
    { name: q('why'), exact: true, required: true, max: LONG },
    { name: q('long', 0), exact: true, max: LONG },
    { name: q('long', 1), exact: true, max: LONG },
    { name: q('title'), required: true, max: 500 },
    { name: place(), max: 200 },
  ];
  if (mode === 'public') return [...words, { name: 'storyteller', max: 120 }];
  return [...words, { name: 'storyteller', required: true, max: 120 }, { name: 'toldWhere', max: 200 }];
}

const interview = (): FormSpec => ({
  name: 'interview',
  prepare: async () => ({
    visitor: interviewer,
    page: `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`,
    action: `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`,
  }),
  fixed: () => validInterview(guide),
  fields: storyFields('interview'),
  accepted: 303,
  stored: (res) => storedStory(storyIdIn(res.headers.location)),
  shownOn: async (res, a) => (await a.visitor.get(String(res.headers.location))).body,
});

let lastTold = 0;
const publicTelling = (): FormSpec => ({
  name: 'public telling',
  prepare: async () => ({ visitor: new Visitor(t.app), page: TELL, action: TELL }),
  fixed: () => ({
    domainId: String(guide.domains[0]!.id),
    storyteller: 'Sam',
    [q('story')]: 'Words',
    [q('why')]: 'Because',
    [q('title')]: 'A title',
    consent: ['panels'],
  }),
  fields: storyFields('public'),
  accepted: 201,
  stored: async () => {
    const story = await t.db
      .selectFrom('stories')
      .select('id')
      .where('route', '=', 'public')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    lastTold = story.id;
    return storedStory(story.id);
  },
  // The storyteller's receipt page shows their words; the staff's story page everything.
  shownOn: async (res, a) => {
    const receipt = (await a.visitor.get(new URL(copyLink(res.body, 'receipt-link')).pathname)).body;
    return receipt + (await interviewer.get(`/alliances/${people.alliance.id}/stories/${lastTold}`)).body;
  },
});

let editing = 0;
const storyEdit = (): FormSpec => ({
  name: 'story edit',
  prepare: async () => {
    // Earlier words each time, so every edit keeps a version (with its note).
    await t.db
      .updateTable('story_answers')
      .set({ value: 'Earlier words.' })
      .where('story_id', '=', editing)
      .where('kind', '=', 'why')
      .execute();
    return {
      visitor: interviewer,
      page: `/alliances/${people.alliance.id}/stories/${editing}/edit`,
      action: `/alliances/${people.alliance.id}/stories/${editing}`,
    };
  },
  fixed: () => validInterview(guide),
  fields: [...storyFields('interview'), { name: 'note', max: 500, hidden: true }],
  accepted: 303,
  stored: async () => {
    const version = await t.db
      .selectFrom('story_versions')
      .select('note')
      .where('story_id', '=', editing)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return { ...(await storedStory(editing)), note: version?.note ?? '' };
  },
  shownOn: async (_res, a) => (await a.visitor.get(`/alliances/${people.alliance.id}/stories/${editing}`)).body,
});

async function storyToEdit(): Promise<void> {
  await interviewer.get(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`);
  const res = await interviewer.post(
    `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`,
    validInterview(guide),
  );
  editing = storyIdIn(res.headers.location);
}

describe('hostile input through the story forms', { timeout: 180_000 }, () => {
  it('the interview form: every naughty string', () => throughForm(interview(), NAUGHTY));
  it('the interview form: generated strings', () => generatedThroughForm(interview()));
  it('the public telling link: every naughty string', () => throughForm(publicTelling(), NAUGHTY));
  it('the public telling link: generated strings', () => generatedThroughForm(publicTelling()));
  it('editing a story: every naughty string', async () => {
    await storyToEdit();
    await throughForm(storyEdit(), NAUGHTY);
  });
  it('editing a story: generated strings', async () => {
    await storyToEdit();
    await generatedThroughForm(storyEdit());
  });
});

describe('malformed form encodings', () => {
  it('never fail: broken percent-escapes, invalid UTF-8, bracketed and prototype-named fields', async () => {
    const bodies = ['%ED%A0%80', '%FF%FE', '%', '%zz', '%E0%A4%A', '%C0%AF', '%00'];
    const fields = [q('story'), 'storyteller', 'q1[]', 'q1[a]', '__proto__', 'constructor[prototype]', ''];
    for (const value of bodies) {
      for (const field of fields) {
        const visitor = new Visitor(t.app);
        await visitor.get(TELL);
        const res = await visitor.postRaw(TELL, `_csrf=${encodeURIComponent(visitor.csrf)}&${field}=${value}`);
        expect([201, 422], `${field}=${value}`).toContain(res.statusCode);
        expectNoInjection(res.body);
      }
    }
  });

  it('a NUL character in an address (a search, a filter, a token) is refused with 400, never a 500', async () => {
    const list = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/stories`;
    for (const url of [
      `${list}?q=%00`,
      `${list}?q=caf%00e`,
      `${list}?storyteller=%00`,
      `/tell/%00`,
      `/receipt/abc%00def`,
      `/join?code=%00`,
    ]) {
      const res = await interviewer.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body).toContain('Something in that request was not right');
    }
  });
});
