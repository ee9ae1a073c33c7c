/**
 * In real Chromium: a coordinator adds a translation to a Spanish story from its page, sees the storyteller's words
 * and the translation side by side (stacked on a phone), each labelled, and prints a pack with the translation under
 * the original, labelled. Every page passes axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const ORIGINAL = 'Cuando cerraron la biblioteca, los vecinos abrimos una en el portal.';
const TRANSLATED = 'When the library closed, we neighbours opened one in the doorway.';

describe.skipIf(pagesOnlyOnSqlite)('translating a story', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let story: Story;
  let storyPath: string;
  let inquiryPath: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    const inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    story = await makeStory(h.t.db, inquiry, { title: 'La biblioteca del portal', words: ORIGINAL, language: 'es' });
    storyPath = `/alliances/${people.alliance.id}/stories/${story.id}`;
    inquiryPath = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
  });
  afterAll(() => h.close());

  it('adds a translation and shows it beside the storyteller’s words, labelled', async () => {
    const page = await h.page({ viewport: { width: 1200, height: 900 } });
    await signIn(page, people.coordinator.email);
    await page.goto(storyPath);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Add a translation' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Translate a story');
    await expectNoAxeViolations(page);

    // Nothing typed: refused beside the box, the language chosen kept.
    await page.getByLabel('Language of the translation').selectOption('en');
    await page.getByRole('button', { name: 'Save the translation' }).click();
    await expect.poll(() => page.getByText('it cannot be left empty').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Language of the translation').inputValue()).toBe('en');
    await expectNoAxeViolations(page);

    await page.getByLabel('The title, translated').fill('The doorway library');
    await page
      .getByRole('textbox', { name: /translated$/ })
      .last()
      .fill(TRANSLATED);
    // The story's own answer box is the first one after the title: fill every answer box that is required.
    await page.locator('textarea[required]').fill(TRANSLATED);
    await page.getByRole('button', { name: 'Save the translation' }).click();
    await expect.poll(() => page.url()).toContain(`${storyPath}#translation-en`);
    await expectNoAxeViolations(page);

    const sides = page.locator('#translation-en');
    const original = sides.locator('.translation-sides__column--original');
    const translation = sides.locator('.translation-sides__column--translation');
    expect(await original.textContent()).toContain("Told in Spanish — the storyteller's words");
    expect(await original.textContent()).toContain(ORIGINAL);
    expect(await translation.textContent()).toMatch(
      new RegExp(`Translation into English by ${people.coordinator.name}, .+ — not the storyteller's words`),
    );
    expect(await translation.textContent()).toContain(TRANSLATED);
    expect(await translation.locator('[lang="en"]').first().getAttribute('dir')).toBe('auto');
    // Two columns on a wide screen: the translation beside the original, not under it.
    const [a, b] = [(await original.boundingBox())!, (await translation.boundingBox())!];
    expect(Math.abs(a.y - b.y)).toBeLessThan(2);
    expect(b.x).toBeGreaterThan(a.x + a.width - 1);
  }, 60_000);

  it('stacks them on a phone', async () => {
    const page = await h.page(PHONE);
    await signIn(page, people.coordinator.email);
    await page.goto(storyPath);
    await expectNoAxeViolations(page);
    const a = (await page.locator('#translation-en .translation-sides__column--original').boundingBox())!;
    const b = (await page.locator('#translation-en .translation-sides__column--translation').boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height - 1);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 60_000);

  it('prints the translation under the original in a pack, labelled', async () => {
    const page = await h.page();
    await signIn(page, people.coordinator.email);
    await page.goto(`${inquiryPath}/pack/settings`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Print translations beside the original').selectOption('en');
    await page.getByRole('button', { name: 'Show the pack' }).click();
    await expect.poll(() => page.url()).toContain('translation=en');
    await expectNoAxeViolations(page);
    const printed = page.locator('.pack-story').filter({ hasText: 'La biblioteca del portal' }).first();
    const text = (await printed.textContent()) ?? '';
    expect(text.indexOf(ORIGINAL)).toBeGreaterThan(-1);
    expect(text.indexOf(TRANSLATED)).toBeGreaterThan(text.indexOf(ORIGINAL));
    expect(await printed.locator('.pack-translation__label').textContent()).toMatch(
      /^Translation into English by .+ — not the storyteller's words$/,
    );
  }, 60_000);
});
