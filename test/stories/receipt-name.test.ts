import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, type Fields } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeGuide, questionOf, STORY_WORDS, TITLE_WORDS, WHY_WORDS } from '../helpers/interviews.ts';
import { copyLink, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let guide: Guide;
const tell = '/tell/open-sesame-token-for-tests';
beforeEach(async () => {
  t = await testApp();
  const people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
});
afterEach(() => t.close());

/** Tells a story through the public link and opens its receipt, as the teller would. */
async function receiptText(overrides: Fields): Promise<string> {
  const agent = new Agent(t.app);
  const told = await agent.submit(tell, tell, {
    domainId: String(guide.domains[0]!.id),
    [questionOf(guide, 'story')]: STORY_WORDS,
    [questionOf(guide, 'why')]: WHY_WORDS,
    [questionOf(guide, 'title')]: TITLE_WORDS,
    consent: ['panels', 'packs'],
    ...overrides,
  });
  expect(told.statusCode).toBe(201);
  const page = await agent.get(new URL(copyLink(told.body, 'receipt-link')).pathname);
  expect(page.statusCode).toBe(200);
  expect(await htmlErrors(page.body)).toEqual([]);
  return visibleText(page.body);
}

it('ends the sentence giving the story’s code with a full stop', async () => {
  const text = await receiptText({ storyteller: 'Sam' });
  const story = await t.db.selectFrom('stories').select('code').executeTakeFirstOrThrow();
  expect(text).toContain(`This is your story, as you told it. Its code is ${story.code}.`);
});

it('tells an anonymous teller their name goes nowhere beyond the team’s own record', async () => {
  const text = await receiptText({ storyteller: 'Orla', anonymous: 'yes' });
  expect(text).toContain('You asked to stay anonymous.');
  expect(text).toContain(
    'Your name is kept only in the team’s own record of your story. It does not go with your story to panels, story packs, reports or funders.',
  );
});

it('tells a named teller their name goes with the story as they agreed, never to funders', async () => {
  const text = await receiptText({ storyteller: 'Sam' });
  expect(text).toContain(
    'Your name, Sam, goes with your story wherever it is used as you agreed above (for example to panels, or in printed story packs). Funders never see your name.',
  );
  expect(text).not.toContain('anonymous');
});

it('tells a teller who gave no name that none goes with the story', async () => {
  const text = await receiptText({ storyteller: '' });
  expect(text).toContain('You gave no name, so no name goes with your story.');
});
