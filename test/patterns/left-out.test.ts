/**
 * What the pattern pages leave out, said plainly: a slider every teller answered "does not apply" to is said so
 * (with its stories) on its page, on its pairs and among the tests, with no empty chart or table; a pair says how
 * many stories answered both questions and which did not, and its table has totals leading to their stories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { significationAnswers, type SignificationQuestion } from '../../server/stories/signification-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;
let questions: SignificationQuestion[];
/** The slider every teller answered "does not apply" to, and the stories that did. */
let feel: SignificationQuestion;
let notApplying: number[];

const countable = () => bed.stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
  questions = await significationAnswers(t.db, bed.inquiry.id);
  feel = questions.find((q) => q.kind === 'slider')!;
  await t.db
    .updateTable('story_answers')
    .set({ value: 'n/a' })
    .where('question_id', '=', feel.questionId)
    .where('asked', 'is not', null)
    .execute();
  const asked = await t.db
    .selectFrom('story_answers')
    .select('story_id')
    .where('question_id', '=', feel.questionId)
    .where('asked', 'is not', null)
    .execute();
  const counted = new Set(countable().map((s) => s.id));
  notApplying = asked.map((a) => a.story_id).filter((id) => counted.has(id));
}, 60_000);
afterAll(() => t.close());

/** Every story-list link of a page: its visible text (an SVG mark's title left out), its aria-label, its stories. */
function links(html: string) {
  return [...decode(html).matchAll(/<a href="([^"]*\/stories\?ids=([0-9,]+))"([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!,
    ids: m[2]!.split(',').map(Number),
    ariaLabel: /aria-label="([^"]*)"/.exec(m[3]!)?.[1] ?? '',
    text: visibleText(m[4]!.replace(/<title>[^<]*<\/title>/, '')),
  }));
}
const linkNamed = (html: string, text: string) => links(html).find((l) => l.text === text);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** The codes of the stories a story list shows. */
async function listed(href: string): Promise<string[]> {
  const res = await facilitator.get(href);
  expect(res.statusCode).toBe(200);
  return [
    ...res.body.matchAll(
      /<th scope="row" class="nowrap"><a href="[^"]*\/stories\/\d+(?:\?[^"]*)?">([^<]+)<\/a><\/th>/g,
    ),
  ]
    .map((m) => m[1]!)
    .sort();
}
const codesOf = (ids: number[]) =>
  bed.stories
    .filter((s) => ids.includes(s.id))
    .map((s) => s.code)
    .sort();

function expectNothingBroken(html: string) {
  expect(html).not.toMatch(/NaN|undefined|Infinity/);
}

describe('a slider every teller answered “does not apply” to', () => {
  it('says so on its own page, with the count and those stories, and draws no chart or table', async () => {
    expect(notApplying.length).toBeGreaterThan(5);
    const res = await facilitator.get(`${bed.base}/patterns/question-${feel.questionId}`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(
      `Every teller answered “does not apply” here (${notApplying.length} stories), so there is nothing to chart, and this question is left out of the tests.`,
    );
    const read = linkNamed(res.body, `Read those ${notApplying.length} stories`)!;
    expect(sorted(read.ids)).toEqual(sorted(notApplying));
    expect(await listed(read.href)).toEqual(codesOf(notApplying));
    // The stories never asked are not counted as "does not apply".
    const others = countable().length - notApplying.length;
    if (others > 0)
      expect(text).toContain(`${others} other stor${others === 1 ? 'y has' : 'ies have'} no answer here.`);
    expect(res.body).not.toContain('<svg');
    expect(res.body).not.toContain('pattern-table');
    expectNothingBroken(res.body);
  });

  it('says so on a pair with a choice and with another slider: no empty table, chart or test', async () => {
    const when = questions.find((q) => q.prompt === 'How long ago did this happen?')!;
    const change = questions.find((q) => q.kind === 'slider' && q !== feel)!;
    for (const other of [`question-${when.questionId}`, 'domain', `question-${change.questionId}`]) {
      const res = await facilitator.get(`${bed.base}/patterns/question-${feel.questionId}/${other}`);
      expect(res.statusCode).toBe(200);
      expect(visibleText(res.body)).toContain(
        `Every teller answered “does not apply” to “${feel.prompt}” (${notApplying.length} stories), so there is nothing to compare here and no test.`,
      );
      expect(sorted(linkNamed(res.body, `Read those ${notApplying.length} stories`)!.ids)).toEqual(sorted(notApplying));
      expect(res.body).not.toContain('<svg');
      expect(res.body).not.toContain('pattern-table');
      expect(res.body).not.toContain('Median');
      expect(res.body).not.toContain('id="test"');
      expectNothingBroken(res.body);
    }
    // The other way round, too.
    const back = await facilitator.get(`${bed.base}/patterns/domain/question-${feel.questionId}`);
    expect(visibleText(back.body)).toContain(`Every teller answered “does not apply” to “${feel.prompt}”`);
  });

  it('is left out of the tests on the overview, which says so, and its distribution says why', async () => {
    const res = await facilitator.get(`${bed.base}/patterns`);
    const text = visibleText(res.body);
    expect(text).toContain(
      `Left out of the tests, because every teller answered “does not apply” to this question: ${feel.prompt}`,
    );
    expect(res.body).toContain(`<a href="${bed.base}/patterns/question-${feel.questionId}">`);
    expect(text).toContain(`Every teller answered “does not apply” here (${notApplying.length} stories)`);
    // Nothing in the signals names it.
    const signals =
      /<section aria-labelledby="signals-title">[\s\S]*?<\/section>\s*<section aria-labelledby="distributions/.exec(
        res.body,
      )![0];
    expect(signals.match(/<table[\s\S]*<\/table>/)?.[0] ?? '').not.toContain(feel.prompt);
    expectNothingBroken(res.body);
  });
});

describe('a pair of questions', () => {
  const when = () => questions.find((q) => q.prompt === 'How long ago did this happen?')!;

  beforeAll(async () => {
    // A story with no domain and no answer to "How long ago", so some stories lack an answer to either question.
    const unanswered = countable().find((s) => !when().answers.has(s.id))!;
    await t.db.updateTable('stories').set({ domain_id: null }).where('id', '=', unanswered.id).execute();
    bed.stories = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('inquiry_id', '=', bed.inquiry.id)
      .orderBy('id')
      .execute();
  });

  it('says how many stories answered both and links to those with no answer to one or both', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/domain/question-${when().questionId}`);
    expect(res.statusCode).toBe(200);
    const all = countable();
    const hasDomain = (id: number) => all.find((s) => s.id === id)!.domain_id !== null;
    const hasWhen = (id: number) => when().answers.has(id);
    const both = all.filter((s) => hasDomain(s.id) && hasWhen(s.id)).map((s) => s.id);
    const noWhen = all.filter((s) => hasDomain(s.id) && !hasWhen(s.id)).map((s) => s.id);
    const neither = all.filter((s) => !hasDomain(s.id) && !hasWhen(s.id)).map((s) => s.id);
    const noDomain = all.filter((s) => !hasDomain(s.id) && hasWhen(s.id)).map((s) => s.id);
    expect(neither.length).toBeGreaterThan(0);
    const text = visibleText(res.body);
    expect(text).toContain(`${both.length} of ${all.length} stories answered both questions and are counted here.`);
    const said = [
      [noWhen, `${noWhen.length} stories have no answer to “How long ago did this happen?”`],
      [neither, `${neither.length} stor${neither.length === 1 ? 'y has' : 'ies have'} no answer to either question`],
    ] as const;
    for (const [ids, sentence] of said) {
      const link = linkNamed(res.body, sentence)!;
      expect(link, sentence).toBeDefined();
      expect(sorted(link.ids)).toEqual(sorted(ids));
      expect(await listed(link.href)).toEqual(codesOf(ids));
    }
    if (noDomain.length === 0) expect(text).not.toContain('no answer to “Domain”');
  }, 60_000);

  it('totals its table by row and by column, each total leading to exactly its stories', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/domain/question-${when().questionId}`);
    const table = /<table class="pattern-table" id="contingency">[\s\S]*?<\/table>/.exec(res.body)![0];
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => r[1]!);
    const numbers = (row: string) => [...row.matchAll(/<td class="num">(?:<a [^>]*>)?(\d+)/g)].map((m) => Number(m[1]));
    const body = rows.slice(1, -1).map(numbers);
    const foot = rows.at(-1)!;
    expect(visibleText(foot).startsWith('Total')).toBe(true);
    const footNumbers = numbers(foot);
    // The last column is each row's total; the last row each column's; their corner the stories in the table.
    for (const row of body) expect(row.at(-1)).toBe(row.slice(0, -1).reduce((s, n) => s + n, 0));
    footNumbers.forEach((n, j) => expect(n).toBe(body.reduce((s, row) => s + row[j]!, 0)));
    const both = countable()
      .filter((s) => s.domain_id !== null && when().answers.has(s.id))
      .map((s) => s.id);
    expect(footNumbers.at(-1)).toBe(both.length);
    const totals = links(table).filter((l) => l.ariaLabel.includes('all together'));
    expect(totals.length).toBe(body.length + footNumbers.length);
    for (const total of totals) expect(total.ids).toHaveLength(Number(total.text));
    const corner = totals.find((l) => l.ariaLabel.startsWith(`Domain × ${when().prompt}, all together`))!;
    expect(sorted(corner.ids)).toEqual(sorted(both));
    expect(await listed(corner.href)).toEqual(codesOf(both));
  }, 60_000);

  it('says how many answered both on a slider’s pairs too', async () => {
    const change = questions.find((q) => q.kind === 'slider' && q !== feel)!;
    const res = await facilitator.get(`${bed.base}/patterns/question-${change.questionId}/domain`);
    const both = countable().filter((s) => s.domain_id !== null && change.answers.has(s.id)).length;
    expect(visibleText(res.body)).toContain(
      `${both} of ${countable().length} stories answered both questions and are counted here.`,
    );
    expect(visibleText(res.body)).toMatch(/\d+ stor(y has|ies have) no answer to “How much did this change things\?”/);
  });
});
