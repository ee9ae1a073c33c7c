/**
 * Recordings and photos in real Chromium: an interviewer attaches a recording through the plain file field (no
 * JavaScript needed), the story page plays it (the browser asks for byte ranges and gets 206), a text file called
 * .mp3 is refused with a message by the field, and a photo of the paper shows without its GPS details. Every page
 * passes axe.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  step,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeAlliance } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { phoneJpeg, wav } from './fixtures.ts';

describe.skipIf(pagesOnlyOnSqlite)('a recording and a photo in the browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let story: Story;
  let storyPath: string;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-browser-files-'));
  const files = {
    recording: join(dir, 'interview.wav'),
    fake: join(dir, 'notes.mp3'),
    photo: join(dir, 'paper-form.jpg'),
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    const inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    story = await makeStory(h.t.db, inquiry, {
      title: 'The allotment gate',
      interviewer: people.interviewer,
      consent: { recording: true, hearing: true },
    });
    storyPath = `/alliances/${people.alliance.id}/stories/${story.id}`;
    writeFileSync(files.recording, wav(4, 42));
    writeFileSync(files.fake, 'These are typed notes about the interview, not a recording.\n'.repeat(50));
    writeFileSync(files.photo, phoneJpeg(1));
  });
  afterAll(() => h.close());

  it('attaches a recording through the file field and plays it on the story page', async () => {
    const page = await h.page();
    await signIn(page, people.interviewer.email);
    await step('story page', page, async () => {
      await page.goto(storyPath);
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: 'Add a recording' }).click();
      await expectNoAxeViolations(page);
    });

    await step('a text file called .mp3', page, async () => {
      await page.getByLabel('Recording').setInputFiles(files.fake);
      await page.getByRole('button', { name: 'Add the recording' }).click();
      await expect.poll(() => page.locator('.field-error').textContent()).toContain('its contents are not audio');
      await expectNoAxeViolations(page);
    });

    const ranges: number[] = [];
    page.on('response', (response) => {
      if (/\/files\/\d+$/.test(new URL(response.url()).pathname)) ranges.push(response.status());
    });
    await step('the recording', page, async () => {
      await page.getByLabel('Recording').setInputFiles(files.recording);
      await page.getByRole('button', { name: 'Add the recording' }).click();
      await page.waitForURL((url) => url.pathname === storyPath);
      expect(await page.getByText('The recording was added.').count()).toBe(1);
      await expectNoAxeViolations(page);
    });

    await step('playing it', page, async () => {
      const audio = page.locator('audio.recording-player').first();
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await audio.evaluate((a: HTMLAudioElement) => Math.round(a.duration))).toBe(4);
      // Muted, so no user gesture is needed to start it here; the sound plays all the same.
      await audio.evaluate((a: HTMLAudioElement) => {
        a.muted = true;
        return a.play();
      });
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 })
        .toBeGreaterThan(0.5);
      // Seeking near the end is served from the middle of the file.
      await audio.evaluate((a: HTMLAudioElement) => {
        a.currentTime = 3.5;
      });
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(3.4);
      expect(ranges).toContain(206);
    });

    await step('listening while typing', page, async () => {
      await page.getByRole('link', { name: "Type or correct the story's words while listening" }).click();
      expect(await page.locator('.listen-beside audio').count()).toBe(1);
      await expectNoAxeViolations(page);
    });
  }, 120_000); // about 15 s alone; the limit leaves room for a busy two-core machine

  it('shows a photo of the paper without its location, on a phone', async () => {
    const page = await h.page(PHONE);
    await signIn(page, people.interviewer.email);
    await page.goto(storyPath);
    await page.getByRole('link', { name: 'Add a photo of the paper' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Photo or scan of the paper').setInputFiles(files.photo);
    await page.getByRole('button', { name: 'Add the photo' }).click();
    await page.waitForURL((url) => url.pathname === storyPath);
    const photo = page.getByRole('img', { name: 'Photo of the paper, 1 of 1' });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);
    await expectNoAxeViolations(page);
    const src = await photo.getAttribute('src');
    const bytes = Buffer.from(await (await page.request.get(src!)).body());
    expect(await exifr.gps(bytes)).toBeUndefined();
    expect(await exifr.gps(phoneJpeg(1))).toBeDefined();
  }, 90_000);
});
