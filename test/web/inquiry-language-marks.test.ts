/**
 * Text in the inquiry's language on a page in another: the guide's questions are marked with their language and
 * direction (so "Why is this significant to you?" keeps its question mark at the end on an Arabic page), names in
 * the header are isolated from the role badge, languages are named in the page's language, the period in words is
 * quoted as it is asked, and a translation heads its answers in its own language and says what it left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTranslation } from '../../server/translations/store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { guestIn, participationWorld } from '../rounds/round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let coordinator: Agent;
const inquiryPath = () => `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;

beforeAll(async () => {
  t = await testApp();
  w = await participationWorld(t, { stage: 'reading' });
  await t.db.updateTable('users').set({ language: 'ar' }).where('id', '=', w.people.coordinator.id).execute();
  coordinator = await signedIn(t.app, w.people.coordinator.email);
}, 60_000);
afterAll(() => t.close());

/** The opening tag of the element holding exactly this text. */
const tagAround = (html: string, text: string) =>
  new RegExp(`<([a-z0-9]+)([^>]*)>${text.replace(/[?.()]/g, '\\$&')}</\\1>`).exec(decode(html))?.[2];

describe('the guide’s questions on an Arabic page', () => {
  it('are marked as English on a guest’s reading page, the teller’s words as they were', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    guest.setCookie('hearth_lang', 'ar');
    const res = await guest.get(`/rounds/${w.round.id}/take-part/stories/${w.stories[0]!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(tagAround(res.body, 'Why is this significant to you?')).toBe(' class="answer__prompt" lang="en" dir="ltr"');
  });

  it('are marked as English on the story page', async () => {
    const res = await coordinator.get(`/alliances/${w.alliance.id}/stories/${w.stories[0]!.id}`);
    expect(res.statusCode).toBe(200);
    expect(tagAround(res.body, 'Why is this significant to you?')).toBe(' class="answer__prompt" lang="en" dir="ltr"');
  });

  it('are marked as English on the inquiry page, with its domains and consent statement', async () => {
    const res = await coordinator.get(inquiryPath());
    expect(tagAround(res.body, 'Why is this significant to you?')).toBe(
      ' class="guide-list__main" lang="en" dir="ltr"',
    );
    expect(decode(res.body)).toMatch(/<blockquote class="consent-text" lang="en" dir="ltr">/);
  });
});

describe('the header on an Arabic page', () => {
  it('keeps the alliance’s and the person’s names apart from the role badge', async () => {
    const html = decode((await coordinator.get(inquiryPath())).body);
    expect(html).toContain(`<p class="alliance-nav__name"><bdi>${w.alliance.name}</bdi> <span class="role-badge">`);
    expect(html).toContain(`<span class="account-nav__name"><bdi>${w.people.coordinator.name}</bdi></span>`);
  });
});

describe('the inquiry’s languages and period on an Arabic page', () => {
  it('names the story languages in Arabic', async () => {
    const text = visibleText((await coordinator.get(inquiryPath())).body);
    expect(text).toMatch(/الإنجليزية \(en\)/);
    expect(text).not.toContain('English');
  });

  it('quotes the period in words as asked, in English, without the page’s “the last”', async () => {
    await t.db.updateTable('inquiries').set({ period_words: 'six months' }).where('id', '=', w.inquiry.id).execute();
    for (const path of [inquiryPath(), `/alliances/${w.alliance.id}/inquiries`]) {
      const html = decode((await coordinator.get(path)).body);
      expect(html).toContain('«<bdi lang="en" dir="ltr">six months</bdi>»');
      expect(visibleText(html)).not.toMatch(/آخر\s*six/);
    }
  });
});

describe('a translation under the original', () => {
  it('heads each answer with the question in the translation’s language, and says what is not translated', async () => {
    const story = await makeStory(t.db, w.inquiry, { words: 'The clinic closed.', why: 'It was far.' });
    const answers = await t.db
      .selectFrom('story_answers')
      .select(['position', 'kind'])
      .where('story_id', '=', story.id)
      .execute();
    const why = answers.find((a) => a.kind === 'why')!.position;
    await saveTranslation(t.db, w.people.coordinator, story, {
      language: 'fr',
      title: '',
      answers: [{ position: why, value: 'C’était loin.' }],
    });
    await t.db.updateTable('users').set({ language: 'en' }).where('id', '=', w.people.coordinator.id).execute();
    const res = await coordinator.get(`/alliances/${w.alliance.id}/stories/${story.id}`);
    await t.db.updateTable('users').set({ language: 'ar' }).where('id', '=', w.people.coordinator.id).execute();
    // The French template's own words for the question, marked French.
    expect(tagAround(res.body, 'Pourquoi ce changement compte-t-il pour vous\u202f?')).toBe(
      ' class="answer__prompt" lang="fr" dir="ltr"',
    );
    // The original's questions keep their language even inside a column marked as the story's.
    expect(tagAround(res.body, 'Why is this significant to you?')).toBe(' class="answer__prompt" lang="en" dir="ltr"');
    const text = visibleText(res.body);
    expect(text).toMatch(/\d of \d answers? (is|are) not translated yet\./);
    const [missing, total] = /(\d) of (\d) answers?/.exec(text)!.slice(1).map(Number);
    expect(missing).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(missing!);
  });
});
