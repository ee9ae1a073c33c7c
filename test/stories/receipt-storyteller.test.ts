/**
 * What the storyteller does through their receipt link, as others then read it: a correction's version names them
 * in the reader's language (rows kept in English by an older Hearth too), and the withdraw page has a way back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn, type Fields } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf, STORY_WORDS, TITLE_WORDS, WHY_WORDS } from '../helpers/interviews.ts';
import { copyLink, heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
const tell = '/tell/open-sesame-token-for-tests';
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
});
afterEach(() => t.close());

const telling = (overrides: Fields = {}): Fields => ({
  domainId: String(guide.domains[0]!.id),
  storyteller: 'Sam',
  [questionOf(guide, 'story')]: STORY_WORDS,
  [questionOf(guide, 'why')]: WHY_WORDS,
  [questionOf(guide, 'title')]: TITLE_WORDS,
  consent: ['panels', 'quotes'],
  ...overrides,
});

/** Tells a story through the public link; its receipt's path and the agent that holds it. */
async function told(): Promise<{ agent: Agent; receipt: string }> {
  const agent = new Agent(t.app);
  const res = await agent.submit(tell, tell, telling());
  return { agent, receipt: new URL(copyLink(res.body, 'receipt-link')).pathname };
}

/** The story's earlier-versions page, as the coordinator reads it in this language. */
async function versionsIn(language: string): Promise<string> {
  await t.db.updateTable('users').set({ language }).where('id', '=', people.coordinator.id).execute();
  const story = await t.db.selectFrom('stories').select('id').executeTakeFirstOrThrow();
  const res = await (
    await signedIn(t.app, people.coordinator.email)
  ).get(`/alliances/${people.alliance.id}/stories/${story.id}/versions`);
  expect(res.statusCode).toBe(200);
  // Names are isolated (U+2068…U+2069) inside sentences.
  return visibleText(res.body).replace(/[\u2066-\u2069]/g, '');
}

describe('a correction through the receipt link, on the versions page', () => {
  beforeEach(async () => {
    const { agent, receipt } = await told();
    const res = await agent.submit(
      `${receipt}/edit`,
      `${receipt}/edit`,
      telling({ [questionOf(guide, 'why')]: 'Because they listen now.' }),
    );
    expect(res.statusCode).toBe(303);
  });

  it('names the storyteller and their note in French and Arabic, never in English', async () => {
    const fr = await versionsIn('fr');
    expect(fr).toMatch(/par le narrateur\./);
    expect(fr).toContain('Corrigé par le narrateur avec son lien personnel.');
    const ar = await versionsIn('ar');
    expect(ar).toContain('بواسطة الراوي.');
    expect(ar).toContain('صحّحها الراوي عبر رابطه الخاص.');
    for (const text of [fr, ar]) expect(text).not.toMatch(/The storyteller|Corrected by/);
    expect(await versionsIn('en')).toContain('Corrected by the storyteller through their private link.');
  });

  it('reads a version kept in English by an older Hearth the same way', async () => {
    await t.db
      .updateTable('story_versions')
      .set({ editor_name: 'The storyteller', note: 'Corrected by the storyteller' })
      .execute();
    const ar = await versionsIn('ar');
    expect(ar).toContain('بواسطة الراوي.');
    expect(ar).toContain('صحّحها الراوي عبر رابطه الخاص.');
    expect(ar).not.toMatch(/The storyteller|Corrected by/);
  });
});

describe('the withdraw page of the receipt link', () => {
  it('has a way back to the story, leaving it as it was', async () => {
    const { agent, receipt } = await told();
    const page = await agent.get(`${receipt}/withdraw`);
    expect(page.body).toMatch(new RegExp(`<a href="${receipt}">Back to my story</a>`));
    const back = await agent.get(receipt);
    expect(back.statusCode).toBe(200);
    expect(heading(back.body)).toBe(TITLE_WORDS);
  });
});
