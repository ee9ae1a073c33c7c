/**
 * What a reader sees as a pattern's answers: the language a story was told in by its name in the reader's own
 * language (never "en" or "ar"), wherever that question's answers show; and a histogram's bins labelled so each
 * answer belongs to exactly one ("0–9", "10–19", …, "90–100"), the labels agreeing with the stories behind each bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { significationAnswers, type SignificationQuestion } from '../../server/stories/signification-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { email, reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;

const countable = () => bed.stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
}, 60_000);
afterAll(() => t.close());

/** Each row of each pattern table's body: its heading and the stories its count leads to. */
function tableRows(html: string) {
  return [...html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].flatMap((body) =>
    [...body[1]!.matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({
      label: decode(m[1]!),
      ids: [...decode(m[2]!).matchAll(/ids=([0-9,]+)/g)].flatMap((x) => x[1]!.split(',').map(Number)),
      count: Number(/<td class="num">(?:<a [^>]*>)?(\d+)/.exec(m[2]!)?.[1] ?? NaN),
    })),
  );
}

describe('the language of the story', () => {
  const named = (reader: string, code: string) => new Intl.DisplayNames([reader], { type: 'language' }).of(code)!;

  beforeAll(async () => {
    const ids = countable().map((s) => s.id);
    await t.db.updateTable('stories').set({ language: 'ar' }).where('id', 'in', ids.slice(0, 5)).execute();
    await t.db.updateTable('stories').set({ language: 'es' }).where('id', 'in', ids.slice(5, 8)).execute();
  });

  it('names each language in English for an English reader: bars, table, chart text and pairs', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/language`);
    expect(res.statusCode).toBe(200);
    const rows = tableRows(res.body);
    expect(rows.map((r) => r.label)).toEqual(['English', 'Arabic', 'Spanish']);
    expect(rows.map((r) => r.count)).toEqual([countable().length - 8, 5, 3]);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(res.body)![0];
    expect(decode(svg)).toContain(
      `<desc id="d-language-desc">English: ${countable().length - 8}; Arabic: 5; Spanish: 3`,
    );
    expect(decode(svg)).toContain('Arabic: 5 stories');
    for (const code of ['en', 'ar', 'es']) {
      expect(visibleText(res.body)).not.toMatch(new RegExp(`\\b${code}\\b`));
      expect(svg).not.toMatch(new RegExp(`>${code}<|"${code}:|${code}: \\d`));
    }
    const pair = await facilitator.get(`${bed.base}/patterns/domain/language`);
    const pairText = visibleText(pair.body);
    for (const name of ['English', 'Arabic', 'Spanish']) expect(pairText).toContain(name);
    expect(pairText).not.toMatch(/\b(en|ar|es)\b/);
    expect(decode(pair.body)).toMatch(/and Arabic: \d+ stor/);
    // The overview's distribution and its table of who reaches selection.
    const overview = (await facilitator.get(`${bed.base}/patterns`)).body;
    const reaching = overview.slice(overview.indexOf('Which stories reach selection, by Language of the story'));
    expect(tableRows(reaching)[0]!.label).toBe('English');
    const distribution = overview.slice(overview.indexOf('id="dimension-language"'));
    expect(tableRows(/<tbody>[\s\S]*?<\/tbody>/.exec(distribution)![0]).map((r) => r.label)).toEqual([
      'English',
      'Arabic',
      'Spanish',
    ]);
    expect(visibleText(overview)).not.toMatch(/ (en|ar|es) \d/);
  });

  it('names them in the reader’s own language', async () => {
    for (const reader of ['ar', 'es']) {
      await t.db.updateTable('users').set({ language: reader }).where('email', '=', email('facilitator')).execute();
      const res = await (await signInAs(t, 'facilitator')).get(`${bed.base}/patterns/language`);
      expect(tableRows(res.body).map((r) => r.label)).toEqual(['en', 'ar', 'es'].map((code) => named(reader, code)));
    }
    await t.db.updateTable('users').set({ language: 'en' }).where('email', '=', email('facilitator')).execute();
  });
});

