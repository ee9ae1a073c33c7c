/**
 * Answers that have an order of their own are listed in it, wherever a pattern is shown (its page, a pair, a pack's
 * pattern card, the report): a question's choices as the question gives them, selection by level. Only answers
 * with no order of their own (themes, tags) come largest first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectionDimension, significationDimensions, type ChoiceDimension } from '../../server/patterns/dimensions.ts';
import { contingencyView, distributionView, groupsView, topGroups, groupsOf } from '../../server/patterns/views.ts';
import { significationAnswers } from '../../server/stories/signification-store.ts';
import { translator } from '../../server/web/i18n.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

const t = translator('en');
const base = '/alliances/1/inquiries/1';
const WHEN = ['In the last month', 'One to six months ago', 'Six months to a year ago', 'More than a year ago'];
const ABOUT = ['A person', 'A service', 'A community'];

/** Story ids 1… answering each option as often as `counts` says. */
const answered = (options: string[], counts: number[]) =>
  options
    .flatMap((o, i) => Array.from({ length: counts[i]! }, () => o))
    .map((o, i): [number, string[]] => [i + 1, [o]]);

/** The ready set's single choices, answered most often at their last options (largest first would reverse them). */
const [when, about, feel] = significationDimensions(
  [
    {
      questionId: 7,
      prompt: 'How long ago did this happen?',
      kind: 'single',
      options: WHEN,
      answers: new Map(answered(WHEN, [1, 2, 4, 8])),
    },
    {
      questionId: 9,
      prompt: 'Is this story mostly about?',
      kind: 'single',
      options: ABOUT,
      answers: new Map(answered(ABOUT, [3, 5, 7])),
    },
    {
      questionId: 6,
      prompt: 'How do you feel?',
      kind: 'slider',
      ends: ['Very bad', 'Very good'],
      answers: new Map(Array.from({ length: 15 }, (_, i) => [i + 1, i * 5])),
    },
  ],
  Array.from({ length: 15 }, (_, i) => ({ id: i + 1, domain_id: null, word_count: 100, language: '' })),
) as [ChoiceDimension, ChoiceDimension, never];

describe('a question’s answers, in the order the question gives them', () => {
  it('lists them so in its table and chart, not largest first', () => {
    const view = distributionView(t, when, 15, base);
    expect(view.rows.map((r) => [r.label, r.count])).toEqual([
      [WHEN[0], 1],
      [WHEN[1], 2],
      [WHEN[2], 4],
      [WHEN[3], 8],
    ]);
    const bars = [...view.svg.matchAll(/class="pattern-chart__label"[^>]*><tspan [^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(bars).toEqual(WHEN);
  });

  it('orders both sides of a pair table, and the groups a slider is compared across', () => {
    const pair = contingencyView(t, when, about, base, true);
    expect(pair.table.map((r) => r.label)).toEqual(WHEN);
    expect(pair.cols.map((c) => c.label)).toEqual(ABOUT);
    expect(groupsView(t, feel, about, base, true).rows.map((r) => r.label)).toEqual(ABOUT);
  });

  it('shows the 20 largest of a long list in the list’s own order, then “others”', () => {
    const options = Array.from({ length: 25 }, (_, i) => `option ${i + 1}`);
    // Option 1 has 1 story, option 25 has 25: the 20 largest are options 6–25.
    const long: ChoiceDimension = {
      key: 'long',
      label: 'long',
      kind: 'choice',
      options,
      ordered: true,
      values: new Map(
        answered(
          options,
          options.map((_, i) => i + 1),
        ),
      ),
    };
    expect(topGroups(t, groupsOf(long)).map((g) => g.label)).toEqual([...options.slice(5), 'Others (5 more answers)']);
  });
});

describe('levels of selection, in level order', () => {
  it('from not read by a panel to the highest level chosen, whichever holds most stories', () => {
    const stories = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      domain_id: null,
      word_count: 100,
      language: '',
    }));
    // 1 not read; 6 read, not chosen; 3 chosen at level 1; 2 at level 2.
    const chosenAt = new Map<number, number>([
      [8, 1],
      [9, 1],
      [10, 1],
      [11, 2],
      [12, 2],
    ]);
    const read = new Set(stories.slice(1).map((s) => s.id));
    const selection = selectionDimension(t, stories, { read, chosenAt, levels: [1, 2] })!;
    expect(distributionView(t, selection, 12, base).rows.map((r) => [r.label, r.count])).toEqual([
      ['Not read by a panel', 1],
      ['Read by a panel, not chosen', 6],
      ['Chosen up to level 1', 3],
      ['Chosen up to level 2', 2],
    ]);
  });
});

