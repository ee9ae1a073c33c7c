/**
 * Issue 18's "done when", in real Chromium: a coordinator adds the questions the teller answers about their story
 * to an MSC inquiry and imports 60 stories from a CSV file; a facilitator opens the pattern views, follows a
 * contingency cell to exactly its stories, pins an observation with two readings, and prints a pack whose PDF has
 * the pattern card; the funder's report shows the observation. Every page passes axe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide, type Guide } from '../../server/inquiries/inquiries-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  noBrowser,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeGuide } from '../helpers/interviews.ts';

const ABOUT = 'Is this story mostly about a person, a service or a community?';
const SEEN = 'Stories about changes in people’s lives are mostly about a person, not a service.';
const FIRST = 'Tellers credit the one worker who stayed, not the service behind them.';
const SECOND = 'Interviewers asked about people first, so the service was never named.';

const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** 60 stories: in the first domain mostly about a person, in the second mostly about a service. */
function storiesCsv(guide: Guide): string {
  const prompt = (kind: string) => guide.questions.find((q) => q.kind === kind)!.prompt;
  const header = [
    prompt('title'),
    'Domain',
    'Date',
    'Storyteller',
    prompt('story'),
    prompt('why'),
    'How do you feel about this story?',
    ABOUT,
    'consent panels',
    'consent packs',
    'consent quotes',
    'consent funders',
  ];
  const [lives, services] = guide.domains;
  const rows = Array.from({ length: 60 }, (_, i) => {
    const inLives = i % 2 === 0;
    // Six of each domain's thirty answer otherwise.
    const about = inLives ? (i % 10 === 0 ? 'A service' : 'A person') : i % 10 === 1 ? 'A community' : 'A service';
    const words = inLives
      ? `My key worker number ${i} rang me every week after the move, and she stayed when others left.`
      : `The housing office and the clinic number ${i} finally shared one form, so nobody asked twice.`;
    return [
      `Story ${i + 1}`,
      (inLives ? lives : services)!.name,
      `2026-0${1 + (i % 6)}-1${i % 10}`,
      `Teller ${i + 1}`,
      `${words} It changed how the month went for us, and I can say so now.`,
      'Because someone listened.',
      String((i * 37) % 101),
      about,
      'yes',
      'yes',
      'yes',
      'yes',
    ];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

describe.skipIf(noBrowser)('from the teller’s own answers to the funder’s report', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let path: string;
  let dir: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db);
    const guide = await makeGuide(h.t.db, people.alliance.id, people.coordinator);
    path = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}`;
    dir = mkdtempSync(join(tmpdir(), 'hearth-patterns-'));
  });
  afterAll(() => h.close());

  it('adds the questions and imports 60 stories that answer them', async () => {
    const page = await h.page();
    await signIn(page, people.coordinator.email);
    await page.goto(path);
    await page.getByRole('button', { name: 'Add the ready set of questions about the story' }).click();
    await expect.poll(() => page.getByText(ABOUT).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    const guide = await loadGuide(h.t.db, await h.t.db.selectFrom('inquiries').selectAll().executeTakeFirstOrThrow());
    const file = join(dir, 'stories.csv');
    writeFileSync(file, storiesCsv(guide));
    await page.goto(`${path}/import`);
    await expectNoAxeViolations(page);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and choose columns' }).click();
    await expect.poll(() => page.getByText('stories.csv: 60 rows.').count()).toBe(1);
    // The file is kept in Hearth between the steps, at its own address, not carried back and forth in the page.
    expect(new URL(page.url()).pathname).toMatch(/\/import\/\d+$/);
    expect(await page.locator('input[type=hidden][name=csv]').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Check every row' }).click();
    await expect.poll(() => page.getByText('Every row is fine: 60 stories are ready to import.').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Import 60 stories' }).click();
    await expect.poll(async () => (await h.t.db.selectFrom('stories').select('id').execute()).length).toBe(60);
    const about = await h.t.db
      .selectFrom('story_answers')
      .select('value')
      .where('prompt', '=', ABOUT)
      .where('asked', 'is not', null)
      .execute();
    expect(about).toHaveLength(60);
  }, 120_000);

  it('follows a cell to its stories, pins an observation with two readings, and prints it on a pack', async () => {
    const page = await h.page();
    await signIn(page, people.facilitator.email);
    await page.goto(path);
    await page.getByRole('link', { name: 'Patterns', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Patterns across the stories');
    await expectNoAxeViolations(page);

    // Listed among the patterns worth a look first (the strongest here), and among all the pairs.
    await page
      .getByRole('link', { name: `Domain × ${ABOUT}` })
      .first()
      .click();
    const table = page.locator('#contingency');
    await expect.poll(() => table.count()).toBe(1);
    expect(await page.locator('#test').textContent()).toMatch(/Chi-square [0-9.]+ with 2 degrees of freedom, p [=<] /);
    await expectNoAxeViolations(page);
    // The first domain's stories about a person: 24 of its 30 (every fifth is about a service).
    const cell = table.getByRole('link', { name: /^Changes in people's lives and A person: 24 stories/ });
    expect(await cell.textContent()).toBe('24');
    await cell.click();
    expect(await page.locator('table.story-list tbody tr').count()).toBe(24);
    await expectNoAxeViolations(page);
    await page.goBack();

    await page.getByRole('link', { name: 'Pin this pattern' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('What do you see? (the observation)').fill(SEEN);
    await page.getByLabel('One reading').fill(FIRST);
    await page.getByLabel('Another reading').fill(SECOND);
    await page.getByRole('button', { name: 'Pin the pattern' }).click();
    await expect.poll(() => page.locator('.reading-card__text').allTextContents()).toEqual([FIRST, SECOND]);
    // Side by side: the two readings start on the same line.
    const [a, b] = await page
      .locator('.reading-card')
      .evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().top));
    expect(a).toBe(b);
    await expectNoAxeViolations(page);

    await page.goto(`${path}/pack`);
    const card = page.locator('.pack-card').first();
    await expect.poll(() => card.locator('h2').textContent()).toBe(`Domain × ${ABOUT}`);
    expect(await card.textContent()).toContain(SEEN);
    await expectNoAxeViolations(page);
    // The PDF is a job: its page reloads itself until the PDF is made, then offers the download.
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.waitForURL(/\/printing\/\d+$/);
    await h.t.app.printing.tick();
    const download = page.getByRole('link', { name: /^Download pack-/ });
    await download.waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(page);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = join(dir, 'pack.pdf');
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // The card's kind is set in capitals; the two readings sit side by side, so their lines interleave.
    for (const words of [
      'A PATTERN TO TALK ABOUT',
      `Domain × ${ABOUT}`,
      SEEN,
      'Tellers credit the one worker',
      'Interviewers asked about people first',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/Chi-square [0-9.]+ with 2 degrees of freedom, p < 0\.001/);
  }, 180_000);

  it('shows the observation and its readings on the report the funder reads', async () => {
    const page = await h.page();
    await signIn(page, people.reader.email);
    await page.goto(`/alliances/${people.alliance.id}/reports`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Report on Spring stories' }).click();
    const section = page.locator('section[aria-labelledby="report-observations"]');
    await expect.poll(() => section.locator('h2').textContent()).toBe('Patterns we noticed');
    const text = (await section.textContent())!.replace(/\s+/g, ' ');
    for (const words of [`Domain × ${ABOUT}`, SEEN, FIRST, SECOND]) expect(text).toContain(words);
    expect(await section.locator('a[href*="/stories"]').count()).toBe(0);
    await expectNoAxeViolations(page);
  }, 120_000);
});
