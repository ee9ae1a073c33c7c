/** In real Chromium: run themes (the page follows the background job), rename, merge, make a tag, open the map, follow a point, accept a suggestion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  noBrowser,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { makeThemedStories } from '../themes/theme-fixture.ts';

describe.skipIf(noBrowser)('themes in a real browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let inquiry: Inquiry;
  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    await makeThemedStories(h.t.db, inquiry);
    await h.t.app.jobs.start(200); // the background job runner, as in a running Hearth
  });
  afterAll(() => h?.close());

  it('finds themes and lets people work with them, with no axe violations', async () => {
    const page = await h.page();
    await signIn(page, people.coordinator.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}`);
    await page.getByRole('link', { name: 'Themes' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('How many themes').fill('3');
    await page.getByRole('button', { name: 'Find themes' }).click();
    // The progress script reloads the page when the run is done.
    await expect.poll(() => page.locator('h2 a').count(), { timeout: 20_000 }).toBe(3);
    await expectNoAxeViolations(page);

    // Rename the first theme.
    const first = page.locator('.theme-card').first();
    await first.locator('summary').click();
    await first.getByLabel('Name').fill('Homes and repairs');
    await first.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Theme renamed.');
    expect(await page.locator('h2 a').first().textContent()).toBe('Homes and repairs');

    // Merge the third into the second.
    const third = page.locator('.theme-card').nth(2);
    await third.locator('summary').click();
    await third.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => page.locator('.theme-card').count()).toBe(2);

    // Make the renamed theme a codebook tag.
    const renamed = page.locator('.theme-card').first();
    await renamed.locator('summary').click();
    await renamed.getByRole('button', { name: 'Make it a codebook tag' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('codebook tag');

    // The map: follow a point to its story.
    await page.getByRole('link', { name: 'Open the theme map' }).click();
    await expectNoAxeViolations(page);
    const point = page.locator('svg a').first();
    const label = (await point.getAttribute('aria-label'))!;
    await point.click();
    await expect.poll(() => page.locator('.story-code').first().textContent()).toBe(label.split(' ')[0]);
    await expectNoAxeViolations(page);

    // Accept a suggested tag on the story page.
    const accept = page.getByRole('button', { name: /^Add as a tag/ }).first();
    await accept.click();
    await expect
      .poll(() => page.locator('.flash').textContent())
      .toBe('Suggestion accepted: the tag is on this story.');
  });
});
