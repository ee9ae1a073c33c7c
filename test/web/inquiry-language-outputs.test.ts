/**
 * The inquiry's own words in its outputs: in a story pack (the printed pack and the read-aloud screen) and in the
 * report, the questions a story answers and the period in words are marked with the inquiry's language and its
 * direction, not left to guess it (dir="auto"), for an Arabic reader of an English inquiry and the other way round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso } from '../../server/db/time.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/pages.ts';
import { email, reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
let round: string;

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
  const first = await t.db
    .selectFrom('rounds')
    .select('id')
    .where('inquiry_id', '=', bed.inquiry.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  round = `/alliances/${bed.demo.alliance.id}/rounds/${first.id}`;
}, 60_000);
afterAll(() => t.close());

async function readIn(language: string): Promise<void> {
  await t.db.updateTable('users').set({ language }).where('email', '=', email('coordinator')).execute();
}

/** Every opening tag with this class, its attributes after the class. */
const tagsOf = (html: string, className: string) =>
  [...decode(html).matchAll(new RegExp(`<[a-z0-9]+ class="${className}"([^>]*)>`, 'g'))].map((m) => m[1]);

async function page(path: string): Promise<string> {
  const res = await coordinator.get(path);
  expect(res.statusCode, path).toBe(200);
  return res.body;
}

describe('an English inquiry on an Arabic reader’s pages', () => {
  beforeAll(() => readIn('ar'));

  it('marks each question in the story pack as English, the one quoted in the Arabic sentence too', async () => {
    const html = await page(`${bed.base}/pack`);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const prompts = tagsOf(html, 'pack-answer__prompt');
    expect(prompts.length).toBeGreaterThan(0);
    expect(new Set(prompts)).toEqual(new Set([' lang="en" dir="ltr"']));
    // "Why is this significant to you?" keeps its question mark at its end inside «…» on an Arabic page.
    expect(decode(html)).toMatch(
      /<p class="pack-answer__prompt pack-answer__prompt--asked">\(سُئلوا: «<bdi lang="en" dir="ltr">[^<]+\?<\/bdi>»\)<\/p>/,
    );
    expect(html).not.toMatch(/answer__prompt" dir="auto"/);
  });

  it('marks the questions as English on the read-aloud screen', async () => {
    const html = await page(`${round}/read-aloud/1`);
    const prompts = tagsOf(html, 'stage-answer__prompt').filter((attributes) => attributes !== '');
    expect(prompts.length).toBeGreaterThan(0);
    expect(new Set(prompts)).toEqual(new Set([' lang="en" dir="ltr"']));
  });

  it('marks each chosen story’s questions and the period in words as English in the report', async () => {
    const html = await page(`${bed.base}/report`);
    const prompts = tagsOf(html, 'report-answer__prompt');
    expect(prompts.length).toBeGreaterThan(0);
    expect(new Set(prompts)).toEqual(new Set([' lang="en" dir="ltr"']));
    expect(decode(html)).toContain(`<bdi lang="en" dir="ltr">${bed.inquiry.period_words}</bdi>`);
    expect(html).not.toMatch(/answer__prompt" dir="auto"|<bdi dir="auto">/);
  });
});

describe('an Arabic inquiry on an English reader’s pages', () => {
  beforeAll(async () => {
    await readIn('en');
    // Asked in Arabic: its questions and period in words are Arabic (a new updated_at, so the report is made again).
    await t.db
      .updateTable('inquiries')
      .set({ languages: 'ar', period_words: 'الأشهر الستة', updated_at: iso(new Date(Date.now() + 1000)) })
      .where('id', '=', bed.inquiry.id)
      .execute();
    await t.db
      .updateTable('story_answers')
      .set({ prompt: 'لماذا لهذا التغيير أهمية عندك؟' })
      .where('kind', '=', 'why')
      .where('story_id', 'in', (eb) => eb.selectFrom('stories').select('id').where('inquiry_id', '=', bed.inquiry.id))
      .execute();
  });

  it('marks each question in the story pack as Arabic, right to left', async () => {
    const html = await page(`${bed.base}/pack`);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(new Set(tagsOf(html, 'pack-answer__prompt'))).toEqual(new Set([' lang="ar" dir="rtl"']));
    expect(decode(html)).toContain(
      '(They were asked: “<bdi lang="ar" dir="rtl">لماذا لهذا التغيير أهمية عندك؟</bdi>”)',
    );
  });

  it('marks the questions as Arabic on the read-aloud screen', async () => {
    const html = await page(`${round}/read-aloud/1`);
    expect(new Set(tagsOf(html, 'stage-answer__prompt').filter((a) => a !== ''))).toEqual(
      new Set([' lang="ar" dir="rtl"']),
    );
  });

  it('marks each chosen story’s questions and the period in words as Arabic in the report', async () => {
    const html = await page(`${bed.base}/report`);
    expect(new Set(tagsOf(html, 'report-answer__prompt'))).toEqual(new Set([' lang="ar" dir="rtl"']));
    expect(decode(html)).toContain('<bdi lang="ar" dir="rtl">الأشهر الستة</bdi>');
  });
});
