/**
 * A draft transcript in real Chromium, with a stand-in speech-to-text command: with JavaScript, the interviewer
 * asks for a draft and the story page shows it by itself once made; without JavaScript, "Check again" shows it.
 * The draft is labelled as a machine's; the correction form refuses empty words by the field and keeps the
 * choice; saved words become the story's. Every page passes axe.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
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
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { wav } from '../attachments/fixtures.ts';

const LABEL = "Draft transcript made by a machine — read and correct it before it becomes the story's words";
const DRAFT = 'the food bank helped my family';
const dir = mkdtempSync(join(tmpdir(), 'hearth-browser-transcribe-'));
const command = join(dir, 'transcribe.sh');
writeFileSync(command, `#!/bin/sh\ntest -s "$1" && echo "${DRAFT}"\n`);
chmodSync(command, 0o755);

describe.skipIf(pagesOnlyOnSqlite)('a draft transcript in the browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let stories: Story[];
  const recording = join(dir, 'interview.wav');
  const path = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}`;

  beforeAll(async () => {
    h = await startBrowserHarness({ transcribeCommand: [command, '{file}'] });
    people = await makeAlliance(h.t.db);
    const inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    stories = [];
    for (const title of ['The food bank', 'The bus pass'])
      stories.push(
        await makeStory(h.t.db, inquiry, {
          title,
          words: 'We were hungry and nobody knew.',
          interviewer: people.interviewer,
          consent: { recording: true },
        }),
      );
    writeFileSync(recording, wav(3, 5));
  });
  afterAll(() => h.close());

  async function addRecording(page: Awaited<ReturnType<BrowserHarness['page']>>, story: Story) {
    await page.goto(`${path(story)}/recordings`);
    await axeUnlessChecked(page);
    await page.getByLabel('Recording').setInputFiles(recording);
    await page.getByRole('button', { name: 'Add the recording' }).click();
    await page.waitForURL((url) => url.pathname === path(story));
  }

  it('with JavaScript: asked for, shown by itself when ready, corrected into the story’s words', async () => {
    const page = await h.page();
    await signIn(page, people.interviewer.email);
    const story = stories[0]!;
    await step('ask for a draft', page, async () => {
      await addRecording(page, story);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Make a draft transcript' }).click();
      await page.waitForURL((url) => url.pathname === path(story));
      await expect.poll(() => page.locator('[data-transcript-status]').textContent()).toContain('Waiting to start');
      await expectNoAxeViolations(page);
    });
    await step('the draft appears without reloading by hand', page, async () => {
      expect(await h.t.app.transcripts.tick()).toBe(true);
      await expect.poll(() => page.locator('.draft-transcript').textContent(), { timeout: 10_000 }).toContain(DRAFT);
      expect(await page.getByText(LABEL).count()).toBe(1);
      await expect.poll(() => page.locator('.story__words').textContent()).not.toContain(DRAFT);
      await expectNoAxeViolations(page);
    });
    await step('empty words are refused by the field', page, async () => {
      await page.getByRole('link', { name: "Correct the draft and make it the story's words" }).click();
      await expect.poll(() => page.getByLabel("The story's words, corrected").inputValue()).toBe(DRAFT);
      expect(await page.getByText(LABEL).count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.getByLabel("The story's words, corrected").fill('  ');
      await page.getByRole('button', { name: "Save as the story's words" }).click();
      await expect.poll(() => page.locator('#field-words-error').textContent()).toContain('the box is empty');
      await expectNoAxeViolations(page);
    });
    await step('the corrected words become the story', page, async () => {
      const corrected = 'The food bank helped my family when we had nothing.';
      await page.getByLabel("The story's words, corrected").fill(corrected);
      await page.getByRole('button', { name: "Save as the story's words" }).click();
      await page.waitForURL((url) => url.pathname === path(story));
      await expect.poll(() => page.locator('.story__words').textContent()).toContain(corrected);
      expect(await page.getByText("Your corrected words are now the story's words.", { exact: false }).count()).toBe(1);
      await expectNoAxeViolations(page);
    });
  });

  it('without JavaScript: asked for, then shown after "Check again"', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, people.interviewer.email);
    const story = stories[1]!;
    await addRecording(page, story);
    await page.getByRole('button', { name: 'Make a draft transcript' }).click();
    await page.waitForURL((url) => url.pathname === path(story));
    expect(await page.locator('[data-transcript-status]').textContent()).toContain('Waiting to start');
    await expectNoAxeViolations(page);
    await h.t.app.transcripts.tick();
    await page.getByRole('link', { name: 'Check again' }).click();
    await expect.poll(() => page.locator('.draft-transcript').textContent()).toContain(DRAFT);
    expect(await page.getByText(LABEL).count()).toBe(1);
    await expectNoAxeViolations(page);
  });
});