describe('a histogram’s bins', () => {
  let change: SignificationQuestion;

  beforeAll(async () => {
    change = (await significationAnswers(t.db, bed.inquiry.id)).filter((q) => q.kind === 'slider')[1]!;
    // Answers on every boundary a reader might wonder about.
    const boundaries = [0, 9, 10, 19, 20, 49, 50, 89, 90, 99, 100];
    const answered = [...change.answers.keys()];
    for (const [i, value] of boundaries.entries())
      await t.db
        .updateTable('story_answers')
        .set({ value: String(value) })
        .where('question_id', '=', change.questionId)
        .where('story_id', '=', answered[i]!)
        .execute();
    change = (await significationAnswers(t.db, bed.inquiry.id)).find((q) => q.questionId === change.questionId)!;
  });

  /** Each bin's lowest and highest answer, as its label says. */
  const bounds = (label: string) => {
    const m = /^(-?[\d.]+)(?:–(-?[\d.]+))?/.exec(label)!;
    return [Number(m[1]), Number(m[2] ?? m[1])] as const;
  };

  function expectEachAnswerInTheBinItsLabelSays(rows: ReturnType<typeof tableRows>, valueOf: (id: number) => number) {
    rows.forEach((row, i) => {
      const [from, to] = bounds(row.label);
      if (i > 0) expect(from, row.label).toBeGreaterThan(bounds(rows[i - 1]!.label)[1]);
      for (const id of row.ids) {
        expect(valueOf(id), row.label).toBeGreaterThanOrEqual(from);
        expect(valueOf(id), row.label).toBeLessThanOrEqual(to);
      }
    });
  }

  it('label a slider 0–9, 10–19, …, 90–100, and the stories behind each bar are the ones its label says', async () => {
    const res = await facilitator.get(`${bed.base}/patterns/question-${change.questionId}`);
    const rows = tableRows(res.body);
    const [low, high] = change.ends!;
    expect(rows.map((r) => r.label)).toEqual([
      `0–9 (${low})`,
      '10–19',
      '20–29',
      '30–39',
      '40–49',
      '50–59',
      '60–69',
      '70–79',
      '80–89',
      `90–100 (${high})`,
    ]);
    expectEachAnswerInTheBinItsLabelSays(rows, (id) => change.answers.get(id) as number);
    // 9 is in the first bar, 10 in the second, 100 in the last; every answer in exactly one bar.
    const all = rows.flatMap((r) => r.ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(change.answers.size);
    const svg = decode(/<svg[\s\S]*?<\/svg>/.exec(res.body)![0]);
    expect(svg).toContain(`0–9 (${low}): `);
    expect(svg).not.toMatch(/\b0–10\b|\b10–20\b|\b80–90\b/);
  });

  it('label a teller’s answers in numbers by the lowest and highest each bin holds, whole or not', async () => {
    const add = async (label: string, position: number, value: (i: number) => string) => {
      const { id } = await t.db
        .insertInto('attributes')
        .values({ inquiry_id: bed.inquiry.id, position, label, kind: 'short', options: '[]' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('story_attributes')
        .values(countable().map((s, i) => ({ story_id: s.id, attribute_id: id, label, value: value(i) })))
        .execute();
      return id;
    };
    const whole = (i: number) => (i * 7) % 40;
    const halves = (i: number) => ((i * 3) % 17) / 2;
    const years = await add('Years in the area', 90, (i) => String(whole(i)));
    const hours = await add('Hours a week', 91, (i) => String(halves(i)));
    for (const [key, valueAt] of [
      [years, whole],
      [hours, halves],
    ] as const) {
      const res = await facilitator.get(`${bed.base}/patterns/teller-${key}`);
      const rows = tableRows(res.body);
      expect(rows.length).toBeGreaterThan(2);
      const at = new Map(countable().map((s, i) => [s.id, valueAt(i)]));
      expectEachAnswerInTheBinItsLabelSays(rows, (id) => at.get(id)!);
      expect(rows.flatMap((r) => r.ids).sort()).toEqual([...at.keys()].sort());
    }
  });
});
