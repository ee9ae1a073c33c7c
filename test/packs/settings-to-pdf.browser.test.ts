/**
 * From the pack settings to what is printed, in real Chromium without JavaScript: one press on "Download PDF" opens
 * the PDF job's progress and then its download, and the PDF, the pack on screen and the links between them hold
 * exactly the settings chosen (stories, paper, copies, pattern cards). Every page passes axe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservation } from '../../server/observations/store.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

const SHORTER = 'Stories from the first domain are shorter than the rest.';
const LONGER = 'Since spring, stories about services working together run longer.';
const TITLE = 'Domain × Story length';
const dir = mkdtempSync(join(tmpdir(), 'hearth-pack-settings-'));

describe.skipIf(pagesOnlyOnSqlite)('from the pack settings to its PDF, without JavaScript', () => {
  let h: BrowserHarness;
  let w: PackWorld;
  let round: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    w = await packWorld(h.t, 4);
    round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
    // Two observations on the same pattern: their cards share a title.
    for (const text of [SHORTER, LONGER])
      await addObservation(h.t.db, w.people.facilitator, w.inquiry, {
        pattern: 'domain/length',
        filters: '',
        title: TITLE,
        text,
        interpretations: [],
      });
  });
  afterAll(() => h.close());

  /** The settings a coordinator chooses: one story, one of the two cards left out; US Letter; two copies. */
  async function chooseSettings(page: Page) {
    await page.goto(`${round}/pack/settings`);
    await expectNoAxeViolations(page);
    await page.getByLabel(w.printable[1]!.code).uncheck();
    await page.getByLabel(`${TITLE}: “${LONGER}”`).uncheck();
    await page.getByLabel('US Letter').check();
    await page.getByLabel('Copies').fill('2');
  }

  /** The first copy of the pack on screen holds the chosen stories and card, on US Letter, two copies. */
  async function expectChosenPack(page: Page) {
    expect(new URL(page.url()).pathname).toBe(`${round}/pack`);
    expect(await page.locator('.pack--letter').count()).toBe(1);
    expect(await page.locator('.pack-copy').count()).toBe(2);
    const first = page.locator('.pack-copy').first();
    const codes = await first.locator('.pack-story__code').allTextContents();
    expect(codes.map((c) => c.trim())).toEqual([w.printable[0]!.code, w.printable[2]!.code, w.printable[3]!.code]);
    expect(await first.locator('.pack-card').count()).toBe(1);
    expect(await first.locator('.pack-card').textContent()).toContain(SHORTER);
    await expectNoAxeViolations(page);
  }

  it('one press on "Download PDF" opens the job’s progress, then its download, printed as chosen', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, w.people.facilitator.email);
    await chooseSettings(page);
    await page.getByRole('button', { name: 'Download PDF' }).click();
    // The job's page at once: no second page asking to make the PDF.
    await page.waitForURL(/\/printing\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('Step 1 of 4: waiting for a server');
    await expectNoAxeViolations(page);

    expect(await h.t.app.printing.tick()).toBe(true);
    await page.getByRole('link', { name: 'Check now' }).click();
    const download = page.getByRole('link', { name: /^Download pack-open-event-round-letter\.pdf/ });
    await download.waitFor();
    await expectNoAxeViolations(page);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = join(dir, 'pack.pdf');
    writeFileSync(file, await pdf.body());
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const s of [w.printable[0]!, w.printable[2]!, w.printable[3]!]) expect(text).toContain(s.code);
    expect(text).not.toContain(w.printable[1]!.code);
    expect(text).toContain('COPY 2 OF 2');
    // The card kept, twice (one per copy); the one left out, never.
    expect(text.match(/A PATTERN TO TALK ABOUT/g)).toHaveLength(2);
    expect(text).toContain(SHORTER);
    expect(text).not.toContain(LONGER);

    // Back from the job to the pack it printed: the same settings.
    await page.getByRole('link', { name: 'Back to the page you printed' }).click();
    await expectChosenPack(page);
  }, 120_000);

  it('the pack, its links and an old PDF link all keep the settings chosen', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, w.people.facilitator.email);
    await chooseSettings(page);
    await page.getByRole('button', { name: 'Show the pack' }).click();
    await expectChosenPack(page);
    const packUrl = new URL(page.url());

    // Back to the settings: as they were chosen.
    await page.getByRole('link', { name: 'Change the stories, paper or copies' }).click();
    expect(await page.getByLabel(w.printable[1]!.code).isChecked()).toBe(false);
    expect(await page.getByLabel(w.printable[0]!.code).isChecked()).toBe(true);
    expect(await page.getByLabel(`${TITLE}: “${LONGER}”`).isChecked()).toBe(false);
    expect(await page.getByLabel(`${TITLE}: “${SHORTER}”`).isChecked()).toBe(true);
    expect(await page.getByLabel('US Letter').isChecked()).toBe(true);
    expect(await page.getByLabel('Copies').inputValue()).toBe('2');
    await expectNoAxeViolations(page);

    // A PDF address from before (…/pack.pdf?…): its page's print link opens the same pack.
    await page.goto(`${round}/pack.pdf${packUrl.search}`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Open the pack to print it from your browser' }).click();
    await expectChosenPack(page);
  }, 120_000);
});
