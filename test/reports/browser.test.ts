/** The report and the shared report in real Chromium: both pass axe, on a desktop and on a phone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/load.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { email, reportBed, type ReportBed } from './report-fixture.ts';

describe.skipIf(pagesOnlyOnSqlite)('the report in the browser', () => {
  let h: BrowserHarness;
  let bed: ReportBed;
  beforeAll(async () => {
    h = await startBrowserHarness();
    bed = await reportBed(h.t);
  });
  afterAll(() => h.close());

  it('reads the staff report, switches to what funders see, makes a share link that opens without an account; all pass axe', async () => {
    const page = await h.page();
    await signIn(page, email('coordinator'), DEMO_PASSWORD);
    await page.goto(`${bed.base}/report`);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(4);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'See what funders see' }).first().click();
    expect(await page.getByText('You are seeing what funders see.').count()).toBe(1);
    await page.getByRole('link', { name: 'Share with funders' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Who it is for').fill('Community Foundation board');
    await page.getByRole('button', { name: 'Make a share link' }).click();
    const link = await page.getByLabel('Share link', { exact: true }).inputValue();
    await expectNoAxeViolations(page);

    const funder = await h.page(PHONE);
    await funder.goto(link);
    expect(await funder.getByRole('heading', { level: 1 }).textContent()).toBe(bed.inquiry.title);
    await funder.getByText('The numbers as a table').first().click();
    await expectNoAxeViolations(funder);
  });
});
