/**
 * What a screen reader or keyboard meets on the pattern pages: a scatter's points named by both questions (in the
 * chart and its table), the chart's drawn labels kept out of what is read (they ran together: "Not at all0"), a bar
 * of no stories that offers nothing to show, an overview whose charts come before its long list of pairs, table
 * boxes that are tab stops only where they scroll, and page titles naming the questions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScaleDimension } from '../../server/patterns/dimensions.ts';
import { distributionView } from '../../server/patterns/views.ts';
import { significationAnswers, type SignificationQuestion } from '../../server/stories/signification-store.ts';
import { translator } from '../../server/web/i18n.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, heading } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;
let feel: SignificationQuestion;
let change: SignificationQuestion;

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
  [feel, change] = (await significationAnswers(t.db, bed.inquiry.id)).filter((q) => q.kind === 'slider') as [
    SignificationQuestion,
    SignificationQuestion,
  ];
}, 60_000);
afterAll(() => t.close());

const svgsOf = (html: string) => [...html.matchAll(/<svg class="pattern-chart"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
/** The names of a chart's links, as a screen reader says them. */
const linkNames = (svg: string) => [...svg.matchAll(/<a href="[^"]*" aria-label="([^"]*)"/g)].map((m) => decode(m[1]!));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const title = (html: string) => decode(/<title>([^<]*)<\/title>/.exec(html)![1]!);

describe('a scatter of two sliders', () => {
  const address = () => `${bed.base}/patterns/question-${feel.questionId}/question-${change.questionId}`;

  it('names each point by both questions, in the chart and in the table beside it', async () => {
    const res = await facilitator.get(address());
    expect(res.statusCode).toBe(200);
    const points = linkNames(svgsOf(res.body)[0]!);
    expect(points.length).toBeGreaterThan(3);
    for (const name of points)
      expect(name).toMatch(new RegExp(`^${escape(feel.prompt)}: \\d+, ${escape(change.prompt)}: \\d+: \\d+ stor`));
    // The table: both answers head their row, and each count's link is named like its point.
    const rows = [
      ...res.body.matchAll(
        /<tr><th scope="row">(\d+)<\/th><th scope="row">(\d+)<\/th><td class="num"><a href="[^"]*" aria-label="([^"]*)">(\d+)<\/a>/g,
      ),
    ];
    expect(rows).toHaveLength(points.length);
    for (const [, x, y, name] of rows) {
      expect(points).toContain(decode(name!));
      expect(decode(name!)).toContain(`: ${x}, `);
      expect(decode(name!)).toContain(`: ${y}: `);
    }
  });

  it('keeps its drawn labels out of what is read, its description saying what the axes run between', async () => {
    const svg = svgsOf((await facilitator.get(address())).body)[0]!;
    const texts = [...svg.matchAll(/<text [^>]*>/g)].map((m) => m[0]);
    expect(texts.length).toBeGreaterThan(4);
    for (const text of texts) expect(text).toContain('aria-hidden="true"');
    const desc = decode(/<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!);
    expect(desc).toContain(`${feel.prompt} runs from 0 (${feel.ends![0]}) to 100 (${feel.ends![1]}).`);
    expect(desc).toContain(`${change.prompt} runs from 0 (${change.ends![0]}) to 100 (${change.ends![1]}).`);
  });

  it('is titled by its two questions, as its heading is', async () => {
    const res = await facilitator.get(address());
    expect(title(res.body)).toBe(`${heading(res.body)} · ${bed.demo.alliance.name} · Hearth`);
    expect(heading(res.body)).toBe(`${feel.prompt} × ${change.prompt}`);
    const one = await facilitator.get(`${bed.base}/patterns/question-${feel.questionId}`);
    expect(title(one.body)).toBe(`${feel.prompt} · ${bed.demo.alliance.name} · Hearth`);
  });
});

describe('a bar of no stories', () => {
  it('says "0 stories" and offers nothing to show; a bar with stories links to them', () => {
    const slider: ScaleDimension = {
      key: 'question-6',
      label: 'How do you feel about this story?',
      kind: 'scale',
      ends: ['Very bad', 'Very good'],
      range: [0, 100],
      values: new Map([
        [1, 55],
        [2, 55],
        [3, 58],
      ]),
    };
    const { svg } = distributionView(translator('en'), slider, 3, '/alliances/1/inquiries/1');
    const empty = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => decode(m[1]!));
    expect(empty).toHaveLength(9);
    expect(empty).toContain('0–9 (Very bad): 0 stories');
    for (const name of empty) expect(name).toMatch(/: 0 stories$/);
    expect(linkNames(svg)).toEqual(['50–59: 3 stories 100% — show them']);
  });
});

describe('the patterns overview', () => {
  let html: string;
  beforeAll(async () => {
    html = (await facilitator.get(`${bed.base}/patterns`)).body;
  });

  it('opens with a list of its parts, each a link to its heading', () => {
    const nav = /<nav class="on-this-page"[\s\S]*?<\/nav>/.exec(html)![0];
    expect(nav).toContain('>On this page</h2>');
    const targets = [...nav.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1]!, decode(m[2]!)]);
    expect(targets.map(([, name]) => name)).toEqual([
      'Patterns worth a look first',
      'How the stories are spread, question by question',
      'Which stories reach selection',
      'Compare two questions',
    ]);
    for (const [id, name] of targets) expect(decode(html)).toContain(`<h2 id="${id}">${name}</h2>`);
  });

  it('puts the charts before the list of every pair, which is folded away', () => {
    const firstBar = html.search(/<svg class="pattern-chart"[\s\S]*?<a href=/);
    const pairs = html.indexOf('<ul class="pattern-pairs">');
    expect(firstBar).toBeGreaterThan(0);
    expect(pairs).toBeGreaterThan(firstBar);
    const details =
      /<details class="pattern-pairs-all">\s*<summary>([^<]+)<\/summary>\s*<ul class="pattern-pairs">/.exec(html);
    expect(details?.[1]).toMatch(/^Show all \d+ pairs of questions$/);
  });

  it('makes a distribution’s narrow table no tab stop (it never scrolls), its wide chart still one', () => {
    const parts = html.split('<section class="pattern" ').slice(1);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts.filter((p) => p.includes('<table'))) {
      expect(part).toMatch(/<figure class="pattern-figure" tabindex="0"/);
      const box = /<(div|section) class="table-wrap[^"]*"[^>]*>\s*<table/.exec(part)![0];
      expect(box).not.toContain('tabindex');
      expect(box).toContain('table-wrap--fits');
    }
  });
});
