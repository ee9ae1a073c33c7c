/** The pack pages in real Chromium: a facilitator fits the pack to the time, and every page passes axe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso } from '../../server/db/time.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

describe.skipIf(pagesOnlyOnSqlite)('packs in the browser', () => {
  let h: BrowserHarness;
  let w: PackWorld;
  let round: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    w = await packWorld(h.t, 5);
    round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
    const decision = await h.t.db
      .insertInto('decisions')
      .values({
        round_id: w.round.id,
        domain_id: null,
        outcome: 'chosen',
        reasons: 'It made us think about the street.',
        criteria: '',
        dissent: '',
        recorded_by: null,
        decided_at: iso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.t.db
      .insertInto('selections')
      .values({ decision_id: decision.id, round_id: w.round.id, story_id: w.printable[0]!.id, votes: 4 })
      .execute();
  });
  afterAll(() => h.close());

  it('fits the pack to the time without JavaScript, then opens it; each page passes axe', async () => {
    const page = await h.page(); // the pages have no scripts: these are plain GET forms
    await signIn(page, w.people.facilitator.email);
    await page.goto(`${round}/pack/settings`);
    await expectNoAxeViolations(page);
    expect(await page.locator('.pack-total').textContent()).toContain('5 stories chosen');
    await page.getByLabel(w.printable[0]!.code).uncheck();
    await page.getByRole('button', { name: 'Update the total' }).click();
    expect(await page.locator('.pack-total').textContent()).toContain('4 stories chosen');
    await page.getByLabel('US Letter').check();
    await page.getByRole('button', { name: 'Show the pack' }).click();
    expect(new URL(page.url()).pathname).toBe(`${round}/pack`);
    expect(await page.locator('.pack-story').count()).toBe(4);
    expect(await page.locator('.pack--letter').count()).toBe(1);
    await expectNoAxeViolations(page);
  });

  it('read-aloud and exhibit screens pass axe, on a projector and a phone', async () => {
    for (const options of [{ viewport: { width: 1280, height: 720 } }, PHONE]) {
      const page = await h.page(options);
      await signIn(page, w.people.facilitator.email);
      await page.goto(`${round}/read-aloud/1`);
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: 'Next →' }).click();
      expect(new URL(page.url()).pathname).toBe(`${round}/read-aloud/2`);
      await page.goto(`${round}/exhibits/1`);
      expect(await page.getByText('It made us think about the street.').count()).toBe(1);
      await expectNoAxeViolations(page);
    }
  });
});
