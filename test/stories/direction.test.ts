/**
 * A storyteller's words keep their own writing direction on a page in another: an Arabic story on an English page
 * reads right to left (its question mark at the end of the sentence, on the left), an English story on an Arabic
 * page left to right; words of no known language take their direction from their own letters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;

beforeAll(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Direction Alliance'));
  inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
});
afterAll(() => t.close());

/** The lang and dir of the story's title and of each answer's words on its page. */
async function directions(language: string) {
  const story = await makeStory(t.db, inquiry, { title: 'عنوان', words: 'هل تغيّر شيء؟ نعم.', language });
  const page = (await coordinator.get(`/alliances/${alliance.id}/stories/${story.id}`)).body;
  expect(await htmlErrors(page)).toEqual([]);
  const title = /<h1 id="story-title"><span lang="([^"]*)" dir="([^"]*)">/.exec(page);
  const answers = [...page.matchAll(/<blockquote class="answer__words" lang="([^"]*)" dir="([^"]*)"/g)];
  expect(answers.length).toBeGreaterThan(0);
  return { title: title?.slice(1), answers: [...new Set(answers.map((m) => `${m[1]} ${m[2]}`))] };
}

describe('a story’s words on a page in another direction', () => {
  it('are right to left when the story is in Arabic, on an English page', async () => {
    expect(await directions('ar')).toEqual({ title: ['ar', 'rtl'], answers: ['ar rtl'] });
    expect(await directions('ar-JO')).toEqual({ title: ['ar-JO', 'rtl'], answers: ['ar-JO rtl'] });
  });

  it('are left to right when the story is in English, on an Arabic page', async () => {
    await t.db.updateTable('users').set({ language: 'ar' }).where('id', '=', people.coordinator.id).execute();
    expect(await directions('en')).toEqual({ title: ['en', 'ltr'], answers: ['en ltr'] });
  });

  it('follow their own letters when the language is not known', async () => {
    expect(await directions('')).toEqual({ title: ['', 'auto'], answers: [' auto'] });
  });
});
