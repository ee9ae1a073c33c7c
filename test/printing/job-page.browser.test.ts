/**
 * The PDF job's page in a browser: the pack's "Download PDF" button leads to it; with JavaScript the page follows the
 * job by itself and offers the download when it is made; without, a link checks again. Both pass axe. A share link's
 * PDF goes the same way for someone without an account.
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
import { reportBed, signInAs } from '../reports/report-fixture.ts';

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

describe.skipIf(pagesOnlyOnSqlite)('a share link’s PDF in a browser, without an account', () => {
  let h: BrowserHarness;
  let token: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const bed = await reportBed(h.t);
    const coordinator = await signInAs(h.t, 'coordinator');
    const res = await coordinator.submit(`${bed.base}/report/share`, `${bed.base}/report/share`, {
      label: 'Board',
      days: '7',
    });
    token = /\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)![1]!;
  });
  afterAll(() => h.close());

  it('asks for it, follows the job by itself and downloads it (with JavaScript)', async () => {
    const page = await h.page();
    await page.goto(`/shared/${token}`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Download as PDF' }).click();
    await page.waitForURL(new RegExp(`/shared/${token}/pdf/\\d+$`));
    expect(await page.locator('main').textContent()).toContain('Anyone with this link can see it');
    expect(await page.getByRole('link', { name: 'Sign out' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    expect(await h.t.app.printing.tick()).toBe(true);
    const download = page.getByRole('link', { name: /^Download changes-that-mattered-.*\.pdf/ });
    await download.waitFor({ timeout: 15_000 });
    await expectNoAxeViolations(page);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('link', { name: 'Back to the page you printed' }).click();
    expect(new URL(page.url()).pathname).toBe(`/shared/${token}`);
  }, 120_000);

  it('gives the next person the same PDF at once, without JavaScript, while the report is unchanged', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await page.goto(`/shared/${token}`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Download as PDF' }).click();
    await page.waitForURL(new RegExp(`/shared/${token}/pdf/\\d+$`));
    await page.getByRole('link', { name: /^Download changes-that-mattered-.*\.pdf/ }).waitFor();
    await expectNoAxeViolations(page);
    expect(await h.t.app.printing.tick()).toBe(false); // nothing more was queued
  }, 120_000);
});
