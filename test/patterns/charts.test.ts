/**
 * Charts of a slider run its whole scale (0–100), its end words at the true ends, so a story at 20 is drawn a
 * fifth of the way along, not at "Very bad"; every group and end is labelled in full, inside the chart, in English
 * and in Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChoiceDimension, ScaleDimension } from '../../server/patterns/dimensions.ts';
import { groupsView, scatterView } from '../../server/patterns/views.ts';
import { significationAnswers } from '../../server/stories/signification-store.ts';
import { translator } from '../../server/web/i18n.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

const t = translator('en');
const base = '/alliances/1/inquiries/1';
/** A generous width of one character at the charts' 13px font. */
const CHAR = 7.5;

interface Label {
  /** Where the label's left and right edges fall, as drawn. */
  from: number;
  to: number;
  /** Its first line's baseline. */
  y: number;
  lines: string[];
  text: string;
  rtl: boolean;
}

/** The chart's labels as drawn: each <text>'s lines (its title left out) and where its edges fall. */
function labelsOf(svg: string): Label[] {
  return [...svg.matchAll(/<text ([^>]*)>([\s\S]*?)<\/text>/g)].map((m) => {
    const attrs = m[1]!;
    const inner = m[2]!.replace(/<title>[\s\S]*?<\/title>/, '');
    const attr = (name: string, from: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(from)?.[1];
    const spans = [...inner.matchAll(/<tspan ([^>]*)>([^<]*)<\/tspan>/g)];
    // A line keeps the space it was wrapped at on its far side, where it shows nothing.
    const lines = spans.length ? spans.map((s) => decode(s[2]!).trim()) : [decode(inner)];
    const x = Number(attr('x', spans[0]?.[1] ?? attrs) ?? attr('x', attrs));
    const y = Number(attr('y', spans[0]?.[1] ?? attrs) ?? attr('y', attrs));
    const rtl = attr('direction', attrs) === 'rtl';
    const anchor = attr('text-anchor', attrs) ?? 'start';
    // Which way the label runs from x: its end is on the left for right-to-left text.
    const side = anchor === 'middle' ? 'middle' : (anchor === 'end') !== rtl ? 'right' : 'left';
    const width = CHAR * Math.max(...lines.map((l) => [...l].length));
    const from = side === 'left' ? x : side === 'right' ? x - width : x - width / 2;
    return { from, to: from + width, y, lines, text: lines.join(' '), rtl };
  });
}

const widthOf = (svg: string) => Number(/viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
const circles = (svg: string) =>
  [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
const labelled = (svg: string, words: string) => labelsOf(svg).find((l) => l.text.includes(words));

function expectNothingClipped(svg: string) {
  const width = widthOf(svg);
  for (const label of labelsOf(svg)) {
    expect(label.from, label.text).toBeGreaterThanOrEqual(0);
    expect(label.to, label.text).toBeLessThanOrEqual(width);
  }
}

const slider = (key: string, label: string, ends: [string, string], values: [number, number][]): ScaleDimension => ({
  key,
  label,
  kind: 'scale',
  ends,
  range: [0, 100],
  values: new Map(values),
});
const choice = (options: string[], values: [number, string][]): ChoiceDimension => ({
  key: 'domain',
  label: 'Domain',
  kind: 'choice',
  options,
  ordered: true,
  values: new Map(values.map(([id, v]) => [id, [v]])),
});

const DOMAINS = ["Changes in people's lives", 'Changes in how services work together', 'Any other change'];
const feel = slider(
  'question-6',
  'How do you feel about this story?',
  ['Very bad', 'Very good'],
  [
    [1, 20],
    [2, 40],
    [3, 40],
    [4, 60],
    [5, 30],
  ],
);

describe('a slider across the groups of a choice', () => {
  const by = choice(DOMAINS, [
    [1, DOMAINS[0]!],
    [2, DOMAINS[0]!],
    [3, DOMAINS[1]!],
    [4, DOMAINS[2]!],
    [5, DOMAINS[1]!],
  ]);

  it('runs the slider’s whole 0–100 scale, its end words at 0 and 100', () => {
    const { svg } = groupsView(t, feel, by, base, false);
    const low = labelled(svg, 'Very bad')!;
    const high = labelled(svg, 'Very good')!;
    expect(low.lines).toEqual(['0', 'Very bad']);
    expect(high.lines).toEqual(['100', 'Very good']);
    const [zero, hundred] = [low.from, high.to];
    // Answers ran only from 20 to 60: 20 is a fifth of the way along, 60 three fifths, neither at an end.
    const xs = circles(svg).map((c) => +((c.x - zero) / (hundred - zero)).toFixed(2));
    expect(new Set(xs)).toEqual(new Set([0.2, 0.3, 0.4, 0.6]));
  });

  it('labels every group in full, each on its own strip, and clips no label at the chart’s edge', () => {
    const { svg } = groupsView(t, feel, by, base, false);
    const shown = labelsOf(svg).map((l) => l.text);
    for (const domain of DOMAINS) expect(shown).toContain(domain);
    // Each group's label sits level with its own points, the middle group's too.
    const strips = DOMAINS.map((d) => labelsOf(svg).find((l) => l.text === d)!);
    const rows = [...new Set(circles(svg).map((c) => c.y))].sort((a, b) => a - b);
    expect(rows).toHaveLength(3);
    strips.forEach((label, i) => {
      const middle = label.y + ((label.lines.length - 1) * 15) / 2 - 4.5;
      expect(Math.abs(middle - rows[i]!)).toBeLessThan(2);
    });
    expectNothingClipped(svg);
  });

  it('wraps a very long label, keeping the shown forms distinct and the whole label in its title', () => {
    const long = [
      'Changes in the way the people of the valley and their neighbours look after each other in hard winters',
      'Changes in the way the people of the valley and their neighbours find work and training close to home',
    ];
    const { svg } = groupsView(
      t,
      feel,
      choice(long, [
        [1, long[0]!],
        [2, long[1]!],
      ]),
      base,
      false,
    );
    // Each shown form is the start of its own label only, cut with "…".
    const shown = labelsOf(svg).filter((x) => x.text.endsWith('…'));
    expect(shown).toHaveLength(2);
    for (const [i, l] of long.entries()) {
      expect(l.startsWith(shown[i]!.text.slice(0, -1))).toBe(true);
      expect(long[1 - i]!.startsWith(shown[i]!.text.slice(0, -1))).toBe(false);
    }
    for (const l of long) expect(decode(svg)).toContain(`<title>${l}</title>`);
    for (const l of long) expect(decode(/<desc[^>]*>([\s\S]*?)<\/desc>/.exec(svg)![1]!)).toContain(l);
    expectNothingClipped(svg);
  });

  it('sets an Arabic label right to left, ending at the chart’s label edge like an English one', () => {
    const arabic = ['تغييرات في حياة الناس', 'تغييرات في طريقة عمل الخدمات معًا', 'أي تغيير آخر'];
    const { svg } = groupsView(
      translator('ar'),
      slider(
        'question-6',
        'ما شعورك تجاه هذه القصة؟',
        ['سيئ جدًا', 'جيد جدًا'],
        [
          [1, 20],
          [2, 50],
          [3, 80],
        ],
      ),
      choice(arabic, [
        [1, arabic[0]!],
        [2, arabic[1]!],
        [3, arabic[2]!],
      ]),
      base,
      false,
    );
    const labels = arabic.map((a) => labelsOf(svg).find((l) => l.text === a)!);
    for (const label of labels) expect(label.rtl).toBe(true);
    // All three end at the same right edge, just left of the strips.
    expect(new Set(labels.map((l) => l.to.toFixed(1))).size).toBe(1);
    expect(labels[0]!.to).toBeLessThan(Math.min(...circles(svg).map((c) => c.x)));
    expectNothingClipped(svg);
  });
});

describe('a scatter of two sliders', () => {
  const change = slider(
    'question-8',
    'How much did this change things?',
    ['Not at all', 'Completely'],
    [
      [1, 30],
      [2, 70],
      [3, 50],
    ],
  );

  it('runs both sliders’ whole scales, their end words in full at 0 and 100', () => {
    const { svg } = scatterView(t, feel, change, base, false);
    const [left, right] = [labelled(svg, 'Very bad')!, labelled(svg, 'Very good')!];
    const [bottom, top] = [labelled(svg, 'Not at all')!, labelled(svg, 'Completely')!];
    expect(bottom.lines).toEqual(['Not at all', '0']);
    expect(top.lines).toEqual(['100', 'Completely']);
    // The numbers' baselines sit 4 below the axis's ends.
    const [y0, y100] = [bottom.y + 15 * (bottom.lines.length - 1) - 4, top.y - 4];
    const at = circles(svg).map((c) => [
      +((c.x - left.from) / (right.to - left.from)).toFixed(2),
      +((y0 - c.y) / (y0 - y100)).toFixed(2),
    ]);
    expect(at.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!)).toEqual([
      [0.2, 0.3],
      [0.4, 0.5],
      [0.4, 0.7],
    ]);
    expectNothingClipped(svg);
  });
});

describe('the demo’s slider charts', () => {
  let app: TestApp;
  let bed: ReportBed;
  beforeAll(async () => {
    app = await testApp();
    bed = await reportBed(app);
  }, 60_000);
  afterAll(() => app.close());

  it('name each domain in full beside its strip, and the slider’s ends at 0 and 100', async () => {
    const questions = await significationAnswers(app.db, bed.inquiry.id);
    const q = questions.find((x) => x.kind === 'slider')!;
    const coordinator = await signInAs(app, 'coordinator');
    const res = await coordinator.get(`${bed.base}/patterns/question-${q.questionId}/domain`);
    expect(res.statusCode).toBe(200);
    const svg = /<svg class="pattern-chart"[\s\S]*?<\/svg>/.exec(res.body)![0];
    const shown = labelsOf(svg).map((l) => l.text);
    for (const domain of DOMAINS) expect(shown).toContain(domain);
    expect(labelled(svg, q.ends![0])!.lines).toEqual(['0', q.ends![0]]);
    expect(labelled(svg, q.ends![1])!.lines).toEqual(['100', q.ends![1]]);
    expectNothingClipped(svg);
  });
});
