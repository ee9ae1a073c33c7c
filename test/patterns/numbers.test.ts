/**
 * Numbers on the pattern pages written the reader's language's way (16,47 and p = 0,002 in French): the tests'
 * statistics, expected counts, medians, scale answers, bins and axis ends, in the tables, the charts' text and
 * their text alternatives, on the overview's signals, and on observations' cards (packs, the report).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observedOnPaper } from '../../server/observations/shown.ts';
import { numberFormat } from '../../server/web/i18n.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/pages.ts';
import { email, reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let years: number;
let hours: number;

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  const told = bed.stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');
  // Two free answers that are numbers with decimals (years in the area, hours a week) become scales.
  const add = async (label: string, position: number, value: (i: number) => number) => {
    const { id } = await t.db
      .insertInto('attributes')
      .values({ inquiry_id: bed.inquiry.id, position, label, kind: 'short', options: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('story_attributes')
      .values(told.map((s, i) => ({ story_id: s.id, attribute_id: id, label, value: String(value(i)) })))
      .execute();
    return id;
  };
  years = await add('Years in the area', 90, (i) => (i % 7) + 0.5);
  hours = await add('Hours a week of support', 91, (i) => (i % 7) * 2 + (i % 3) + 0.25);
}, 60_000);
afterAll(() => t.close());

/** Everything a reader or a screen reader meets: the text, the charts' titles and descriptions, the aria-labels. */
function readable(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return decode(main.replace(/aria-label="([^"]*)"/g, '> $1 <').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

async function readerIn(lang: string): Promise<Agent> {
  await t.db.updateTable('users').set({ language: lang }).where('email', '=', email('facilitator')).execute();
  return signInAs(t, 'facilitator');
}

const pages = () => [
  'patterns',
  'patterns/domain/length',
  `patterns/teller-${years}`,
  `patterns/teller-${years}/domain`,
  `patterns/teller-${years}/teller-${hours}`,
];

describe.each(['fr', 'ar'])('pattern pages in %s', (lang) => {
  // The language's own decimal sign, as its number format writes 1.5; and the other one, never used for decimals.
  const sign = numberFormat(lang).format(1.5).replace(/\d/g, '');
  const other = sign === ',' ? '.' : ',';
  const decimal = (s: string) => new RegExp(`\\d\\${s}\\d`);

  it('write every decimal with the language’s sign: tests, tables, charts and their text alternatives', async () => {
    const reader = await readerIn(lang);
    for (const path of pages()) {
      const res = await reader.get(`${bed.base}/${path}`);
      expect(res.statusCode, path).toBe(200);
      const text = readable(res.body);
      expect(text, path).toMatch(decimal(sign));
      expect(text.match(decimal(other))?.[0], path).toBeUndefined();
    }
  });

  it('say p and the statistics the language’s way on a pair, and the answers in the scatter’s table', async () => {
    const reader = await readerIn(lang);
    const pair = readable((await reader.get(`${bed.base}/patterns/teller-${years}/teller-${hours}`)).body);
    const n = (x: number) => numberFormat(lang).format(x);
    // The table of points shows the answers as given (0.5 years, 0.25 hours), in the language's way.
    expect(pair).toContain(n(0.5));
    expect(pair).toContain(n(0.25));
    expect(pair).toMatch(new RegExp(`ρ = \\S*-?0\\${sign}\\d+`));
  });
});

describe('observations on paper (pack cards, the report)', () => {
  it('carry their statistics in the language of the page they are printed on', async () => {
    const [card] = await observedOnPaper(t.db, bed.inquiry, 'fr', [
      { pattern: `teller-${years}/domain`, filters: '' } as never,
    ]);
    const shown = card!.shown;
    expect(shown.found).toBe(true);
    const pair = shown.found ? shown.pair : undefined;
    expect(pair && 'test' in pair && pair.test).toBeTruthy();
    const text = JSON.stringify(pair);
    expect(text).toMatch(/\d,\d/);
    expect(text).not.toMatch(/\d\.\d/);
  });
});
