/**
 * The field page in real Chromium whose own locale is American English, opened by interviewers who use Hearth in
 * Arabic, French and English: what waits on the phone is listed as the page's language lists (Arabic's "،"), the
 * sentence about an interview's files reads right for one file, and dates are written in the page's language as the
 * server writes them ("4 Dec 2026, 14:03" on the English page, not the browser's "Dec 4, 2026, 2:03 PM").
 */
import type { HelperOptions } from 'handlebars';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import date from '../../server/web/helpers/date.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeGuide } from '../helpers/interviews.ts';

const RECORDED_AT = '2026-12-04T14:03:00.000Z';
/** The date as the server writes it in a language, on the phone's clock (here UTC, which the server names). */
const serverDate = (lang: string) =>
  date(RECORDED_AT, { data: { lang }, hash: {} } as unknown as HelperOptions).replace(/ UTC$/, '');

describe.skipIf(pagesOnlyOnSqlite)('the field page speaks the page’s language, not the browser’s', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
    guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator, 'msc', 'Stories from the estate');
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The field page for an interviewer who uses Hearth in `language`, with one interview and its files waiting. */
  async function fieldPage(language: string, files: ('recording' | 'photo')[]): Promise<Page> {
    await h.t.db.updateTable('users').set({ language }).where('id', '=', people.interviewer.id).execute();
    const page = await h.page({ ...PHONE, locale: 'en-US', timezoneId: 'UTC' });
    // Hearth out of reach: what waits on the phone stays there while the page is read.
    await page.route('**/field/session.json', (route) => route.abort());
    await signIn(page, people.interviewer.email);
    await page.goto(`/alliances/${people.alliance.id}/field`);
    await page.locator('.field-device').waitFor();
    const interview = {
      deviceId: 'interview-1',
      allianceId: people.alliance.id,
      inquiryId: guide.inquiry.id,
      inquiryTitle: guide.inquiry.title,
      values: { storyteller: 'Lena' },
      recordedAt: RECORDED_AT,
      state: 'waiting',
    };
    const kept = files.map((kind, i) => ({
      deviceId: `file-${i}`,
      interviewId: 'interview-1',
      allianceId: people.alliance.id,
      kind,
      size: 100_000,
    }));
    // Kept as the interview form keeps them (a string, so the module is imported by the page, not by the test).
    await page.evaluate(`(async () => {
      const store = await import('/static/js/field/store.js');
      const files = ${JSON.stringify(kept)}.map((f) => ({ ...f, blob: new Blob(['x']), state: 'waiting' }));
      await store.keepInterviewWithFiles(${JSON.stringify(interview)}, files);
      window.dispatchEvent(new Event('offline')); // the page lists what waits again
    })()`);
    await expect.poll(() => page.locator('.field-files-count').count()).toBe(1);
    await expectNoAxeViolations(page);
    return page;
  }
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  it('in Arabic: lists with “،” and “و”, and writes the date in Arabic', async () => {
    const page = await fieldPage('ar', ['recording', 'photo', 'photo']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    expect(await text(page, '.field-count')).toBe('مقابلة واحدة بانتظار الإرسال، وتسجيل واحد، وصورتان');
    expect(await text(page, '.field-files-count')).toBe('على هذا الجهاز مع المقابلة: تسجيل واحد وصورتان.');
    expect(await text(page, '.field-queue')).toContain(`سُجّلت ${serverDate('ar')}`);
  }, 60_000);

  it('in French: one photo reads right', async () => {
    const page = await fieldPage('fr', ['photo']);
    expect(await text(page, '.field-count')).toBe('1 entretien en attente d’envoi et 1 photo');
    expect(await text(page, '.field-files-count')).toBe('Sur cet appareil avec l’entretien\u202f: 1 photo.');
    expect(await text(page, '.field-queue')).toContain(`enregistré ${serverDate('fr')}`);
  }, 60_000);

  it('in English: the date as the server writes it, not as the browser’s American locale would', async () => {
    const page = await fieldPage('en', ['recording']);
    expect(await text(page, '.field-queue')).toContain('recorded 4 Dec 2026, 14:03');
    expect(serverDate('en')).toBe('4 Dec 2026, 14:03');
    expect(await text(page, '.field-files-count')).toBe('With 1 recording, kept on this device.');
  }, 60_000);
});
