/**
 * Search results in real Chromium: a coordinator searches the story list, sees the searched words marked in the
 * titles and excerpts (the page passes axe, so the marks have enough contrast), and the marks still show in print,
 * where browsers drop background colours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../server/db/schema.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeAlliance } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

describe.skipIf(pagesOnlyOnSqlite)('search results in the browser', () => {
  let h: BrowserHarness;
  let coordinator: User;
  let list: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const made = await makeAlliance(h.t.db, 'Browser Search Alliance');
    coordinator = made.coordinator;
    const inquiry = await makeInquiry(h.t.db, made.alliance, coordinator);
    list = `/alliances/${made.alliance.id}/inquiries/${inquiry.id}/stories`;
    await makeStory(h.t.db, inquiry, {
      title: 'Gardens in spring',
      words: 'The community garden brought us together.',
    });
    await makeStory(h.t.db, inquiry, { title: 'Work', words: 'Nothing about plants at all.' });
  });
  afterAll(() => h.close());

  it('marks the searched words, passes axe, and keeps the marks visible in print', async () => {
    const page = await h.page();
    await signIn(page, coordinator.email);
    await page.goto(list);
    await expectNoAxeViolations(page);
    await page.getByLabel('Search the stories’ words').fill('garden');
    await page.getByRole('button', { name: 'Show stories' }).click();
    await page.waitForURL(/q=garden/);
    expect(await page.locator('table.story-list tbody tr').count()).toBe(1);
    expect(await page.locator('mark.search-match').allTextContents()).toEqual(['Gardens', 'garden']);
    await expectNoAxeViolations(page);

    await page.emulateMedia({ media: 'print' });
    const printed = await page
      .locator('mark.search-match')
      .first()
      .evaluate((el) => {
        const style = getComputedStyle(el);
        return { weight: style.fontWeight, line: style.textDecorationLine };
      });
    expect(printed).toEqual({ weight: '700', line: 'underline' });
  });
});
