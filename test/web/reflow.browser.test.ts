/**
 * Issue 10, reflow (WCAG 1.4.10), resize (1.4.4) and target size (2.5.8), in real Chromium: each role's main pages on a
 * 360 × 740 phone, and a 1280 px screen at 200% zoom (a 640 CSS px viewport at device scale 2, the equivalent WCAG
 * uses). Nothing scrolls sideways (a wide table may, inside a labelled, focusable scroll region), no text is clipped,
 * every control is at least 24 × 24 px, and axe passes at that size.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Round } from '../../server/db/schema.ts';
import { DEMO_PASSWORD } from '../../server/demo/load.ts';
import { LANGUAGES } from '../../server/web/i18n.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { email, reportBed, type ReportBed } from '../reports/report-fixture.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

/**
 * On the phone, axe runs only the rules that depend on the layout (quicker), in every language: the narrowest window
 * is where long French and Spanish words break a page. At 200% zoom (640 CSS px), all the rules, in English and in
 * right-to-left Arabic: a page that fits 360 px in French fits 640 px too, and halving the languages there saves the
 * suite two minutes.
 */
const VIEWS: { name: string; options: BrowserContextOptions; fullAxe: boolean; languages: readonly string[] }[] = [
  { name: 'a 360 px wide phone', options: PHONE, fullAxe: false, languages: LANGUAGES },
  {
    name: 'a 1280 px screen at 200% zoom',
    options: { viewport: { width: 640, height: 512 }, deviceScaleFactor: 2 },
    fullAxe: true,
    languages: ['en', 'ar'],
  },
];

/** The axe rules whose outcome changes with the window's size. */
async function expectNoLayoutAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withRules(['scrollable-region-focusable', 'target-size', 'meta-viewport', 'meta-viewport-large'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id} on ${page.url()}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`),
  ).toEqual([]);
}

/** What breaks reflow on the page as it is now, in words: sideways scrolling, clipped text, small controls. */
function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth > width)
      problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in a ${width} px window`);
    const scrollers: Element[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const box = el.getBoundingClientRect();
      const tiny = box.width <= 2 || box.height <= 2; // visually hidden text for screen readers
      const wide = el.scrollWidth > el.clientWidth + 1;
      if (['auto', 'scroll'].includes(style.overflowX) && wide) {
        // Allowed only for a data table or a chart (WCAG 1.4.10 excepts both), in a region a keyboard user can reach
        // and a screen reader can name.
        const named = el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
        const implicit = ({ SECTION: 'region', FIGURE: 'figure' } as Record<string, string>)[el.tagName] ?? '';
        if (
          !el.querySelector('table, svg') ||
          el.getAttribute('tabindex') !== '0' ||
          !named ||
          !['region', 'group', 'figure'].includes(el.getAttribute('role') ?? implicit)
        )
          problems.push(`${name(el)} scrolls sideways but is not a labelled, focusable region around a table or chart`);
        scrollers.push(el);
        continue;
      }
      if (tiny || scrollers.some((s) => s.contains(el))) continue;
      const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
      if (clips && (el.textContent ?? '').trim() && (wide || el.scrollHeight > el.clientHeight + 1))
        problems.push(`${name(el)} clips its text`);
      if (box.right > width + 1 && box.width > 0)
        problems.push(`${name(el)} reaches past the right edge (${Math.round(box.right)} px of ${width})`);
    }
    // Charts drawn on the server: a label written over a bar cannot be read (in Arabic, SVG text anchors flip).
    for (const svg of document.querySelectorAll('svg')) {
      const bars = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect()).filter((b) => b.width > 2);
      for (const text of svg.querySelectorAll('text')) {
        const t = text.getBoundingClientRect();
        // By the text's middle line: a font's box (Noto Sans Arabic's is tall) may reach a bar its letters do not.
        const middle = (t.top + t.bottom) / 2;
        const over = bars.some(
          (b) => t.left < b.right - 2 && t.right > b.left + 2 && middle > b.top && middle < b.bottom,
        );
        if (over && (text.textContent ?? '').trim()) problems.push(`${name(text)} is written over a bar of its chart`);
      }
    }
    // Targets (2.5.8): axe checks links and buttons; here every form control too, a box or its label ≥ 24 × 24.
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, select, textarea, summary, input:not([type=hidden])',
    )) {
      const box = el.getBoundingClientRect();
      if ((box.width === 0 && box.height === 0) || box.right < 0) continue; // hidden, or off-screen on purpose (the bots' trap field)
      const input = el as HTMLInputElement;
      const label = input.labels?.[0]?.getBoundingClientRect();
      const big = (b?: DOMRect) => !!b && b.width >= 24 && b.height >= 24;
      if (!big(box) && !((input.type === 'checkbox' || input.type === 'radio') && big(label)))
        problems.push(`${name(el)} is only ${Math.round(box.width)} × ${Math.round(box.height)} px`);
    }
    return [...new Set(problems)];
  });
}

