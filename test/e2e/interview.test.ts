/** In real Chromium: an interview autosaved as a draft, resumed and recorded; a story told on a phone through the public link, then withdrawn. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeGuide } from '../helpers/interviews.ts';

describe.skipIf(pagesOnlyOnSqlite)('interviews in a real browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;
  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator);
    await h.t.db.updateTable('inquiries').set({ public_token: 'browser-test-public-link', public_open: 1 }).execute();
  });
  afterAll(() => h?.close());

  it('autosaves a draft, resumes it and records the story, with no axe violations', async () => {
    const page = await h.page();
    await signIn(page, people.interviewer.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`);
    await expectNoAxeViolations(page);

    await page.getByLabel('Storyteller’s pseudonym or code').fill('Rose');
    await page.getByLabel(/most significant change/).fill('The nurse and the housing officer came together.');
    // No button pressed: the page saves the draft by itself.
    await expect
      .poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 })
      .toContain('Draft saved automatically');
    const draft = await h.t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');

    // Come back to it later from the story page.
    await page.goto(`/alliances/${people.alliance.id}/stories/${draft.id}`);
    await page.getByRole('link', { name: 'Carry on with this draft' }).click();
    expect(await page.getByLabel(/most significant change/).inputValue()).toBe(
      'The nurse and the housing officer came together.',
    );
    await page.getByLabel("Changes in people's lives").check();
    await page.getByLabel('Why is this significant to you?').fill('Because for once they talked.');
    await page.getByLabel('What title would you give your story?').fill('Together at the door');
    await page.getByLabel('Read by the panels that choose stories').check();
    await page.getByLabel('Spoken').check();
    await page.getByLabel('Date consent was given').fill('2026-11-01');
    await page.getByRole('button', { name: 'Record the story' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Together at the door');
    expect(await page.locator('.flash').textContent()).toBe('Story recorded.');
    await expectNoAxeViolations(page);
  });

  it('shows a mistake beside its field, with the words kept, when JavaScript is off', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, people.interviewer.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`);
    await page.getByLabel(/most significant change/).fill('Words typed with no script running.');
    await page.getByRole('button', { name: 'Record the story' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Choose the domain of change this story is about.');
    expect(await page.getByLabel(/most significant change/).inputValue()).toBe('Words typed with no script running.');
    // (axe is itself a script, so it runs on the same pages in the tests with JavaScript on.)
  });

  it('takes a story through the public link on a phone, then withdraws it through the receipt', async () => {
    const phone = await h.page(PHONE);
    await phone.goto('/tell/browser-test-public-link');
    await expectNoAxeViolations(phone);
    await phone.getByLabel('Any other change').check();
    await phone.getByLabel(/most significant change/).fill('The food bank started opening on Saturdays.');
    await phone.getByLabel('Why is this significant to you?').fill('I work in the week.');
    await phone.getByLabel('What title would you give your story?').fill('Saturdays');
    await phone.getByLabel('Quoted in reports').check();
    await phone.getByRole('button', { name: 'Send my story' }).click();
    await expect.poll(() => phone.locator('h1').textContent()).toBe('Thank you for your story');
    await expectNoAxeViolations(phone);

    // The whole private link shows on a 360 px phone (it wraps, nothing is cut off), with a copy button…
    const box = phone.getByRole('textbox', { name: 'Your private link' });
    const link = await box.inputValue();
    expect(link).toMatch(/\/receipt\/[\w-]{43}$/);
    const fits = await box.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight);
    expect(fits).toBe(true);
    await phone.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await phone.getByRole('button', { name: 'Copy the link' }).click();
    await expect.poll(() => phone.getByRole('status').textContent()).toBe('Copied.');
    expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe(link);
    // …and a receipt to download, a file that holds the link.
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('link', { name: /Download my receipt/ }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(link);

    await phone.getByRole('link', { name: 'Open your story now' }).click();
    await expect.poll(() => phone.locator('h1').textContent()).toBe('Saturdays');
    await expectNoAxeViolations(phone);
    await phone.getByRole('link', { name: 'Withdraw my story' }).click();
    await expectNoAxeViolations(phone);
    await phone.getByRole('button', { name: 'Withdraw my story' }).click();
    await expect
      .poll(() => phone.locator('main').textContent())
      .toContain('This story has been withdrawn at your request');
    const stored = await h.t.db.selectFrom('story_answers').select('value').execute();
    expect(stored.map((a) => a.value).join(' ')).not.toContain('Saturdays');
  });
});
