/**
 * Issue 17's "Done when", in real Chromium with its fake microphone: an interviewer takes an inquiry into the
 * field, the network goes, the page is reloaded and still works, three interviews are recorded (one with audio
 * recorded in the page, one with two photos of the paper carrying GPS Exif), the browser is closed and opened
 * again on the same profile (still signed in), the network returns, and all three are stored exactly once with
 * their files; the recording plays on the story page (range requests), the photos come out without their
 * location; a withdrawn story's recording answers 404 and is in no backup taken afterwards. The same recorder fills
 * the file field of a story's "add a recording" page. Every page passes axe, with the queue holding files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import exifr from 'exifr';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backup } from '../../server/backup/backup.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { phoneJpeg } from '../attachments/fixtures.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  expectNoAxeViolations,
  hearthQuiet,
  noBrowser,
  PHONE,
  signIn,
  startBrowserHarness,
  step as stepOf,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeGuide } from '../helpers/interviews.ts';

const step = <T>(name: string, page: Page, run: () => Promise<T>) => stepOf(`field-day-${name}`, page, run);
const DOMAIN = "Changes in people's lives";
/** Chromium's fake microphone (a beep), granted without asking. */
const MICROPHONE = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

describe.skipIf(noBrowser)('a day in the field, with a recording and photos', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;
  let dir: string;
  let home: string;
  const contexts: BrowserContext[] = [];
  const photos: string[] = [];

  async function openPhone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: chromiumPath,
      args: [...CHROMIUM_ARGS, ...MICROPHONE],
      baseURL: h.baseUrl,
      ...PHONE,
    });
    contexts.push(context);
    context.on('weberror', (error) => problems.push(`script error: ${error.error().message}`));
    context.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  }
  const problems: string[] = [];
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  const stories = () =>
    h.t.db
      .selectFrom('stories')
      .select(['id', 'code', 'storyteller', 'device_id', 'status'])
      .where('inquiry_id', '=', guide.inquiry.id)
      .orderBy('code')
      .execute();
  const files = () =>
    h.t.db
      .selectFrom('attachments')
      .select(['id', 'story_id', 'kind', 'media_type', 'size', 'device_id', 'complete'])
      .orderBy('id')
      .execute();

  /** Fills the interview; `before` runs on the form (a recording, photos) before it is recorded on the phone. */
  async function record(page: Page, storyteller: string, before: () => Promise<void> = async () => {}) {
    await page.getByRole('link', { name: `Record an interview in the field — ${guide.inquiry.title}` }).click();
    await page.waitForURL(/\/field\/interview/);
    await page.getByLabel('Storyteller’s pseudonym or code').fill(storyteller);
    await page.getByLabel(DOMAIN).check();
    await page.getByLabel(/most significant change/).fill(`${storyteller}: the nurse and the housing officer met us.`);
    await page.getByLabel('Why is this significant to you?').fill('Because for once they talked.');
    await page.getByLabel('What title would you give your story?').fill(`${storyteller}’s door`);
    await page.getByLabel('Read by the panels that choose stories').check();
    await page.getByLabel('Spoken').check();
    await page.getByLabel('Date consent was given').fill('2026-11-01');
    await before();
    await page.getByRole('button', { name: 'Record the interview' }).click();
    await page.waitForURL((url) => url.pathname === home && url.hash === '#kept');
    await expect.poll(() => text(page, '.field-message')).toBe('The interview is kept on this device.');
  }

  /** Records a few seconds from the fake microphone with the page's recorder. */
  async function recordAudio(page: Page) {
    expect(await page.getByRole('button', { name: 'Stop recording' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => text(page, '.recorder__status')).toContain('Recording…');
    await expect.poll(() => text(page, '.recorder__time'), { timeout: 10_000 }).toBe('0:02');
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await expect.poll(() => text(page, '.recorder__status')).toMatch(/^Recorded: 0:0\d\. Listen to it below/);
    expect(await page.locator('.recorder__playback').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Stop recording' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Discard the recording' }).isVisible()).toBe(true);
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator, 'msc', 'Stories from the estate');
    dir = mkdtempSync(join(tmpdir(), 'hearth-field-day-'));
    home = `/alliances/${people.alliance.id}/field`;
    for (const [i, orientation] of [1, 3].entries()) {
      photos.push(join(dir, `paper-${i + 1}.jpg`));
      writeFileSync(photos[i]!, phoneJpeg(orientation));
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records three interviews offline, one with audio and one with photos, and each arrives once with its files', async () => {
    let { context, page } = await openPhone();

    await step('take', page, async () => {
      await signIn(page, people.interviewer.email);
      await page.goto(home);
      await page.getByRole('button', { name: `Take into the field — ${guide.inquiry.title}` }).click();
      await expect.poll(() => text(page, '.field-message'), { timeout: 30_000 }).toContain('Ready for the field');
    });

    const reached: string[] = [];
    const count = (request: IncomingMessage) => reached.push(`${request.method} ${request.url}`);
    await step('offline', page, async () => {
      await hearthQuiet(h.t.app.server);
      await context.setOffline(true);
      h.t.app.server.on('request', count);
      await page.reload();
      expect(await page.locator('h1').innerText()).toBe('In the field');
      await expect.poll(() => text(page, '.field-connection')).toContain('No connection');
    });

    await step('with audio', page, async () => {
      await record(page, 'Rose', async () => {
        // Before the storyteller agrees to keep a recording, the form says so and nothing is recorded.
        expect(await text(page, '.field-recording-consent')).toContain('has not agreed to keep a recording');
        await page.getByRole('button', { name: 'Record', exact: true }).click();
        await expect.poll(() => text(page, '.recorder__status')).toContain('has not agreed to keep a recording');
        await page.getByLabel('Keep the recording of the interview').check();
        expect(await page.locator('.field-recording-consent').isVisible()).toBe(false);
        await recordAudio(page);
        await expectNoAxeViolations(page);
      });
    });

    await step('with photos', page, async () => {
      await record(page, 'Amir', async () => {
        await page.getByLabel('Photos of the paper').setInputFiles(photos);
      });
      await record(page, 'Joan', async () => {
        await page.getByLabel('Keep the recording of the interview').check();
      });
      await expect.poll(() => text(page, '.field-count')).toBe('3 interviews waiting to send, 1 recording, 2 photos');
      await expect.poll(() => text(page, '.field-queue')).toMatch(/Storyteller: Amir[\s\S]*With 2 photos/);
      await expectNoAxeViolations(page);
      h.t.app.server.off('request', count);
      // All of it from the phone itself. (The browser's own check for a new service worker is not covered by
      // Chromium's offline emulation; on a phone with no signal it simply fails.)
      // Nor does the page's own question of who is signed in (no interview in it): Chromium 150, which tells a page
      // loaded offline that it is online, now and then lets that one through its emulated offline state too.
      expect(reached.filter((r) => r !== 'GET /field-sw.js' && !r.endsWith('/field/session.json'))).toEqual([]);
      expect(await stories()).toEqual([]);
    });

    await context.close();
    ({ context, page } = await openPhone());

    await step('reopened and sent', page, async () => {
      await context.setOffline(true);
      await page.goto(home);
      await expect.poll(() => text(page, '.field-count')).toBe('3 interviews waiting to send, 1 recording, 2 photos');
      await context.setOffline(false);
      // Still signed in after the browser was closed: everything goes by itself.
      await expect.poll(() => text(page, '.field-count'), { timeout: 30_000 }).toBe('Nothing waiting to send.');
      await expect.poll(() => text(page, '.field-sent')).toMatch(/with 1 recording/);
      expect(await text(page, '.field-sent')).toMatch(/with 2 photos/);
      await expectNoAxeViolations(page);
      // Uploads are never kept by the service worker.
      const cached = await page.evaluate(async () =>
        (await (await caches.open('hearth-field-v1')).keys()).map((r) => r.url),
      );
      expect(cached.filter((url) => url.includes('/field/stories/') || url.includes('/files/'))).toEqual([]);
    });

    const stored = await stories();
    expect(stored.map((s) => s.storyteller).sort()).toEqual(['Amir', 'Joan', 'Rose']);
    expect(new Set(stored.map((s) => s.device_id)).size).toBe(3);
    const byName = (name: string) => stored.find((s) => s.storyteller === name)!;
    const kept = await files();
    expect(kept.map((f) => [f.story_id, f.kind, f.complete])).toEqual([
      [byName('Rose').id, 'recording', 1],
      [byName('Amir').id, 'photo', 1],
      [byName('Amir').id, 'photo', 1],
    ]);
    expect(kept[0]!.media_type).toBe('audio/webm');
    expect(new Set(kept.map((f) => f.device_id)).size).toBe(3);

    // Send now again: nothing is stored twice.
    await page.getByRole('button', { name: 'Send now' }).click();
    expect((await stories()).length).toBe(3);
    expect((await files()).length).toBe(3);

    const rose = `/alliances/${people.alliance.id}/stories/${byName('Rose').id}`;
    let recording: Buffer;
    let src: string;
    await step('plays', page, async () => {
      await page.goto(rose);
      const audio = page.locator('audio.recording-player').first();
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0);
      await expectNoAxeViolations(page);
      src = (await page.locator('audio.recording-player source').getAttribute('src'))!;
      const part = await page.request.get(src, { headers: { range: 'bytes=0-99' } });
      expect(part.status()).toBe(206);
      expect(part.headers()['content-range']).toBe(`bytes 0-99/${kept[0]!.size}`);
      recording = Buffer.from(await (await page.request.get(src)).body());
      expect(recording.length).toBe(kept[0]!.size);
    });

    await step('photos without location', page, async () => {
      await page.goto(`/alliances/${people.alliance.id}/stories/${byName('Amir').id}`);
      const images = page.getByRole('img', { name: /Photo of the paper, \d of 2/ });
      expect(await images.count()).toBe(2);
      await expectNoAxeViolations(page);
      for (const img of await images.all()) {
        const bytes = Buffer.from(await (await page.request.get((await img.getAttribute('src'))!)).body());
        expect(await exifr.gps(bytes)).toBeUndefined();
      }
      expect(await exifr.gps(readFileSync(photos[0]!))).toBeDefined();
    });

    await step('withdrawn', page, async () => {
      await page.goto(`${rose}/withdraw`);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: /^Withdraw/ }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/withdraw'));
      expect((await page.request.get(src)).status()).toBe(404);
      const file = join(dir, 'after.backup');
      await backup(h.t.db, file);
      const lines = gunzipSync(readFileSync(file))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { table?: string; rows?: Record<string, unknown>[] });
      const rows = (table: string) => lines.filter((l) => l.table === table).flatMap((l) => l.rows ?? []);
      expect(rows('attachments').map((r) => r.story_id)).not.toContain(byName('Rose').id);
      expect(rows('attachments')).toHaveLength(2);
      // Not one stored chunk of the recording, under any row.
      const chunks = rows('attachment_chunks').map((r) => Buffer.from((r.data as { $bytes: string }).$bytes, 'base64'));
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) expect(recording.includes(chunk.subarray(0, 256))).toBe(false);
    });
  }, 180_000);
  afterEach(async () => {
    // The next test opens the same profile: only one browser may hold it.
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  it('the same recorder fills the file field of a story’s "add a recording" page', async () => {
    const { context, page } = await openPhone();
    const joan = (await stories()).find((s) => s.storyteller === 'Joan')!;
    const story = `/alliances/${people.alliance.id}/stories/${joan.id}`;
    await page.goto(story);
    await page.getByRole('link', { name: 'Add a recording' }).click();
    await expectNoAxeViolations(page);
    await recordAudio(page);
    expect(await page.getByLabel('Recording').evaluate((input: HTMLInputElement) => input.files?.length)).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Discard the recording' }).click();
    expect(await page.getByLabel('Recording').evaluate((input: HTMLInputElement) => input.files?.length)).toBe(0);
    await recordAudio(page);
    await page.getByRole('button', { name: 'Add the recording' }).click();
    await page.waitForURL((url) => url.pathname === story);
    expect(await page.getByText('The recording was added.').count()).toBe(1);
    const audio = page.locator('audio.recording-player').first();
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await context.close();
  }, 90_000);

  // Follows on from the phone of the first test.
  it('keeps a file whose upload was cut off, waits for sign-in to send it, and shows a refused one on its interview', async () => {
    const { context, page } = await openPhone(); // still signed in from the day above
    const fake = join(dir, 'notes.jpg');
    writeFileSync(fake, 'Typed notes, not a photo.\n'.repeat(40));
    // The signal drops whenever a file is on its way: the interview itself goes, its photos do not.
    await context.route('**/field/stories/**', (route) => route.abort('internetdisconnected'));
    await page.goto(home);
    await record(page, 'Lena', async () => {
      await page.getByLabel('Photos of the paper').setInputFiles([photos[0]!, fake]);
    });
    await expect.poll(() => text(page, '.field-count'), { timeout: 15_000 }).toBe('2 photos waiting to send');
    await expect
      .poll(() => text(page, '.field-sent'))
      .toMatch(/sent: MSC-\d+[\s\S]*Photo \(0\.1 MB\): waiting to send/);
    const lena = (await stories()).find((s) => s.storyteller === 'Lena')!;
    const lenasFiles = async () => (await files()).filter((f) => f.story_id === lena.id);
    expect(await lenasFiles()).toEqual([]);

    // Signed out meanwhile: the files wait and the page asks to sign in.
    // Signed out before the signal returns, so a retry on the phone's own timer cannot send them first.
    await context.clearCookies();
    await context.unroute('**/field/stories/**');
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => text(page, '.field-sent'), { timeout: 15_000 }).toContain('sign in to send');
    expect(await page.locator('.field-signin').isVisible()).toBe(true);
    expect(await text(page, '.field-count')).toBe('2 photos waiting to send');
    await expectNoAxeViolations(page);

    await page.locator('.field-signin__link').click();
    await page.getByLabel('Email address').fill(people.interviewer.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === home);
    await expect.poll(() => text(page, '.field-count'), { timeout: 15_000 }).toBe('Nothing waiting to send.');
    await expect
      .poll(() => text(page, '.field-sent'))
      .toContain('Photo (0.1 MB): not accepted: This file is not a JPEG or PNG image');
    expect(await text(page, '.field-sent')).toContain(`sent: ${lena.code} with 1 photo`);
    expect((await lenasFiles()).map((f) => f.kind)).toEqual(['photo']);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: `Remove it from this device — Photo, ${lena.code}` }).click();
    await expect.poll(() => text(page, '.field-message')).toBe('The file was removed from this device.');
    expect(await text(page, '.field-sent')).not.toContain('not accepted');
  }, 90_000);

  it('says plainly when the microphone is refused', async () => {
    const page = await h.page(PHONE); // no fake microphone and no permission: refused
    await page.context().addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await signIn(page, people.interviewer.email);
    const joan = (await stories()).find((s) => s.storyteller === 'Joan')!;
    await page.goto(`/alliances/${people.alliance.id}/stories/${joan.id}/recordings`);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => text(page, '.recorder__status')).toContain('The microphone was refused');
    await expectNoAxeViolations(page);
  }, 60_000);
});
