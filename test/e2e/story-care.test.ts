/**
 * In real Chromium: a coordinator finds a story by a word from the middle of it, reads one back and verifies it,
 * reads another's history, withdraws a third, which is then gone from the list and the search; no axe violations.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { editStory, makeInquiry, makeStory } from '../helpers/stories.ts';

describe.skipIf(pagesOnlyOnSqlite)('caring for stories in a real browser', () => {
  let h: BrowserHarness;
  let alliance: Alliance;
  let people: Record<Role, User>;
  let inquiry: Inquiry;
  let kitchen: Story;
  let market: Story;
  let garden: Story;
  let list: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ alliance, ...people } = await makeAlliance(h.t.db, 'Harbour Alliance'));
    inquiry = await makeInquiry(h.t.db, alliance, people.coordinator);
    for (let i = 0; i < 3; i++)
      await makeStory(h.t.db, inquiry, {
        words: `An ordinary week number ${i}.`,
        attributes: { 'Who are you?': 'Worker' },
      });
    kitchen = await makeStory(h.t.db, inquiry, {
      title: 'Cooking again',
      words: 'The support worker came every Tuesday and helped me cook again in my own kitchen.',
      interviewer: people.interviewer,
      attributes: { 'Who are you?': 'Citizen', 'Age band': 'Over 65' },
    });
    market = await makeStory(h.t.db, inquiry, {
      title: 'The market stall',
      words: 'We opened a stall at the market together.',
    });
    market = await editStory(h.t.db, market, people.interviewer, {
      words: 'We opened a stall at the Saturday market together, all six of us.',
      note: 'Corrected at read-back',
    });
    garden = await makeStory(h.t.db, inquiry, {
      title: 'The allotment',
      words: 'Digging the allotment gave me my mornings back.',
    });
    list = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
  });
  afterAll(() => h?.close());

  const signInAs = async (page: Page, person: User) => {
    await signIn(page, person.email);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');
  };

  it('finds, reads back, verifies, compares and withdraws stories', async () => {
    const page = await h.page();
    await signInAs(page, people.coordinator);

    // Find the kitchen story by a word from the middle of it.
    await page.goto(list);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Stories');
    expect(await page.locator('tbody tr').count()).toBe(6);
    await expectNoAxeViolations(page);
    await page.getByLabel('Search the stories’ words').fill('Tuesday');
    await page.getByRole('button', { name: 'Show stories' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('.story-count').textContent()).toBe('Showing 1 story');
    const row = page.getByRole('row', { name: /Cooking again/ });
    expect(await row.textContent()).toContain('Over 65');
    await expectNoAxeViolations(page);
    await row.getByRole('link', { name: kitchen.code }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/alliances/${alliance.id}/stories/${kitchen.id}`);

    // Read it back: a mistake first, then the real date.
    const storyPath = `/alliances/${alliance.id}/stories/${kitchen.id}`;
    await page.goto(`${storyPath}/read-back`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Read the story back');
    expect(await page.locator('.read-aloud').textContent()).toContain('helped me cook again');
    await expectNoAxeViolations(page);
    await page.getByLabel('Date it was read back').fill('2999-01-01');
    await page.getByLabel('What the storyteller changed (optional)').fill('Nothing much');
    await page.getByRole('button', { name: 'Record the read-back' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This date is in the future');
    expect(await page.getByLabel('What the storyteller changed (optional)').inputValue()).toBe('Nothing much');
    await expectNoAxeViolations(page);
    await page.getByLabel('Date it was read back').fill('2026-01-20');
    await page.getByLabel('What the storyteller changed (optional)').fill('');
    await page.getByRole('button', { name: 'Record the read-back' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(storyPath);
    expect(await page.locator('.flash').textContent()).toBe('Read-back recorded.');

    // Verify it.
    await page.goto(`${storyPath}/verify`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Verify the story');
    expect(await page.locator('.care-facts').textContent()).toContain('20 Jan 2026');
    await expectNoAxeViolations(page);
    await page.getByLabel('Date you checked it').fill('2026-01-22');
    await page.getByLabel('What you checked').fill('Spoke to the interviewer; consent form seen.');
    await page.getByRole('button', { name: 'Record the verification' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Verification recorded.');
    await page.goto(`${list}?status=verified`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').textContent()).toContain(kitchen.code);

    // The market story's history: the words taken out and put in.
    await page.goto(`/alliances/${alliance.id}/stories/${market.id}/versions`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Earlier versions');
    expect(await page.locator('.diff ins').allTextContents()).toContain('[added: Saturday ]');
    await expectNoAxeViolations(page);

    // Withdraw the allotment story: it leaves the list and the search.
    await page.goto(`/alliances/${alliance.id}/stories/${garden.id}/withdraw`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Withdraw a story');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Withdraw ${garden.code} and remove its words` }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Story withdrawn.');
    expect(new URL(page.url()).pathname).toBe(list);
    expect(await page.locator('main').textContent()).not.toContain('The allotment');
    await expectNoAxeViolations(page);
    await page.getByLabel('Search the stories’ words').fill('allotment');
    await page.getByRole('button', { name: 'Show stories' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('No stories match these filters.');
    await page.goto(`${list}?status=withdrawn`);
    expect(await page.locator('tbody').textContent()).toContain(`${garden.code}Withdrawn on`);
    await expectNoAxeViolations(page);
  });

  it('filters on a phone with JavaScript turned off', async () => {
    const page = await h.page({ ...PHONE, javaScriptEnabled: false });
    await signInAs(page, people.interviewer);
    await page.goto(list);
    await page.getByLabel('Who are you?').selectOption('Worker');
    await page.getByRole('button', { name: 'Show stories' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    expect(page.url()).toContain('Worker');
  });

  it('has no axe violations on a phone, filtered with an error', async () => {
    const page = await h.page(PHONE);
    await signInAs(page, people.facilitator);
    await page.goto(`${list}?from=2026-13-45`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter a real date');
    await expectNoAxeViolations(page);
  });
});
