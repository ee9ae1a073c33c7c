/**
 * In real Chromium with JavaScript off: a coordinator adds the ready set of questions about the story with one
 * button, an interviewer tells a story answering the sliders (a radio scale between two ends) and the choices,
 * and the story page shows how the storyteller sees their story. Every page passes axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeUnlessChecked,
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  step,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeAlliance } from '../helpers/app.ts';
import { makeGuide, STORY_WORDS, TITLE_WORDS, WHY_WORDS } from '../helpers/interviews.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';

describe.skipIf(pagesOnlyOnSqlite)('questions about the story, in the browser without JavaScript', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;
  let path: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator);
    path = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}`;
  });
  afterAll(() => h.close());

  it('adds the ready set, asks it on the interview form, and shows the answers with the story', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, people.coordinator.email);

    await step('ready-set', page, async () => {
      await page.goto(path);
      await axeUnlessChecked(page);
      await page.getByRole('button', { name: 'Add the ready set of questions about the story' }).click();
      await page.waitForURL((url) => url.pathname === path);
      await expect.poll(() => page.getByText('Very bad ↔ Very good').count()).toBe(1);
      await expectNoAxeViolations(page);
    });

    await step('interview', page, async () => {
      await page.goto(`${path}/interviews/new`);
      await expectNoAxeViolations(page);
      const feel = page.getByRole('group', { name: 'How do you feel about this story?' });
      // Each end is named in words for a screen reader, with the numbers between.
      await feel.getByRole('radio', { name: '70', exact: true }).check();
      await expect.poll(() => feel.getByRole('radio', { name: '0 (Very bad)' }).count()).toBe(1);
      await page
        .getByRole('group', { name: 'How much did this change things?' })
        .getByRole('radio', { name: 'Does not apply' })
        .check();
      await page.getByRole('group', { name: 'Who should hear this story?' }).getByLabel('Managers').check();
      await page.getByRole('group', { name: 'Who should hear this story?' }).getByLabel('Everyone').check();
      await page.getByLabel('A community').check();
      await page.locator('[name=storyteller]').fill('Rose T.');
      await page.getByLabel("Changes in people's lives").check();
      const text = (q: string) => page.locator(`[name=q${guide.questions.find((x) => x.kind === q)!.id}]`);
      await text('story').fill(STORY_WORDS);
      await text('why').fill(WHY_WORDS);
      await text('title').fill(TITLE_WORDS);
      await page.locator('[name=consent][value=panels]').check();
      await page.locator('[name=consentHow][value=spoken]').check();
      await page.locator('[name=consentOn]').fill('2026-11-01');
      await page.getByRole('button', { name: 'Record the story' }).click();
      await page.waitForURL(
        (url) => !url.pathname.endsWith('/interviews/new') && !url.pathname.endsWith('/interviews'),
      );
      await axeUnlessChecked(page);
    });

    await step('story page', page, async () => {
      const story = await h.t.db.selectFrom('stories').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      await page.goto(`/alliances/${people.alliance.id}/stories/${story.id}`);
      await axeUnlessChecked(page);
      const seen = page.getByRole('region', { name: 'How the storyteller sees their story' });
      const text = await seen.innerText();
      expect(text).toContain('70 of 100, between “Very bad” and “Very good”');
      expect(text).toContain('Does not apply');
      expect(text).toContain('Managers; Everyone');
      expect(text).toContain('A community');
    });
  });
});
