/**
 * Meta-monitoring on the demo inquiry's report (MSC step 9): beside who told the stories, what kinds of stories
 * were told, read and chosen: by the tellers' own answers about their stories (a slider in thirds named by its
 * ends), by length and by language. Small groups are counts only; a withdrawn story leaves every count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateQuestion } from '../../server/inquiries/guide-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { email, reportBed, signInAs, type ReportBed } from './report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
});
afterAll(() => t.close());

const page = async (query = '') => {
  const res = await coordinator.get(`${bed.base}/report${query}`);
  expect(res.statusCode).toBe(200);
  return res.body;
};

/** The meta-monitoring table whose caption ends with this label, as rows of cell texts (the header row first). */
function table(html: string, label: string): string[][] {
  const found = [...html.matchAll(/<table class="report-table">([\s\S]*?)<\/table>/g)]
    .map((m) => m[1]!)
    .find((body) => visibleText(/<caption>([\s\S]*?)<\/caption>/.exec(body)?.[1] ?? '').includes(`: ${label}`));
  if (!found) throw new Error(`no table for ${label}`);
  return [...found.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1]!)),
  );
}
const told = (rows: string[][], group: string) => rows.find((r) => r[0] === group)?.[1];

describe('what kinds of stories reach each level', () => {
  it('shows a table for each question about the teller’s own story: a slider in thirds named by its ends', async () => {
    const html = await page();
    const text = visibleText(html);
    expect(text).toContain('What kinds of stories were told');
    expect(text).toContain('MSC practitioners warn that panels lean toward long, fluent, success stories');
    const feel = table(html, 'How do you feel about this story?');
    expect(feel[0]).toEqual([
      'How do you feel about this story?',
      'Told',
      'Read by a panel',
      'Chosen at level 1',
      'Chosen at level 2',
    ]);
    expect(feel.slice(1).map((r) => r[0])).toEqual([
      'Low third, toward ‘Very bad’ (0–33)',
      'Middle third (34–66)',
      'High third, toward ‘Very good’ (67–100)',
      'Does not apply, or not answered',
    ]);
    const when = table(html, 'How long ago did this happen?');
    expect(when.slice(1, 5).map((r) => r[0])).toEqual([
      'In the last month',
      'One to six months ago',
      'Six months to a year ago',
      'More than a year ago',
    ]);
    expect(visibleText(html)).toContain(
      'Who should hear this story? A story can count under several answers, so the shares add up to more than 100%.',
    );
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('shows a table by story length and by language, counting every story told in the period', async () => {
    const html = await page();
    const told27 = /(\d+) stories in all/.exec(visibleText(html))?.[1];
    const length = table(html, 'Story length');
    expect(length.slice(1).map((r) => r[0])).toEqual([
      'Short (under 150 words)',
      'Medium (150–399 words)',
      'Long (400 words or more)',
    ]);
    expect(table(html, 'Language of the story').slice(1)).toEqual([
      ['English', `${told27} (100%)`, `${told27} (100%)`, '5 (100%)', '2 (100%)'],
    ]);
  });

  it('gives a group of 1 or 2 stories told or read as a count, never a share', async () => {
    const html = await page();
    const cells = ['How do you feel about this story?', 'How long ago did this happen?', 'Story length'].flatMap(
      (label) =>
        table(html, label)
          .slice(1)
          .flatMap((r) => r.slice(1, 3)),
    );
    expect(cells).toContain('fewer than 3');
    for (const cell of cells) expect(cell).toMatch(/^(fewer than 3|0 \(0%\)|([3-9]|\d\d+) \(\d+%\))$/);
    // Chosen stories are counted exactly, and the report says so beside the rule, so the two never seem to disagree.
    expect(visibleText(html)).toContain(
      'shown as "fewer than 3", without a share. Stories chosen are counted exactly: each is in this report in full.',
    );
  });

  it('flags kinds of stories missing at a level and kinds chosen far more often than told, in words', async () => {
    const text = visibleText(await page());
    expect(text).toMatch(
      /“In the last month” stories \(How long ago did this happen\?\) are \d+% of those told, but \d+% of those chosen at level 1: chosen far more often than told\./,
    );
    expect(text).toContain('No story told is “Long (400 words or more)” (Story length).');
  });

  it('counts for funders only the stories shared with funders, as the tables by storyteller do', async () => {
    const html = await page('?audience=funders');
    const shared = /(\d+) stories in all/.exec(visibleText(html))![1]!;
    expect(Number(shared)).toBeLessThan(27);
    expect(told(table(html, 'Language of the story'), 'English')).toBe(`${shared} (100%)`);
    expect(told(table(html, 'Story length'), 'Medium (150–399 words)')).toMatch(/^\d+ \(\d+%\)$/);
  });

  it('leaves a withdrawn story out of every count at once', async () => {
    const before = await page();
    const medium = bed.stories.find(
      (s) => s.status !== 'draft' && s.status !== 'withdrawn' && s.word_count >= 150 && s.word_count < 400,
    )!;
    const res = await coordinator.submit(
      `${bed.base}/report`,
      `/alliances/${bed.demo.alliance.id}/stories/${medium.id}/withdraw`,
      {},
    );
    expect(res.statusCode).toBe(303);
    const after = await page();
    const count = (html: string, label: string, group: string) =>
      Number(told(table(html, label), group)?.split(' ')[0]);
    expect(count(after, 'Story length', 'Medium (150–399 words)')).toBe(
      count(before, 'Story length', 'Medium (150–399 words)') - 1,
    );
    expect(count(after, 'Language of the story', 'English')).toBe(
      count(before, 'Language of the story', 'English') - 1,
    );
  });

  it('shows a slider’s new ends at once when its question is changed, though the report was kept', async () => {
    expect(table(await page(), 'How do you feel about this story?')[3]![0]).toBe(
      'High third, toward ‘Very good’ (67–100)',
    );
    const question = await t.db
      .selectFrom('questions')
      .selectAll()
      .where('inquiry_id', '=', bed.inquiry.id)
      .where('prompt', '=', 'How do you feel about this story?')
      .executeTakeFirstOrThrow();
    const actor = await t.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('email', '=', email('coordinator'))
      .executeTakeFirstOrThrow();
    await updateQuestion(t.db, actor, bed.inquiry, question, {
      kind: 'slider',
      prompt: question.prompt,
      help: question.help,
      required: false,
      options: ['Awful', 'Wonderful'],
      phase: question.phase,
      aboutStory: true,
    });
    expect(table(await page(), 'How do you feel about this story?')[3]![0]).toBe(
      'High third, toward ‘Wonderful’ (67–100)',
    );
  });
});