describe.skipIf(pagesOnlyOnSqlite)('pages reflow on a 360 px phone and at 200% zoom', () => {
  let h: BrowserHarness;
  let bed: ReportBed;
  let closed: Round;
  let live: Round;
  let readable: number;
  let tell = '';

  beforeAll(async () => {
    h = await startBrowserHarness();
    bed = await reportBed(h.t);
    const rounds = await h.t.db
      .selectFrom('rounds')
      .selectAll()
      .where('inquiry_id', '=', bed.inquiry.id)
      .where('stage', '=', 'closed')
      .orderBy('id')
      .execute();
    closed = rounds[0]!;
    const panelStories = bed.stories
      .filter((s) => s.consent_panels === 1 && s.status !== 'draft' && s.status !== 'withdrawn')
      .slice(0, 4);
    live = await makeRound(h.t.db, bed.demo.alliance.id, bed.inquiry.id, { name: 'Open event, table 3' });
    await addRoundStories(
      h.t.db,
      live.id,
      panelStories.map((s) => s.id),
    );
    readable = panelStories[0]!.id;
    await h.t.db
      .updateTable('inquiries')
      .set({ public_open: 1, public_token: 'reflow-public-link-token-0123456789' })
      .where('id', '=', bed.inquiry.id)
      .execute();
    tell = '/tell/reflow-public-link-token-0123456789';
  }, 60_000);
  afterAll(() => h?.close());

  /** Opens each path and checks it reflows and passes axe; every problem is listed at the end, by page. */
  async function checkAll(page: Page, paths: string[], fullAxe: boolean): Promise<void> {
    const found: string[] = [];
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      for (const problem of await reflowProblems(page)) found.push(`${path}: ${problem}`);
      await (fullAxe ? expectNoAxeViolations(page) : expectNoLayoutAxeViolations(page));
    }
    expect(found).toEqual([]);
  }

  it('the checks themselves catch a page that scrolls sideways, clips text or has a tiny control', async () => {
    const page = await h.page(PHONE);
    await page.setContent(
      '<meta name="viewport" content="width=device-width, initial-scale=1"><body><div style="width:900px">A wide banner</div><p style="width:60px;height:1.2em;overflow:hidden">Words that will not fit here</p><input type="checkbox" id="c"><div style="overflow-x:auto"><table><tr><td style="min-width:900px">wide</td></tr></table></div><svg width="200" height="60"><text x="0" y="12">Above its bar</text><rect x="0" y="20" width="200" height="30"/><text x="10" y="40">On its bar</text></svg></body>',
    );
    const problems = (await reflowProblems(page)).join('\n');
    expect(problems).toContain('the page scrolls sideways: 9');
    expect(problems).toContain('clips its text');
    expect(problems).toContain('input#c “” is only 13 × 13 px');
    expect(problems).toContain('scrolls sideways but is not a labelled, focusable region around a table');
    expect(problems).toContain('text “On its bar” is written over a bar of its chart');
    expect(problems).not.toContain('Above its bar');
  });

  for (const view of VIEWS) {
    // Every page of a coordinator's, in each language: long French words and right-to-left Arabic are what break.
    for (const language of view.languages) {
      it(`a coordinator's pages fit ${view.name} in ${language}${language === 'ar' ? ', right to left' : ''}`, async () => {
        await h.t.db.updateTable('users').set({ language }).where('email', '=', email('coordinator')).execute();
        try {
          const page = await h.page(view.options);
          await signIn(page, email('coordinator'), DEMO_PASSWORD);
          expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          const a = `/alliances/${bed.demo.alliance.id}`;
          const story = bed.stories.find((s) => s.status !== 'draft' && s.status !== 'withdrawn')!;
          const run = await h.t.db
            .selectFrom('analysis_runs')
            .select('id')
            .where('inquiry_id', '=', bed.inquiry.id)
            .executeTakeFirstOrThrow();
          // The demo's observation on a pattern.
          const observation = await h.t.db
            .selectFrom('observations')
            .select('id')
            .where('inquiry_id', '=', bed.inquiry.id)
            .executeTakeFirstOrThrow();
          const r = `${a}/rounds/${closed.id}`;
          await checkAll(
            page,
            [
              a,
              '/account',
              `${a}/inquiries`,
              bed.base,
              `${bed.base}/stories`,
              `${a}/stories/${story.id}`,
              `${bed.base}/interviews/new`,
              `${bed.base}/themes`,
              `${a}/themes/runs/${run.id}`,
              `${bed.base}/rounds`,
              r,
              `${r}/tallies`,
              `${r}/decide`,
              `${r}/feedback`,
              `${r}/pack/settings`,
              `${bed.base}/pack/settings`,
              `${bed.base}/report`,
              `${bed.base}/patterns`,
              `${bed.base}/patterns/domain/length`,
              `${bed.base}/observations`,
              `${bed.base}/observations/${observation.id}`,
              `${bed.base}/observations/new?pattern=selection%2Flength`,
              `${bed.base}/learning`,
              `${a}/members`,
            ],
            view.fullAxe,
          );
        } finally {
          await h.t.db.updateTable('users').set({ language: 'en' }).where('email', '=', email('coordinator')).execute();
        }
      }, 240_000); // about 40 s on two cores alone; room for a loaded machine
    }

    it(`a guest's phone pages and the public story form fit ${view.name}`, async () => {
      const page = await h.page(view.options);
      await checkAll(page, ['/join', tell], view.fullAxe);
      await page.goto('/join');
      await page.getByLabel('Round code').fill(live.join_code);
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(live.name);
      await checkAll(
        page,
        [
          `/rounds/${live.id}/take-part`,
          `/rounds/${live.id}/take-part/stories/${readable}`,
          `/rounds/${live.id}/take-part/vote`,
        ],
        view.fullAxe,
      );
    }, 120_000);
  }
});
