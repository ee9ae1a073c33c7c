/**
 * The PDF job's page in a browser with JavaScript off: the pack's "Download PDF" button leads to it, it reloads
 * itself every 2 s while the PDF is made (or stops, when asked, and passes axe), then offers the download.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  noBrowser,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { packWorld, type PackWorld } from '../packs/pack-fixture.ts';

describe.skipIf(noBrowser)('the PDF job page without JavaScript', () => {
  let h: BrowserHarness;
  let w: PackWorld;
  beforeAll(async () => {
    h = await startBrowserHarness();
    w = await packWorld(h.t, 3);
  });
  afterAll(() => h.close());

  it('reloads itself until the PDF is made, then offers the download', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, w.people.facilitator.email);
    await page.goto(`/alliances/${w.alliance.id}/rounds/${w.round.id}/pack?paper=letter`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.waitForURL(/\/printing\/\d+$/);
    const job = new URL(page.url()).pathname;
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('2');
    await expect.poll(() => page.locator('main').textContent()).toContain('Step 1 of 4: waiting for a server');

    // Whoever finds the page changing by itself can stop it: that page reloads only when asked.
    await page.getByRole('link', { name: 'Stop checking by itself' }).click();
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.goto(job);
    expect(await h.t.app.printing.tick()).toBe(true);
    const download = page.getByRole('link', { name: /^Download pack-open-event-round-letter\.pdf/ });
    await download.waitFor({ timeout: 10_000 }); // the page's own reload, with no script
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await expectNoAxeViolations(page);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
