/**
 * In real Chromium, without JavaScript needed: a coordinator ticks "Include recordings and photos" on the export
 * page and downloads a zip holding the JSON and the recording; the printed paper form shows the recording uses;
 * a PDF scan opens from the story page. Every page passes axe.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeUpload } from '../../server/attachments/upload.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { scanPdf, wav } from '../attachments/fixtures.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

describe.skipIf(pagesOnlyOnSqlite)('exports with files, the paper form and PDF scans in the browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let inquiry: Inquiry;
  let story: Story;
  const recording = wav(2, 77);

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    inquiry = await makeInquiry(h.t.db, people.alliance, people.coordinator);
    story = await makeStory(h.t.db, inquiry, {
      title: 'The bus to the clinic',
      interviewer: people.interviewer,
      consent: { recording: true, hearing: true },
    });
    const limits = { maxBytes: 10_000_000, maxRecordingSeconds: 3600 };
    const target = { allianceId: story.alliance_id, storyId: story.id, actor: people.interviewer };
    for (const [kind, bytes] of [
      ['recording', recording],
      ['photo', await scanPdf()],
    ] as const) {
      const result = await storeUpload(h.t.db, Readable.from([bytes]), { ...target, kind }, limits);
      expect(result.ok).toBe(true);
    }
  });
  afterAll(() => h.close());

  it('downloads a zip with the JSON and the files from the export page', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, people.coordinator.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/export`);
    await expectNoAxeViolations(page);
    expect(await page.getByText('For your team: 2 files,').count()).toBe(1);
    await page.getByLabel('JSON (the whole inquiry)').check();
    await page.getByLabel('Include recordings and photos').check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const files = unzipSync(readFileSync((await download.path())!));
    const doc = JSON.parse(strFromU8(files['export.json']!)) as HearthExport;
    const listed = doc.stories[0]!.files!.map((f) => f.path);
    expect(listed).toEqual([`files/${story.code}/recording-1.wav`, `files/${story.code}/scan-1.pdf`]);
    expect(Buffer.from(files[listed[0]!]!).equals(recording)).toBe(true);
  }, 90_000);

  it('prints the recording uses on the paper form, and opens a PDF scan from the story page', async () => {
    const page = await h.page();
    await signIn(page, people.interviewer.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/paper`);
    await expectNoAxeViolations(page);
    expect(await page.getByText('Let panels hear the recording').count()).toBe(1);
    await page.goto(`/alliances/${people.alliance.id}/stories/${story.id}`);
    await expectNoAxeViolations(page);
    const link = page.getByRole('link', { name: 'Scan of the paper (PDF), 1 of 1' });
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(
      Buffer.from(await response.body())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  }, 90_000);
});
