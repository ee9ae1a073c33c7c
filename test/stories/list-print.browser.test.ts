/**
 * The story list on paper, printed by the real Chromium: rows flow from the first page on, a few to a page. Before,
 * the results' section was kept whole (so it started on a second page) and a narrow title column made each row half
 * a page tall: 22 stories took 19 pages, most of them holding one row.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../server/db/schema.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeAlliance } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const STORIES = 20;
const words = (i: number) =>
  `Story ${i}: ` +
  'Every Tuesday I went to the food bank by the station, and one of the volunteers sat with me over a cup of tea. '.repeat(
    4,
  );

describe.skipIf(pagesOnlyOnSqlite)('the story list printed', () => {
  let h: BrowserHarness;
  let coordinator: User;
  let list: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const made = await makeAlliance(h.t.db, 'Print List Alliance');
    coordinator = made.coordinator;
    const inquiry = await makeInquiry(h.t.db, made.alliance, coordinator);
    list = `/alliances/${made.alliance.id}/inquiries/${inquiry.id}/stories`;
    for (let i = 1; i <= STORIES; i++) await makeStory(h.t.db, inquiry, { title: `Tuesdays ${i}`, words: words(i) });
  });
  afterAll(() => h.close());

  it('prints rows from the first page, several to a page', async () => {
    const page = await h.page();
    await signIn(page, coordinator.email);
    await page.goto(`${list}?q=food`);
    await expectNoAxeViolations(page);
    const file = join(mkdtempSync(join(tmpdir(), 'hearth-list-')), 'list.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4' }));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    expect(first).toContain('Tuesdays');
    // Each row about a quarter of a page now (6 pages for 20 stories when written); one a page before.
    expect(pages).toBeLessThanOrEqual(STORIES / 2);
  });
});
