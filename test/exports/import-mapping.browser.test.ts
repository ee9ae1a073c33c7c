/**
 * In real Chromium: the CSV import's column-matching table fits a 320 px wide phone and a 360 px one. Nothing
 * scrolls sideways, not even inside the table's box; every column's name, the first row's example and the choice
 * for it stay on screen, wrapping rather than cut off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { signedIn } from '../helpers/agent.ts';
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

/** What sticks out of the 320 px page, or out of the table's own box, or is cut off: in words. */
function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth} px wide`);
    const wrap = document.querySelector('.table-wrap')!;
    if (wrap.scrollWidth > wrap.clientWidth + 1) found.push(`the table is ${wrap.scrollWidth} px wide`);
    for (const el of document.querySelectorAll<HTMLElement>(
      '.import-mapping th, .import-mapping td, .import-mapping select',
    )) {
      // Column headings hidden for screen readers (the narrow layout labels each example instead) are 1 px wide.
      if ((el.closest('thead')?.getBoundingClientRect().width ?? 99) <= 2) continue;
      const box = el.getBoundingClientRect();
      if (box.right > root.clientWidth + 1 || box.left < -1)
        found.push(`“${(el.textContent ?? '').trim().slice(0, 30)}” reaches ${Math.round(box.right)} px`);
      if (el.tagName !== 'SELECT' && el.scrollWidth > el.clientWidth + 1)
        found.push(`“${(el.textContent ?? '').trim().slice(0, 30)}” is cut off`);
    }
    return found;
  });
}

describe.skipIf(pagesOnlyOnSqlite)('the column-matching table on a narrow screen', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let inquiry: Inquiry;
  let csv = '';

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    const source = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    await makeStory(h.t.db, source, {
      title: 'A long first story',
      words: `Photos at https://example.org/a-very-long-address-with-no-spaces-in-it-at-all/${'x'.repeat(60)} and more words after it, more than fit.`,
    });
    inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    const agent = await signedIn(h.t.app, people.coordinator.email);
    csv = (await agent.get(`/alliances/${people.alliance.id}/inquiries/${source.id}/export/download?format=csv`)).body;
  });
  afterAll(() => h.close());

  for (const width of [320, 360]) {
    it(`fits ${width} px, wrapping long column names and examples`, async () => {
      const page = await h.page({ ...PHONE, viewport: { width, height: 740 } });
      await signIn(page, people.coordinator.email);
      await page.goto(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/import`);
      await expectNoAxeViolations(page);
      await page.getByLabel('CSV file').setInputFiles({
        name: 'export.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByRole('button', { name: 'Upload and choose columns' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Which column is what');
      await expectNoAxeViolations(page);
      expect(await overflows(page)).toEqual([]);
      // Still all there: the column's whole name, the example, and its choice.
      const row = (name: string) =>
        page.locator('.import-mapping tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      const why = row('Why is this significant to you?');
      expect(await why.locator('td').first().textContent()).toBe('Because it mattered to me.');
      expect(await why.getByRole('combobox').inputValue()).toMatch(/^q\d+$/);
      const words = row(
        'Looking back over the last six months, what do you think was the most significant change in the domain chosen?',
      );
      expect(await words.locator('td').first().textContent()).toContain('https://example.org/a-very-long-address');
    }, 90_000);
  }
});
