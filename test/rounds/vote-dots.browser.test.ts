/**
 * Dot voting on a phone in real Chromium: the sentence under the list counts the dots left as they are typed (and
 * is a status a screen reader hears); each box is named as the dots for its story; after too many, the summary's
 * link leads to the first box holding dots, which says it is in error and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { participationWorld } from './round-fixtures.ts';

describe.skipIf(pagesOnlyOnSqlite)('dot voting on a phone', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h?.close());

  it('counts the dots left while typing, and leads from too many to the boxes to change', async () => {
    const w = await participationWorld(h.t);
    const [first, second] = w.stories;
    const phone = await h.page(PHONE);
    await phone.goto(`/join?code=${w.round.join_code}`);
    await expectNoAxeViolations(phone);
    await phone.getByLabel('Your name').fill('Ada');
    await phone.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => phone.locator('h1').textContent()).toBe(w.round.name);
    await expectNoAxeViolations(phone);

    await phone.goto(`/rounds/${w.round.id}/take-part/vote`);
    const box = (story: typeof first) =>
      phone.getByRole('spinbutton', { name: `Dots for ${story!.code} ${story!.title}` });
    const left = phone.getByRole('status');
    expect(await left.textContent()).toBe('Dots left to give: 3 of 3.');
    await box(first).fill('2');
    await expect.poll(() => left.textContent()).toBe('Dots left to give: 1 of 3.');
    await box(second).fill('2');
    await expect.poll(() => left.textContent()).toBe('Dots left to give: none. These add up to 4, more than your 3.');
    await expectNoAxeViolations(phone);

    await phone.getByRole('button', { name: 'Cast my vote' }).click();
    const link = phone.getByRole('alert').getByRole('link', { name: /That is more dots than you have/ });
    await expect.poll(() => link.count()).toBe(1);
    await expectNoAxeViolations(phone);
    // The boxes keep what was typed, and the summary leads to the first of them (the page's order is the round's).
    expect(await box(first).inputValue()).toBe('2');
    await link.click();
    const focused = await phone.evaluate(() => ({
      id: document.activeElement?.id,
      invalid: document.activeElement?.getAttribute('aria-invalid'),
      describedBy: document.activeElement?.getAttribute('aria-describedby'),
    }));
    expect([`field-dots-${first!.id}`, `field-dots-${second!.id}`]).toContain(focused.id);
    expect(focused).toMatchObject({ invalid: 'true', describedBy: 'dots-left' });
    expect(await phone.locator('#dots-left').textContent()).toContain('These add up to 4, more than your 3.');
  });
});