describe('answers with no order of their own', () => {
  it('come largest first (tags, themes)', () => {
    const tags: ChoiceDimension = {
      key: 'tag',
      label: 'Tag',
      kind: 'choice',
      options: ['housing', 'food', 'work'],
      values: new Map(answered(['housing', 'food', 'work'], [1, 3, 2])),
    };
    expect(distributionView(t, tags, 6, base).rows.map((r) => r.label)).toEqual(['food', 'work', 'housing']);
  });
});

describe('the demo’s patterns, their pack card and the report', () => {
  let app: TestApp;
  let bed: ReportBed;
  beforeAll(async () => {
    app = await testApp();
    bed = await reportBed(app);
  }, 60_000);
  afterAll(() => app.close());

  /** The row headings of each pattern table in a piece of a page (its body: not the totals row at its foot). */
  const rowsOf = (html: string) =>
    [...html.matchAll(/<table class="pattern-table"[\s\S]*?<\/table>/g)].map((table) =>
      [
        ...(/<tbody>[\s\S]*?<\/tbody>/.exec(table[0])?.[0] ?? '').matchAll(
          /<th scope="row">(?:<bdi[^>]*>)?([^<]*)(?:<\/bdi>)?<\/th>/g,
        ),
      ].map((m) => decode(m[1]!)),
    );
  /** The order of the labels that are in `order`, as they come in `rows`. */
  const inOrder = (rows: string[], order: string[]) => rows.filter((r) => order.includes(r));

  it('lists “How long ago did this happen?” in the question’s order, on its page and in a pair', async () => {
    const questions = await significationAnswers(app.db, bed.inquiry.id);
    const q = questions.find((x) => x.prompt === 'How long ago did this happen?')!;
    const coordinator = await signInAs(app, 'coordinator');
    const one = await coordinator.get(`${bed.base}/patterns/question-${q.questionId}`);
    const given = rowsOf(one.body)[0]!;
    expect(given.length).toBeGreaterThan(1);
    expect(given).toEqual(inOrder(q.options!, given));
    const pair = await coordinator.get(`${bed.base}/patterns/question-${q.questionId}/domain`);
    expect(rowsOf(pair.body)[0]).toEqual(given);
  });

  it('keeps that order on a pack’s pattern card and in the funders’ report; selection by level', async () => {
    const questions = await significationAnswers(app.db, bed.inquiry.id);
    const q = questions.find((x) => x.prompt === 'How long ago did this happen?')!;
    const facilitator = await signInAs(app, 'facilitator');
    const pattern = `question-${q.questionId}/length`;
    await facilitator.get(`${bed.base}/observations/new?pattern=${encodeURIComponent(pattern)}`);
    const pinned = await facilitator.post(`${bed.base}/observations`, {
      pattern,
      text: 'Most stories are recent.',
      first: 'People remember recent changes best.',
    });
    expect(pinned.statusCode, visibleText(pinned.body).slice(0, 1500)).toBe(303);
    const levels = [
      'Not read by a panel',
      'Read by a panel, not chosen',
      ...[1, 2, 3].map((level) => `Chosen up to level ${level}`),
    ];
    const pack = (await facilitator.get(`${bed.base}/pack`)).body;
    const cards = pack.split('<section class="pack-sheet pack-card"').slice(1);
    const report = (await (await signInAs(app, 'reader')).get(`${bed.base}/report`)).body;
    // Each card's or report section's first table, after its title.
    const after = (html: string, title: string) => rowsOf(html.slice(html.indexOf(title)))[0]!;
    for (const html of [cards.find((c) => c.includes(q.prompt))!, report]) {
      const when = after(html, `${q.prompt} ×`);
      expect(when.length).toBeGreaterThan(1);
      expect(when).toEqual(inOrder(q.options!, when));
    }
    for (const html of [cards.find((c) => c.includes('Reached selection ×'))!, report]) {
      const reached = after(html, 'Reached selection ×');
      expect(reached.length).toBeGreaterThan(2);
      expect(reached).toEqual(inOrder(levels, reached));
    }
  });
});
