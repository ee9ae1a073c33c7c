/**
 * Pattern charts on a phone (360 px wide): a chart keeps the size it is drawn at, so its row and column labels stay
 * readable; wider than the screen, it scrolls sideways in its own box, and the page itself never scrolls sideways. A box
 * is a tab stop only where it can scroll: a narrow table is not one.
 */
import type { Page } from 'playwright-core';
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

/** Each chart's labels' size on screen (px), whether its box scrolls sideways, and whether the page does. */
function measure(page: Page) {
  return page.evaluate(() => {
    const charts = [...document.querySelectorAll<SVGSVGElement>('svg.pattern-chart')].map((svg) => {
      const label = svg.querySelector<SVGTextElement>('.pattern-chart__label')!;
      const drawn = Number.parseFloat(getComputedStyle(label).fontSize);
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const box = svg.parentElement!;
      return { labelPx: drawn * scale, scrolls: box.scrollWidth > box.clientWidth };
    });
    const root = document.documentElement;
    return { charts, pageOverflow: root.scrollWidth - root.clientWidth };
  });
}

describe.skipIf(pagesOnlyOnSqlite)('pattern charts on a phone', () => {
  let h: BrowserHarness;
  let bed: ReportBed;
  beforeAll(async () => {
    h = await startBrowserHarness();
    bed = await reportBed(h.t);
  });
  afterAll(() => h.close());

  it('keep their labels readable, scrolling in their own box, never the page', async () => {
    const page = await h.page(PHONE);
    await signIn(page, email('facilitator'), DEMO_PASSWORD);
    for (const path of ['patterns', 'patterns/domain/length', 'patterns/question-10']) {
      await page.goto(`${bed.base}/${path}`);
      const { charts, pageOverflow } = await measure(page);
      expect(charts.length, path).toBeGreaterThan(0);
      for (const chart of charts) expect(chart.labelPx, path).toBeGreaterThanOrEqual(12);
      // At least one chart is wider than the phone: it scrolls in its box.
      expect(
        charts.some((c) => c.scrolls),
        path,
      ).toBe(true);
      expect(pageOverflow, path).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page);
    }
  });

  it('make a chart or table box a tab stop only where it scrolls sideways', async () => {
    const page = await h.page(PHONE);
    await signIn(page, email('facilitator'), DEMO_PASSWORD);
    const sliders = await page.request.get(`${bed.base}/patterns`).then((r) => r.text());
    const scatter = /href="[^"]*\/patterns\/(question-\d+\/question-\d+)"/.exec(sliders)![1]!;
    for (const path of ['patterns', 'patterns/length', `patterns/${scatter}`]) {
      await page.goto(`${bed.base}/${path}`);
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll('main .table-wrap, main .pattern-figure')].map((box) => ({
          name: box.querySelector('caption, svg title')?.textContent ?? box.tagName,
          stop: box.getAttribute('tabindex') === '0',
          scrolls: box.scrollWidth > box.clientWidth,
        })),
      );
      // Boxes left out of the tab order (the narrow tables) never scroll; some are left out on each page.
      expect(
        boxes.filter((b) => !b.stop && b.scrolls),
        path,
      ).toEqual([]);
      expect(boxes.filter((b) => !b.stop).length, path).toBeGreaterThan(0);
      // axe's scrollable-region-focusable: whatever scrolls can be reached by keyboard.
      await expectNoAxeViolations(page);
    }
  });
});
