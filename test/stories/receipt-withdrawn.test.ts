/**
 * After withdrawing their story, a teller who goes Back (to the confirmation page, or to the correction form) is told
 * in their language that the story has been withdrawn: not "Page not found", and nothing of the story.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, type Fields } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeGuide, questionOf, STORY_WORDS, TITLE_WORDS, WHY_WORDS } from '../helpers/interviews.ts';
import { copyLink, heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let teller: Agent;
let receipt: string;
const tell = '/tell/open-sesame-token-for-tests';

beforeEach(async () => {
  t = await testApp();
  const people = await makeAlliance(t.db);
  const guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
  const telling: Fields = {
    domainId: String(guide.domains[0]!.id),
    storyteller: 'Sam',
    [questionOf(guide, 'story')]: STORY_WORDS,
    [questionOf(guide, 'why')]: WHY_WORDS,
    [questionOf(guide, 'title')]: TITLE_WORDS,
    consent: ['panels', 'quotes'],
  };
  teller = new Agent(t.app);
  teller.setCookie('hearth_lang', 'es');
  const told = await teller.submit(tell, tell, telling);
  receipt = new URL(copyLink(told.body, 'receipt-link')).pathname;
  // Receipt -> "Retirar mi historia" -> confirm.
  const withdrawn = await teller.submit(`${receipt}/withdraw`, `${receipt}/withdraw`, {});
  expect(withdrawn.statusCode).toBe(303);
});
afterEach(() => t.close());

function saysWithdrawn(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, what).not.toBe(404);
  expect(heading(res.body), what).toBe('Su historia');
  const text = visibleText(res.body);
  expect(text, what).toContain('Esta historia se ha retirado a petición suya');
  expect(text, what).not.toContain('Página no encontrada');
  for (const words of [TITLE_WORDS, WHY_WORDS, 'Sam', 'MSC-']) expect(text, what).not.toContain(words);
  // Nothing left to do with it: no way to correct, withdraw or download it.
  expect(res.body, what).not.toContain(`${receipt}/edit`);
  expect(res.body, what).not.toContain(`${receipt}/download`);
}

describe('the receipt of a withdrawn story', () => {
  it('going Back to the confirmation page says the story has been withdrawn, in the teller’s language', async () => {
    const res = await teller.get(`${receipt}/withdraw`);
    saysWithdrawn(res, 'GET withdraw');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('says the same on the correction form, and when the confirmation is sent again', async () => {
    saysWithdrawn(await teller.get(`${receipt}/edit`), 'GET edit');
    saysWithdrawn(await teller.post(`${receipt}/withdraw`, {}), 'POST withdraw');
    saysWithdrawn(await teller.post(`${receipt}/edit`, { storyteller: 'Sam' }), 'POST edit');
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({ status: 'withdrawn', title: '', storyteller: '' });
  });

  it('a token that never was a receipt still finds nothing', async () => {
    const res = await teller.get(`/receipt/${'x'.repeat(43)}/withdraw`);
    expect(res.statusCode).toBe(404);
  });
});
