/**
 * Pattern views in real Chromium: a facilitator opens Patterns from the inquiry page, reads the overview and a
 * contingency table (both pass axe), and follows a cell to exactly the stories behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/load.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { email, reportBed, type ReportBed } from '../reports/report-fixture.ts';

describe.skipIf(pagesOnlyOnSqlite)('patterns in the browser', () => {
  let h: BrowserHarness;
  let bed: ReportBed;
  beforeAll(async () => {
    h = await startBrowserHarness();
    bed = await reportBed(h.t);
  });
  afterAll(() => h.close());

  it('goes from the inquiry to its patterns, to a contingency cell, to exactly its stories; each page passes axe', async () => {
    const page = await h.page();
    await signIn(page, email('facilitator'), DEMO_PASSWORD);
    await page.goto(bed.base);
    await page.getByRole('link', { name: 'Patterns', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Patterns across the stories');
    expect(await page.locator('svg.pattern-chart').count()).toBeGreaterThan(4);
    await expectNoAxeViolations(page);

    // Every pair is listed after the charts, folded away: open the list, then the pair.
    await page.locator('summary', { hasText: /^Show all \d+ pairs of questions$/ }).click();
    await page.getByRole('link', { name: 'Domain × Story length' }).click();
    const table = page.locator('#contingency');
    await expect.poll(() => table.count()).toBe(1);
    expect(await page.locator('#test').textContent()).toMatch(/Chi-square [0-9.]+ with 2 degrees of freedom/);
    await expectNoAxeViolations(page);

    // The cell of the first domain and medium-length stories, in the table (the same link as its square); lengths
    // come in their own order (short, medium, long), so medium is found by its heading.
    const heads = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    const medium = heads.findIndex((h) => h.startsWith('Medium')) - 1;
    expect(medium).toBeGreaterThanOrEqual(0);
    const row = table.locator('tbody tr').first();
    const domainName = (await row.locator('th').textContent())!.trim();
    const cell = row.locator('td').nth(medium).locator('a');
    const shown = Number(await cell.textContent());
    expect(shown).toBeGreaterThan(2);
    await cell.click();
    expect(await page.locator('#story-count').textContent()).toContain(`of ${shown} stories`);
    expect(await page.locator('table.story-list tbody tr').count()).toBe(shown);
    // Every story listed is of that domain.
    expect(await page.locator('table.story-list tbody tr td:nth-child(3)').allTextContents()).toEqual(
      Array.from({ length: shown }, () => domainName),
    );
    await expectNoAxeViolations(page);
  });
});
