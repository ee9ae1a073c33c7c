/**
 * The feedback printed by the real Chromium (page.pdf, read back page by page with pdftotext): "Why earlier panels
 * chose these stories" and its one-line intro never end a page with their list on the next. Before, wherever the
 * section fell near a page's foot, page 1 ended with the heading and intro, the whole list on page 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDecision } from '../../server/rounds/decisions-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from './round-fixtures.ts';

const HEADING = 'Why earlier panels chose these stories';
const REASONS = 'Table 3 chose it because the whole street changed how it met on Tuesdays. '.repeat(3);
/** A4 less the 18 mm top and bottom margins of print.css, in CSS pixels: where page 1's content ends. */
const PAGE_HEIGHT = ((297 - 36) / 25.4) * 96;
/** A4 less the 16 mm side margins, in CSS pixels: the width Chromium lays the page out at when printing. */
const PAGE_WIDTH = Math.floor(((210 - 32) / 25.4) * 96);

describe.skipIf(pagesOnlyOnSqlite)('the feedback printed', () => {
  let h: BrowserHarness;
  let path: string;
  let email: string;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const { alliance, coordinator } = await makeAlliance(h.t.db, 'Print Feedback Alliance');
    email = coordinator.email;
    const inquiry = await makeInquiry(h.t.db, alliance, coordinator);
    const stories = [];
    for (let i = 1; i <= 3; i++)
      stories.push(
        await makeStory(h.t.db, inquiry, { title: `The street on Tuesdays ${i}`, storyteller: `Teller ${i}` }),
      );
    const table = await makeRound(h.t.db, alliance.id, inquiry.id, { stage: 'closed' });
    await addRoundStories(
      h.t.db,
      table.id,
      stories.map((s) => s.id),
    );
    const actor = { id: coordinator.id, name: coordinator.name };
    await recordDecision(h.t.db, actor, table, {
      domainId: stories[0]!.domain_id,
      outcome: 'chosen',
      chosen: stories.map((s) => ({ storyId: s.id, votes: 2 })),
      reasons: REASONS,
      criteria: '',
      dissent: '',
    });
    const board = await makeRound(h.t.db, alliance.id, inquiry.id, {
      name: 'Board round',
      panel: 'Alliance board',
      level: 2,
      stage: 'deciding',
      method: 'consensus',
    });
    await addRoundStories(
      h.t.db,
      board.id,
      stories.map((s) => s.id),
      'passed_up',
    );
    path = `/alliances/${alliance.id}/rounds/${board.id}/feedback`;
  });
  afterAll(() => h.close());

  it('keeps the heading and its intro on the page with the first story they head', async () => {
    const page = await h.page({ viewport: { width: PAGE_WIDTH, height: 900 } });
    await signIn(page, email);
    await page.goto(path);
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'print' });
    const heading = page.getByRole('heading', { name: HEADING });
    // The rules apply in print: heading and intro keep with what follows, and the first story stays whole.
    expect(
      await heading.evaluate((el) => {
        const intro = el.nextElementSibling!;
        const first = document.querySelector('.feedback__passed > li')!;
        return {
          heading: getComputedStyle(el).breakAfter,
          intro: [intro.tagName, getComputedStyle(intro).breakAfter],
          first: getComputedStyle(first).breakInside,
        };
      }),
    ).toEqual({ heading: 'avoid', intro: ['P', 'avoid'], first: 'avoid' });

    // Move the section down the page step by step with a spacer before it, so that it starts anywhere in the last
    // fifth of page 1, and print each time.
    const top = await heading.evaluate((el) => el.closest('section')!.getBoundingClientRect().top + window.scrollY);
    const dir = mkdtempSync(join(tmpdir(), 'hearth-feedback-'));
    const ends: string[] = [];
    for (let above = 10; above <= 200; above += 10) {
      const spacer = Math.round(PAGE_HEIGHT - above - top + PAGE_HEIGHT) % Math.round(PAGE_HEIGHT);
      await page.evaluate((height) => {
        document.getElementById('print-spacer')?.remove();
        const div = document.createElement('div');
        div.id = 'print-spacer';
        div.style.height = `${height}px`;
        document.querySelector('section[aria-labelledby="passed-up-title"]')!.before(div);
      }, spacer);
      const file = join(dir, `feedback-${above}.pdf`);
      writeFileSync(file, await page.pdf({ format: 'A4' }));
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
      for (let n = 1; n <= pages; n++) {
        const text = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' })
          .replace(/\s+/g, ' ')
          .trim();
        if (!text.includes(HEADING)) continue;
        // The first story under the heading, whole: its title and why the earlier panel chose it.
        const after = text.slice(text.indexOf(HEADING));
        if (!/The street on Tuesdays 1 Chosen by .* whole street changed .* Tuesdays\./.test(after))
          ends.push(`${above}px above the foot: page ${n} ends "${after.slice(-120)}"`);
      }
    }
    expect(ends).toEqual([]);
  });
});
