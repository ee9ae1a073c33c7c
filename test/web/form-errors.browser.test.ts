/**
 * Accessibility trial 7, in real Chromium with JavaScript switched off: after a refused form the focus is on the error
 * summary (not the page's body) and the title says "Error:"; a summary link to a group of choices focuses the group,
 * and a link to a text box lands with its question and message in view; a confirmation is focused on arrival.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlliance } from '../helpers/app.ts';
import {
  axeUnlessChecked,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry } from '../helpers/stories.ts';

const NO_JS: BrowserContextOptions = { javaScriptEnabled: false };

/** The focused element as a person would find it: its tag, id and class, or "BODY" when nothing has the focus. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return !e || e === document.body ? 'BODY' : `${e.tagName.toLowerCase()}#${e.id}.${e.className}`;
  });
/** Whether the whole of this element is inside the window. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

describe.skipIf(pagesOnlyOnSqlite)('reporting a form’s problems, without scripts', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let interviews: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    const inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    interviews = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
  });
  afterAll(() => h?.close());

  it('focuses the summary of a refused sign-in, and says "Error:" in the title', async () => {
    const page = await h.page(NO_JS);
    await page.goto('/sign-in');
    await axeUnlessChecked(page);
    expect(await focused(page)).toBe('BODY');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toBe('Error: Sign in · Hearth');
    expect(await focused(page)).toBe('div#.error-summary');
    await axeUnlessChecked(page);
  });

  it('lands each summary link of the interview form on its field, question and message in view', async () => {
    const page = await h.page({ ...PHONE, ...NO_JS });
    await signIn(page, people.interviewer.email);
    await page.goto(`${interviews}/interviews/new`);
    await axeUnlessChecked(page);
    await page.getByRole('button', { name: 'Record the story' }).click();
    expect(await page.title()).toMatch(/^Error: Record an interview · /);
    expect(await focused(page)).toBe('div#.error-summary');
    await axeUnlessChecked(page);

    // A group of choices: the fieldset itself takes the focus, its legend and message at the top of the window.
    await page.getByRole('link', { name: 'Say how consent was given: spoken, written or online.' }).click();
    expect(await focused(page)).toBe('fieldset#field-consentHow.field field--error');
    expect(await inView(page, '#field-consentHow legend')).toBe(true);
    expect(await inView(page, '#field-consentHow-error')).toBe(true);

    // A text box: the cursor in it, the question and message above it still in view (scroll-margin).
    await page.getByRole('link', { name: /^Why is this significant to you\?: Answer this question/ }).click();
    const why = await page.getByLabel('Why is this significant to you?').getAttribute('id');
    expect(await focused(page)).toBe(`textarea#${why}.`);
    expect(await inView(page, `label[for="${why}"]`)).toBe(true);
    expect(await inView(page, `#${why}-error`)).toBe(true);
  });

  it('focuses a confirmation on arrival, so it is read out', async () => {
    const page = await h.page(NO_JS);
    await signIn(page, people.facilitator.email);
    await page.goto(`${interviews}/rounds/new`);
    await axeUnlessChecked(page);
    await page.getByLabel('Name of the round').fill('Table 1');
    await page.getByLabel('Panel', { exact: true }).fill('Table 1 at the open event');
    await page.getByRole('button', { name: 'Create the round' }).click();
    expect(await page.locator('.flash').textContent()).toBe('Round created. Pick its stories next.');
    expect(await focused(page)).toBe('p#.flash');
    expect(await page.title()).not.toMatch(/Error/);
    await axeUnlessChecked(page);
  });
});
