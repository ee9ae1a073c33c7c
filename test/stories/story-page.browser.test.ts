/**
 * A story page in real Chromium. On a phone, a teller's very long word (or a web address) breaks at the edge rather
 * than pushing the page sideways, and so do the teller's words wherever else they are shown or printed. On paper,
 * the page's controls are left out: no empty bullets where the suggestions' buttons were, no "Verify" or
 * "Tag a passage in this answer" links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/load.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { email, reportBed, type ReportBed } from '../reports/report-fixture.ts';

const LONG = 'Pneumonoultramicroscopicsilicovolcanoconiosisandthensome';
const ADDRESS = 'https://www.riverside-wellbeing-alliance.example.org/our-services/befriending-and-company';

/** Where a teller's words are shown elsewhere: reading pages, packs, read-aloud, reports and quotes. */
const ELSEWHERE = [
  'reading__words',
  'read-aloud__answer',
  'comment-list__quote',
  'pack-answer__words',
  'stage-answer__words',
  'stage-quote',
  'report-words',
  'report-answer__words',
  'report-quote',
  'theme-quote',
  'translation-sides__column',
];

describe.skipIf(pagesOnlyOnSqlite)('a story page', () => {
  let h: BrowserHarness;
  let bed: ReportBed;
  let path: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    bed = await reportBed(h.t);
    const story = bed.stories.find((s) => s.status !== 'draft' && s.status !== 'withdrawn')!;
    path = `/alliances/${bed.demo.alliance.id}/stories/${story.id}`;
    await h.t.db
      .updateTable('story_answers')
      .set({ value: `It was ${LONG}, they said; see ${ADDRESS} for more.` })
      .where('story_id', '=', story.id)
      .where('kind', '=', 'story')
      .execute();
  });
  afterAll(() => h.close());

  it('keeps a very long word inside a phone’s screen, here and wherever a teller’s words are shown', async () => {
    const page = await h.page(PHONE);
    await signIn(page, email('coordinator'), DEMO_PASSWORD);
    await page.goto(path);
    expect(await page.locator('blockquote.answer__words', { hasText: LONG }).count()).toBeGreaterThan(0);
    const root = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    expect(root[0]).toBeLessThanOrEqual(root[1]!);
    // The same stylesheet's rule for the other places a teller's words appear.
    const wraps = await page.evaluate((classes) => {
      return classes.map((name) => {
        const element = document.createElement('div');
        element.className = name;
        document.querySelector('main')!.append(element);
        const wrap = getComputedStyle(element).overflowWrap;
        element.remove();
        return [name, wrap];
      });
    }, ELSEWHERE);
    expect(wraps).toEqual(ELSEWHERE.map((name) => [name, 'anywhere']));
    await expectNoAxeViolations(page);
  });

  it('prints without its controls: no empty suggestion bullets, no Verify or tagging links', async () => {
    const page = await h.page();
    await signIn(page, email('coordinator'), DEMO_PASSWORD);
    // Suggestions come once the inquiry's index is built (the first visit may say they are being prepared).
    await expect
      .poll(async () => (await page.goto(path), page.locator('ul.suggestions li').count()), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    expect(await page.getByRole('link', { name: 'Verify' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Tag a passage in this answer' }).count()).toBeGreaterThan(0);

    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      bullets: [...document.querySelectorAll('ul.suggestions li')].filter((li) => li.checkVisibility()).length,
      controls: [...document.querySelectorAll('main a')]
        .filter((a) => a.checkVisibility())
        .map((a) => a.textContent!.trim())
        .filter((text) => /^(Verify|Tag a passage in this answer|Edit|Read back)/.test(text)),
      words: document.querySelector('blockquote.answer__words')!.checkVisibility(),
      suggestions: document.querySelector('#suggested-title')!.checkVisibility(),
    }));
    expect(shown).toEqual({ bullets: 0, controls: [], words: true, suggestions: true });
  });
});
