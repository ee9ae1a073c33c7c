/**
 * Issue 17 in real Chromium: an interviewer takes an inquiry into the field, the network goes (Chromium's offline
 * emulation), the page is reloaded and still works, two interviews are recorded, the browser is closed and opened
 * again on the same profile (so IndexedDB and the service worker survive), the network returns after the session
 * has ended ("sign in to send"), and after signing in both are stored exactly once and shown as "sent: MSC-…".
 * Before it keeps an interview, the phone refuses what Hearth would (nothing filled in, no consent, a date in the
 * future, hearing a recording that is not kept) with Hearth's messages by the fields, and keeps nothing until it is
 * put right. Also: an interview refused after the guide changed is corrected on the phone; a device nearly full says
 * so before recording; without JavaScript the pages are the ordinary ones. Every page opened passes axe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeItem } from '../../server/inquiries/guide-lists-store.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
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
import { makeGuide, questionOf } from '../helpers/interviews.ts';
import { translator } from '../../server/web/i18n.ts';

const step = <T>(name: string, page: Page, run: () => Promise<T>) => stepOf(`field-${name}`, page, run);
const DOMAIN = "Changes in people's lives";
const OTHER_DOMAIN = 'Changes in how services work together';

describe.skipIf(noBrowser)('interviews in the field, in a real browser', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;
  let profile: string;
  let home: string;
  const contexts: BrowserContext[] = [];

  /** The same phone each time: one profile on disk, so what the browser keeps survives closing it. */
  async function openPhone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      baseURL: h.baseUrl,
      ...PHONE,
    });
    contexts.push(context);
    watch(context);
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  }

  /** Script errors and Content-Security-Policy refusals on any page: there must be none. */
  const problems: string[] = [];
  function watch(context: BrowserContext) {
    context.on('weberror', (error) => problems.push(`script error: ${error.error().message}`));
    context.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
  }
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const stored = () =>
    h.t.db
      .selectFrom('stories')
      .select(['code', 'storyteller', 'device_id'])
      .where('inquiry_id', '=', guide.inquiry.id)
      .orderBy('code')
      .execute();
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  async function record(page: Page, storyteller: string, domain = DOMAIN) {
    await openForm(page);
    await fillIn(page, storyteller, domain);
    await keep(page);
  }
  async function openForm(page: Page) {
    await page.getByRole('link', { name: `Record an interview in the field — ${guide.inquiry.title}` }).click();
    await page.waitForURL(/\/field\/interview/);
  }
  /** Everything a recorded interview needs. */
  async function fillIn(page: Page, storyteller: string, domain = DOMAIN) {
    await page.getByLabel('Storyteller’s pseudonym or code').fill(storyteller);
    await page.getByLabel(domain).check();
    await page.getByLabel(/most significant change/).fill(`${storyteller}: the nurse and the housing officer met us.`);
    await page.getByLabel('Why is this significant to you?').fill('Because for once they talked.');
    await page.getByLabel('What title would you give your story?').fill(`${storyteller}’s door`);
    await page.getByLabel('Read by the panels that choose stories').check();
    await page.getByLabel('Spoken').check();
    await page.getByLabel('Date consent was given').fill('2026-11-01');
  }
  async function keep(page: Page) {
    await page.getByRole('button', { name: 'Record the interview' }).click();
    await page.waitForURL((url) => url.pathname === home && url.hash === '#kept');
    await expect.poll(() => text(page, '.field-message')).toBe('The interview is kept on this device.');
  }

  /** How many interviews the phone keeps (its IndexedDB store, which the field page sends from). */
  const keptOnPhone = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('hearth-field');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('interviews').objectStore('interviews').count();
            count.onsuccess = () => (open.result.close(), resolve(count.result));
            count.onerror = () => reject(count.error);
          };
        }),
    );

  /**
   * Offline, Record pressed on an empty form, then with dates in the future and hearing a recording not kept: each
   * time Hearth's own messages by the fields, focus on the summary, what was typed still there, nothing kept. Then
   * put right, it is kept.
   */
  async function refusedOnThePhone(page: Page, storyteller: string) {
    const t = translator('en');
    const errors = async () =>
      Object.fromEntries(
        await page
          .locator('[id$="-error"][data-field-error]')
          .evaluateAll((els) => els.map((e) => [e.id.replace(/^field-|-error$/g, ''), e.textContent!.trim()])),
      );
    const says = (key: string) => `${t('forms.errorPrefix')} ${t(key)}`;
    const [story, why, title] = ['story', 'why', 'title'].map((kind) => questionOf(guide, kind));
    const press = async (count: number) => {
      await page.getByRole('button', { name: 'Record the interview' }).click();
      await expect.poll(() => page.locator('.error-summary li').count()).toBe(count);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      expect(new URL(page.url()).pathname).toMatch(/\/field\/interview$/);
      expect(await keptOnPhone(page)).toBe(0);
    };

    await openForm(page);
    await press(7);
    expect(await errors()).toEqual({
      storyteller: says('stories.errors.storyteller'),
      domainId: says('stories.errors.domainRequired'),
      [story!]: says('stories.errors.required'),
      [why!]: says('stories.errors.required'),
      [title!]: says('stories.errors.required'),
      consentHow: says('stories.errors.consentHow'),
      consentOn: says('stories.errors.consentOn'),
    });
    expect(await text(page, '.error-summary')).toContain(t('stories.errors.domainRequired'));
    expect(await page.getByLabel('Storyteller’s pseudonym or code').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    // Past today's date wherever the phone is.
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Storyteller’s pseudonym or code').fill(storyteller);
    await page.getByLabel('Date the story was told').fill(future);
    await page.getByLabel('Date consent was given').fill(future);
    await page.getByLabel('Let panels hear the recording').check();
    await press(8);
    expect(await errors()).toEqual({
      toldOn: says('stories.errors.futureDate'),
      domainId: says('stories.errors.domainRequired'),
      [story!]: says('stories.errors.required'),
      [why!]: says('stories.errors.required'),
      [title!]: says('stories.errors.required'),
      consent: says('stories.errors.hearingNeedsRecording'),
      consentHow: says('stories.errors.consentHow'),
      consentOn: says('stories.errors.futureDate'),
    });
    expect(await page.getByLabel('Storyteller’s pseudonym or code').inputValue()).toBe(storyteller);
    expect(await page.getByLabel('Storyteller’s pseudonym or code').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Let panels hear the recording').isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await fillIn(page, storyteller);
    await page.getByLabel('Date the story was told').fill('2026-11-01');
    await page.getByLabel('Let panels hear the recording').uncheck();
    await keep(page);
    expect(await keptOnPhone(page)).toBe(1);
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator, 'msc', 'Stories from the estate');
    profile = mkdtempSync(join(tmpdir(), 'hearth-phone-'));
    home = `/alliances/${people.alliance.id}/field`;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await h?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('records two interviews offline, survives closing the browser, and sends each once when the network returns', async () => {
    let { context, page } = await openPhone();

    await step('take', page, async () => {
      await signIn(page, people.interviewer.email);
      await page.goto(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}`);
      await page.getByRole('link', { name: 'Interviews in the field' }).click();
      expect(await page.locator('h1').innerText()).toBe('In the field');
      await page.getByRole('button', { name: `Take into the field — ${guide.inquiry.title}` }).click();
      await expect.poll(() => text(page, '.field-message'), { timeout: 15_000 }).toContain('Ready for the field');
      await expect.poll(() => text(page, '.field-taken')).toContain(guide.inquiry.title);
      await expectNoAxeViolations(page);
    });

    await step('offline', page, async () => {
      await hearthQuiet(h.t.app.server);
      await context.setOffline(true);
      const reached: string[] = [];
      const count = (request: IncomingMessage) => reached.push(`${request.method} ${request.url}`);
      h.t.app.server.on('request', count);
      await page.reload();
      expect(await page.locator('h1').innerText()).toBe('In the field');
      await expect.poll(() => text(page, '.field-connection')).toContain('No connection');
      await refusedOnThePhone(page, 'Rose');
      await expect.poll(() => text(page, '.field-count')).toBe('1 interview waiting to send');
      await record(page, 'Amir');
      await expect.poll(() => text(page, '.field-count')).toBe('2 interviews waiting to send');
      await expect.poll(() => text(page, '.field-queue')).toMatch(/Storyteller: Rose[\s\S]*Waiting to send/);
      h.t.app.server.off('request', count);
      // Everything came from the phone itself: not one request reached Hearth while it was offline. The browser's
      // own check for a newer service worker script is left out: Chromium may send it past the emulated offline
      // state (seen once on a loaded machine), and a phone really offline would find nothing either way.
      // Nor does the page's own question of who is signed in (no interview in it): Chromium 150, which tells a page
      // loaded offline that it is online, now and then lets that one through its emulated offline state too.
      expect(reached.filter((r) => r !== 'GET /field-sw.js' && !r.endsWith('/field/session.json'))).toEqual([]);
      await expectNoAxeViolations(page);
      expect(await stored()).toEqual([]);
    });

    await context.close();
    ({ context, page } = await openPhone());

    await step('reopened', page, async () => {
      await context.setOffline(true);
      await page.goto(home);
      await expect.poll(() => text(page, '.field-count')).toBe('2 interviews waiting to send');
      // The session ended while the phone was away: the network returns, nothing is sent, nothing is lost.
      await context.clearCookies();
      await context.setOffline(false);
      await expect.poll(() => text(page, '.field-queue'), { timeout: 15_000 }).toContain('Sign in to send');
      expect(await page.locator('.field-signin').isVisible()).toBe(true);
      await expect.poll(() => text(page, '.field-count')).toBe('2 interviews waiting to send');
      await expectNoAxeViolations(page);
      expect(await stored()).toEqual([]);
    });

    await step('sent', page, async () => {
      await page.locator('.field-signin__link').click();
      await page.getByLabel('Email address').fill(people.interviewer.email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === home);
      await expect
        .poll(() => text(page, '.field-sent'), { timeout: 15_000 })
        .toMatch(/sent: MSC-\d{4}[\s\S]*sent: MSC-/);
      await expect.poll(() => text(page, '.field-count')).toBe('Nothing waiting to send.');
      await expectNoAxeViolations(page);
      const stories = await stored();
      expect(stories.map((s) => s.storyteller).sort()).toEqual(['Amir', 'Rose']);
      expect(new Set(stories.map((s) => s.device_id)).size).toBe(2);
      for (const s of stories) await expect.poll(() => text(page, '.field-sent')).toContain(`sent: ${s.code}`);
      // Send now again: nothing is sent twice.
      await page.getByRole('button', { name: 'Send now' }).click();
      expect(await stored()).toHaveLength(2);
    });
    await context.close();
  }, 120_000);

  it('shows a refusal on the interview, corrected on the phone and sent again', async () => {
    const { context, page } = await openPhone();
    // The sign-in of the test above outlives closing the browser (the cookie has a Max-Age): still signed in.
    await page.goto(home);
    expect(page.url()).toContain(home);
    expect(await page.locator('h1').innerText()).toBe('In the field');
    // Taking it again (it is already on this phone after the test above) brings the kept form up to date.
    await page.getByRole('button', { name: `Take into the field — ${guide.inquiry.title}` }).click();
    await expect.poll(() => text(page, '.field-message'), { timeout: 15_000 }).toContain('Ready for the field');
    await context.setOffline(true);
    await page.reload();
    await record(page, 'Joan', OTHER_DOMAIN);
    // While the phone is offline, the coordinator removes the domain it chose.
    await removeItem(h.t.db, people.coordinator, guide.inquiry, 'domains', guide.domains[1]!.id);
    await context.setOffline(false);
    await expect.poll(() => text(page, '.field-queue'), { timeout: 15_000 }).toContain('Not accepted');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Correct it — Storyteller: Joan' }).click();
    await expect.poll(() => page.locator('.error-summary').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('#field-domainId-error').innerText()).toMatch(/domain/i);
    // The form kept on the phone was brought up to date when the network returned: the removed domain is gone.
    expect(await page.getByLabel(OTHER_DOMAIN).count()).toBe(0);
    expect(await page.getByLabel('Storyteller’s pseudonym or code').inputValue()).toBe('Joan');
    await expectNoAxeViolations(page);
    await page.getByLabel(DOMAIN).check();
    await page.getByRole('button', { name: 'Record the interview' }).click();
    await page.waitForURL((url) => url.pathname === home);
    await expect
      .poll(async () => (await stored()).filter((s) => s.storyteller === 'Joan').length, { timeout: 15_000 })
      .toBe(1);
    const joan = (await stored()).find((s) => s.storyteller === 'Joan')!;
    await expect.poll(() => text(page, '.field-sent'), { timeout: 15_000 }).toContain(`sent: ${joan.code}`);
    await expect.poll(() => text(page, '.field-count')).toBe('Nothing waiting to send.');
    await context.close();
  }, 120_000);

  it('says the device is nearly full before recording', async () => {
    const page = await h.page(PHONE);
    watch(page.context());
    await page.addInitScript(() => {
      const estimate = async () => ({ usage: 990 * 1024 * 1024, quota: 1000 * 1024 * 1024 });
      Object.defineProperty(navigator.storage, 'estimate', { value: estimate });
    });
    await signIn(page, people.interviewer.email);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/field/interview`);
    await expect
      .poll(() => page.locator('.field-storage').innerText())
      .toBe(
        'This device is nearly full: about 10 MB left. Send the waiting interviews, or free some space, before recording.',
      );
    // Recording does not start without room for it.
    await page.getByLabel('Keep the recording of the interview').check();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect
      .poll(() => page.locator('.recorder__status').innerText())
      .toBe(
        'There is not enough room on this device to record: about 10 MB left. Send what is waiting, or free some space, first.',
      );
    expect(await page.getByRole('button', { name: 'Stop recording' }).isVisible()).toBe(false);
    await expectNoAxeViolations(page);
  }, 60_000);

  it('without JavaScript, the field page lists the ordinary forms and the form records online as usual', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await signIn(page, people.interviewer.email);
    await page.goto(home);
    expect(await page.locator('.field-script-note').innerText()).toContain('needs JavaScript');
    await expectNoAxeViolations(page);
    await page.goto(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/field/interview`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Storyteller’s pseudonym or code').fill('Lena');
    await page.getByLabel(DOMAIN).check();
    await page.getByLabel(/most significant change/).fill('The library opened late on Thursdays.');
    await page.getByLabel('Why is this significant to you?').fill('I can go after work.');
    await page.getByLabel('What title would you give your story?').fill('Thursdays');
    await page.getByLabel('Spoken').check();
    await page.getByLabel('Date consent was given').fill('2026-11-01');
    await page.getByRole('button', { name: 'Record the interview' }).click();
    expect(await page.locator('h1').innerText()).toBe('Thursdays');
    await expectNoAxeViolations(page);
    expect((await stored()).filter((s) => s.storyteller === 'Lena')).toHaveLength(1);
  }, 60_000);
});
