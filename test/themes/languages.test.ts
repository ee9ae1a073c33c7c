import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { mixedStories } from '../text/languages-corpus.ts';

const NOTICE = 'Themes across languages need bilingual dictionaries';

let t: TestApp;
afterEach(() => t.close());

/** An inquiry with the 36 stories in English, French and Arabic (or those of one language). */
async function inquiryWithStories(dictionaries?: string, languages?: ('en' | 'fr' | 'ar')[]) {
  t = await testApp(dictionaries ? { dictionariesDir: dictionaries } : {});
  const people = await makeAlliance(t.db);
  const inquiry: Inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const subjects = new Map<number, string>();
  for (const [n, story] of mixedStories(languages).entries()) {
    // The story's first sentence as told, the rest as why it matters; a title with no words, so it adds none.
    const [first, ...rest] = story.text.split(/(?<=[.!?])\s+/);
    const made = await makeStory(t.db, inquiry, {
      title: `#${n + 1}`,
      words: first,
      why: rest.join(' '),
      language: story.language,
    });
    subjects.set(made.id, story.subject);
  }
  const coordinator = await signedIn(t.app, people.coordinator.email);
  const page = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}/themes`;
  return { coordinator, page, subjects };
}

describe('themes of an inquiry with stories in several languages', () => {
  it('group stories of the same subject in English, French and Arabic together', async () => {
    const { coordinator, page, subjects } = await inquiryWithStories();
    const form = await coordinator.get(page);
    expect(visibleText(form.body)).not.toContain(NOTICE);
    const res = await coordinator.submit(page, page, { k: '3', seed: '7' });
    expect(res.statusCode).toBe(303);
    expect(await t.app.jobs.tick()).toBe(true);
    const run = visibleText((await coordinator.get(res.headers.location as string)).body);
    expect(run).toContain('Found 3 themes.');
    const themes = await t.db.selectFrom('themes').select(['id', 'label']).execute();
    for (const theme of themes) {
      const members = await t.db
        .selectFrom('theme_stories')
        .select('story_id')
        .where('theme_id', '=', theme.id)
        .execute();
      const bySubject = new Set(members.map((m) => subjects.get(m.story_id)));
      expect(bySubject.size, theme.label).toBe(1);
      expect(members).toHaveLength(12);
      // Named in the stories' own languages: Arabic and Latin letters in every label, shown on the page.
      expect(theme.label).toMatch(/\p{Script=Arabic}/u);
      expect(theme.label).toMatch(/\p{Script=Latin}/u);
      expect(run).toContain(theme.label);
    }
  });

  it('say once on the themes page that themes across languages need the dictionaries, when they are missing', async () => {
    const { coordinator, page } = await inquiryWithStories(mkdtempSync(join(tmpdir(), 'hearth-no-dict-')));
    const text = visibleText((await coordinator.get(page)).body);
    expect(text.split(NOTICE)).toHaveLength(2);
    expect(text).toContain('dict-freedict-ara-eng, dict-freedict-fra-eng');
    // Themes are still found, by the stories' own words.
    const res = await coordinator.submit(page, page, { k: '3', seed: '7' });
    expect(await t.app.jobs.tick()).toBe(true);
    expect(visibleText((await coordinator.get(res.headers.location as string)).body)).toContain('Found 3 themes.');
  });

  it('say nothing of dictionaries for an inquiry in one language', async () => {
    const { coordinator, page } = await inquiryWithStories(mkdtempSync(join(tmpdir(), 'hearth-no-dict-')), ['fr']);
    expect(visibleText((await coordinator.get(page)).body)).not.toContain(NOTICE);
  });
});
