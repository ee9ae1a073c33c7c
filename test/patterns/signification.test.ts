/**
 * The tellers' own answers about their stories (the demo's ready set) are pattern dimensions: a slider as a scale,
 * choices as choices; their pairs are tested, their marks lead to exactly the stories answering so, and a withdrawn
 * story leaves every count at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { significationAnswers, type SignificationQuestion } from '../../server/stories/signification-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;
let questions: SignificationQuestion[];

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
  questions = await significationAnswers(t.db, bed.inquiry.id);
}, 60_000);
afterAll(() => t.close());

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x2C;/g, ',');
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;');
const idsOf = (html: string) =>
  [...decode(html).matchAll(/\/stories\?ids=([0-9,]+)"/g)].map((m) => m[1]!.split(',').map(Number));
const slider = () => questions.find((q) => q.kind === 'slider')!;
const single = () => questions.find((q) => q.kind === 'single')!;

describe('the teller’s own answers in the pattern views', () => {
  it('lists each question of the ready set among the distributions, by its prompt', async () => {
    expect(questions.length).toBe(5);
    const res = await facilitator.get(`${bed.base}/patterns`);
    for (const q of questions)
      // The prompt is the inquiry's words, marked with their language.
      expect(res.body).toContain(
        `<a href="${bed.base}/patterns/question-${q.questionId}"><bdi lang="en" dir="ltr">${escaped(q.prompt)}</bdi></a>`,
      );
  });

  it('charts a slider between its two ends, leaving out “does not apply”, each bar leading to its stories', async () => {
    const q = slider();
    const res = await facilitator.get(`${bed.base}/patterns/question-${q.questionId}`);
    expect(res.statusCode).toBe(200);
    for (const end of q.ends!) expect(res.body).toContain(escaped(end));
    const linked = idsOf(res.body).flat();
    // Every story behind a bar answered the slider, and each answer is behind exactly one bar.
    expect(new Set(linked)).toEqual(new Set(q.answers.keys()));
    expect(linked.length).toBeGreaterThanOrEqual(q.answers.size);
  });

  it('compares a slider across a choice’s groups with medians and a rank test', async () => {
    const res = await facilitator.get(
      `${bed.base}/patterns/question-${slider().questionId}/question-${single().questionId}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Median');
    expect(res.body).toMatch(/(Kruskal–Wallis H [\d.]+ with \d+ degrees of freedom|Mann–Whitney rank test)/);
    // The chart's and table's links (the stories left out are listed before the chart, with their own links).
    for (const ids of idsOf(res.body.slice(res.body.indexOf('<figure'))))
      for (const id of ids) {
        expect(slider().answers.has(id)).toBe(true);
        expect(single().answers.has(id)).toBe(true);
      }
  });

  it('forgets a withdrawn story’s answers in every count at once', async () => {
    const q = single();
    const [withdrawn] = [...q.answers.keys()];
    await withdrawStory(
      t.db,
      null,
      'test',
      bed.stories.find((s) => s.id === withdrawn)!,
    );
    const after = (await significationAnswers(t.db, bed.inquiry.id)).find((a) => a.questionId === q.questionId)!;
    expect(after.answers.has(withdrawn!)).toBe(false);
    const res = await facilitator.get(`${bed.base}/patterns/question-${q.questionId}`);
    expect(idsOf(res.body).flat()).not.toContain(withdrawn);
    expect(new Set(idsOf(res.body).flat())).toEqual(new Set(after.answers.keys()));
  });
});
