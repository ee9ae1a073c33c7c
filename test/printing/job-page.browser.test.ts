/**
 * The PDF job's page in a browser: the pack's "Download PDF" button leads to it; with JavaScript the page follows the
 * job by itself and offers the download when it is made; without, a link checks again. Both pass axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { packWorld, type PackWorld } from '../packs/pack-fixture.ts';

describe.skipIf(pagesOnlyOnSqlite)('the PDF job page without JavaScript', () => {
  let h: BrowserHarness;
  let w: PackWorld;
  beforeAll(async () => {
    h = await startBrowserHarness();
    w = await packWorld(h.t, 3);
  });
  afterAll(() => h.close());

  it('follows the job by itself with JavaScript, then offers the download', async () => {
    const page = await h.page();
    await signIn(page, w.people.facilitator.email);
    await page.goto(`/alliances/${w.alliance.id}/rounds/${w.round.id}/pack?paper=letter`);
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.waitForURL(/\/printing\/\d+$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('Step 1 of 4: waiting for a server');
    expect(await page.locator('progress').count()).toBe(1);
    await expectNoAxeViolations(page);

    expect(await h.t.app.printing.tick()).toBe(true);
    // No reload by the person: progress.js opens the page again once the job is done.
    const download = page.getByRole('link', { name: /^Download pack-open-event-round-letter\.pdf/ });
    await download.waitFor({ timeout: 15_000 });
    await expectNoAxeViolations(page);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('offers a link to check again without JavaScript', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, w.people.facilitator.email);
    await page.goto(`/alliances/${w.alliance.id}/rounds/${w.round.id}/pack?paper=a4`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.waitForURL(/\/printing\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('Step 1 of 4: waiting for a server');
    await expectNoAxeViolations(page);

    expect(await h.t.app.printing.tick()).toBe(true);
    await page.getByRole('link', { name: 'Check now' }).click();
    const download = page.getByRole('link', { name: /^Download pack-open-event-round-a4\.pdf/ });
    await download.waitFor();
    await expectNoAxeViolations(page);
  }, 120_000);
});
