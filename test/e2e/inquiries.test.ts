/**
 * In real Chromium: a coordinator starts an MSC and an Appreciative Inquiry from the templates, sets the period,
 * renames and moves a domain, adds a question and opens the public link; every page passes axe, and the inquiry
 * page reads well on a phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';

describe.skipIf(pagesOnlyOnSqlite)('inquiries in a real browser', () => {
  let h: BrowserHarness;
  let email: string;
  let phoneInquiry: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const { alliance, coordinator } = await makeAlliance(h.t.db, 'Harbour Alliance');
    email = coordinator.email;
    // The phone test has its own inquiry, so it does not depend on the others.
    const inquiry = await createInquiry(h.t.db, coordinator, alliance.id, {
      title: 'Changes on the estate',
      method: 'msc',
    });
    phoneInquiry = `/alliances/${alliance.id}/inquiries/${inquiry.id}`;
  });
  afterAll(() => h?.close());

  const signInHere = async (page: Page) => {
    await signIn(page, email);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');
  };
  const h1 = (page: Page) => page.locator('h1').textContent();
  const main = (page: Page) => page.locator('main').innerText();

  it('sets up an MSC inquiry: period, a domain, a question, the public link', async () => {
    const page = await h.page();
    await signInHere(page);

    await page.getByRole('link', { name: 'Inquiries' }).click();
    await expect.poll(() => h1(page)).toBe('Inquiries');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'New inquiry' }).click();
    await expectNoAxeViolations(page);
    // Forgetting the method first: the title stays, the message says what to do.
    await page.getByLabel('Title').fill('Stories of change 2026');
    await page.getByRole('button', { name: 'Create the inquiry' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose a method');
    expect(await page.getByLabel('Title').inputValue()).toBe('Stories of change 2026');
    await expectNoAxeViolations(page);
    await page.getByLabel('Most Significant Change').check();
    await page.getByRole('button', { name: 'Create the inquiry' }).click();
    await expect.poll(() => h1(page)).toBe('Stories of change 2026');
    expect(await main(page)).toContain('The inquiry is ready');
    await expectNoAxeViolations(page);

    // The reporting period: a wrong order is refused, then saved.
    await page.getByRole('link', { name: 'Change the settings' }).click();
    await expect.poll(() => h1(page)).toBe('Inquiry settings');
    await expectNoAxeViolations(page);
    await page.getByLabel('First day').fill('2026-06-30');
    await page.getByLabel('Last day').fill('2026-01-01');
    await page.getByLabel('The period in words').fill('year');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The last day cannot be before the first day.');
    expect(await page.getByLabel('The period in words').inputValue()).toBe('year');
    await expectNoAxeViolations(page);
    await page.getByLabel('First day').fill('2026-01-01');
    await page.getByLabel('Last day').fill('2026-12-31');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => h1(page)).toBe('Stories of change 2026');
    expect(await main(page)).toContain(
      'Looking back over the last year, what do you think was the most significant change in [domain]?',
    );
    expect(await main(page)).toContain('31 Dec 2026');

    // Rename a domain, then move it down.
    await page.getByRole('link', { name: "Change Changes in people's lives" }).click();
    await expect.poll(() => h1(page)).toBe('Change a domain of change');
    await expectNoAxeViolations(page);
    await page.getByLabel('Name of the domain').fill('Changes in our lives');
    await page.getByLabel('Description').fill('What changed for the people we work with.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Domain of change saved');
    await page.getByRole('button', { name: 'Move down Changes in our lives' }).click();
    await expect
      .poll(async () => (await page.locator('#domains li .guide-list__main').allTextContents()).join(' | '))
      .toBe('Changes in how services work together | Changes in our lives | Any other change');

    // Add a question.
    await page.getByRole('link', { name: 'Add a question', exact: true }).click();
    await expect.poll(() => h1(page)).toBe('Add a question');
    await expectNoAxeViolations(page);
    await page.getByLabel('Single choice').check();
    await page.getByLabel('The question').fill('Which service were you using?');
    await page.getByLabel('Choices, one per line').fill('Housing\nHealth\nSchool');
    await page.getByRole('button', { name: 'Add the question' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Question added to the interview guide.');
    expect(await main(page)).toContain('Which service were you using?');

    // Open the public storytelling link.
    await page.getByRole('button', { name: 'Open a public storytelling link' }).click();
    const link = await page.getByRole('textbox', { name: 'Public storytelling link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${h.baseUrl}/tell/[A-Za-z0-9_-]{32}$`));
    await expectNoAxeViolations(page);

    // The paper form.
    await page.getByRole('link', { name: 'Printable paper form' }).click();
    expect(await main(page)).toContain('the domain ticked above');
    await expectNoAxeViolations(page);
  });

  it('starts an Appreciative Inquiry, its guide grouped by phase', async () => {
    const page = await h.page();
    await signInHere(page);
    await page.goto(`${new URL(page.url()).pathname}/inquiries/new`);
    await page.getByLabel('Title').fill('Working together at its best');
    await page.getByLabel('Appreciative Inquiry (5-D)').check();
    await page.getByRole('button', { name: 'Create the inquiry' }).click();
    await expect.poll(() => h1(page)).toBe('Working together at its best');
    const phases = await page.locator('#guide h3').allTextContents();
    expect(phases.map((p) => p.split(' —')[0])).toEqual(['Discover', 'Dream', 'Design', 'Deliver']);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Change the settings' }).click();
    await page.getByLabel('Topic of inquiry (Define)').fill('working together');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => main(page)).toContain('Tell me about a time when working together was at its best');
  });

  it('reads well on a phone: no sideways scrolling, no axe violations', async () => {
    const phone = await h.page(PHONE);
    await signInHere(phone);
    await phone.getByRole('link', { name: 'Inquiries' }).click();
    await expect.poll(() => h1(phone)).toBe('Inquiries');
    await expectNoAxeViolations(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.goto(phoneInquiry);
    await expect.poll(() => h1(phone)).toBe('Changes on the estate');
    await expectNoAxeViolations(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.getByRole('link', { name: 'Printable paper form' }).click();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(phone);
  });
});
