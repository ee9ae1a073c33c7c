/**
 * Dimensions as each owner gives them: only told stories count (never a draft, never a withdrawn story), and the
 * views say plainly what a scale with no answers, a question with one answer or a choice of 200 options shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDimensions,
  significationDimensions,
  type ChoiceDimension,
  type ScaleDimension,
} from '../../server/patterns/dimensions.ts';
import { signals } from '../../server/patterns/signals.ts';
import { contingencyView, distributionView, groupsView, scatterView } from '../../server/patterns/views.ts';
import { patternStories } from '../../server/stories/list-store.ts';
import { translator } from '../../server/web/i18n.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { reportBed, type ReportBed } from '../reports/report-fixture.ts';

const t = translator('en');
const base = '/alliances/1/inquiries/1';

describe('dimensions from the demo inquiry', () => {
  let app: TestApp;
  let bed: ReportBed;
  beforeAll(async () => {
    app = await testApp();
    bed = await reportBed(app);
  }, 60_000);
  afterAll(() => app.close());

  it('count told stories only: drafts and withdrawn stories are in no dimension', async () => {
    const left = bed.stories.filter((s) => s.status === 'draft' || s.status === 'withdrawn' || s.withdrawn_at);
    expect(left.length).toBeGreaterThan(0);
    // A coordinator sees every draft in the story list; patterns still leave drafts out.
    const viewer = { userId: bed.demo.coordinator.id, role: 'coordinator' as const };
    const stories = await patternStories(app.db, bed.inquiry, viewer, { attributes: [] }, 1000);
    expect(stories).toHaveLength(bed.stories.length - left.length);
    const dimensions = await buildDimensions({ db: app.db, inquiry: bed.inquiry, stories, t, lang: 'en' });
    expect(dimensions.map((d) => d.key)).toEqual(
      expect.arrayContaining(['domain', 'theme', 'selection', 'length', 'teller-1']),
    );
    expect(dimensions.some((d) => /interviewer|organisation/i.test(d.key))).toBe(false);
    const seen = new Set(dimensions.flatMap((d) => [...d.values.keys()]));
    for (const story of left) expect(seen.has(story.id)).toBe(false);
    // Every counted story has a length; the domain holds every story that has one.
    expect(dimensions.find((d) => d.key === 'length')!.values.size).toBe(stories.length);
  });

  it('name the stories’ languages in the page’s language it is given, whatever translator comes with it', async () => {
    const viewer = { userId: bed.demo.coordinator.id, role: 'coordinator' as const };
    const told = await patternStories(app.db, bed.inquiry, viewer, { attributes: [] }, 1000);
    const stories = told.map((s, i) => ({ ...s, language: i < 3 ? 'ar' : 'es' }));
    // A French translator that is not translator('fr') itself (one wrapped by a caller): the page is still French.
    const fr = translator('fr');
    const wrapped = ((key: string, options?: Record<string, unknown>) => fr(key, options)) as unknown as typeof fr;
    const dimensions = await buildDimensions({ db: app.db, inquiry: bed.inquiry, stories, t: wrapped, lang: 'fr' });
    const language = dimensions.find((d) => d.key === 'language') as ChoiceDimension;
    expect(language.label).toBe(fr('patterns.dimensions.language'));
    expect([...language.options].sort()).toEqual(['arabe', 'espagnol']);
  });
});

const scale = (key: string, values: [number, number][]): ScaleDimension => ({
  key,
  label: key,
  kind: 'scale',
  ends: ['not at all', 'very much'],
  values: new Map(values),
});
const choice = (key: string, values: [number, string][]): ChoiceDimension => ({
  key,
  label: key,
  kind: 'choice',
  options: [...new Set(values.map(([, v]) => v))],
  values: new Map(values.map(([id, v]) => [id, [v]])),
});

describe('views of awkward answers', () => {
  it('a scale where every answer is "does not apply" says so and draws nothing', () => {
    const view = distributionView(t, scale('feel', []), 30, base);
    expect(view.empty).toBe(true);
    expect(view.svg).toBe('');
    expect(t('patterns.allNotApplying', { count: view.notApplying })).toContain('does not apply');
    const pair = groupsView(t, scale('feel', []), choice('where', [[1, 'a']]), base, true);
    expect(pair.svg).toBe('');
    expect(pair.test).toBeUndefined();
  });

  it('a question with one answer shows its count, says it cannot show a difference, and is never tested', () => {
    const one = choice(
      'one',
      Array.from({ length: 30 }, (_, i) => [i + 1, 'yes'] as [number, string]),
    );
    const view = distributionView(t, one, 30, base);
    expect(view.onlyOne).toBe(true);
    expect(view.rows).toEqual([{ label: 'yes', count: 30, share: '100%', href: expect.stringContaining('ids=1,2,3') }]);
    const other = choice(
      'other',
      Array.from({ length: 30 }, (_, i) => [i + 1, i % 2 ? 'x' : 'y'] as [number, string]),
    );
    expect(contingencyView(t, one, other, base, true).test).toBeUndefined();
    expect(signals([one, other]).compared).toBe(0);
  });

  it('a choice of 200 options charts the top 20 and "others", and its table lists all 200', () => {
    const many = choice(
      'place',
      Array.from({ length: 400 }, (_, i) => [i + 1, `place ${i % 200}`] as [number, string]),
    );
    const view = distributionView(t, many, 400, base);
    expect(view.rows).toHaveLength(200);
    expect(view.rows.reduce((s, r) => s + r.count, 0)).toBe(400);
    const bars = [...view.svg.matchAll(/<rect /g)];
    expect(bars).toHaveLength(21);
    expect(view.svg).toContain('Others (180 more answers)');
    // "Others" leads to its 180 places' stories, each once.
    expect(view.svg).toMatch(/aria-label="Others \(180 more answers\): 360 stories/);
  });

  it('a group of fewer than 3 stories is a count, never a share', () => {
    const view = distributionView(
      t,
      choice('who', [
        [1, 'a'],
        [2, 'a'],
        [3, 'a'],
        [4, 'b'],
      ]),
      4,
      base,
    );
    expect(view.rows.map((r) => r.share)).toEqual(['75%', undefined]);
  });

  it('a slider is binned over its own ends, ten bins of ten', () => {
    const slider: ScaleDimension = {
      ...scale('s', [
        [1, 3],
        [2, 55],
        [3, 58],
        [4, 100],
      ]),
      range: [0, 100],
    };
    const view = distributionView(t, slider, 4, base);
    // The first and last bins carry the slider's plain-language ends.
    const [low, high] = slider.ends;
    expect(view.rows.map((r) => r.label)).toEqual(
      Array.from(
        { length: 10 },
        (_, i) => `${i * 10}–${i === 9 ? 100 : i * 10 + 9}${i === 0 ? ` (${low})` : i === 9 ? ` (${high})` : ''}`,
      ),
    );
    expect(view.rows.map((r) => r.count)).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
  });

  it('two scales make a scatter whose points lead to their stories', () => {
    const a = scale('a', [
      [1, 10],
      [2, 20],
      [3, 20],
      [4, 40],
    ]);
    const b = scale('b', [
      [1, 5],
      [2, 15],
      [3, 15],
      [5, 50],
    ]);
    const view = scatterView(t, a, b, base, true);
    expect(view.both).toBe(3);
    expect(view.points.map((p) => [p.rawX, p.rawY, p.count, p.href])).toEqual([
      [10, 5, 1, `${base}/stories?ids=1`],
      [20, 15, 2, `${base}/stories?ids=2,3`],
    ]);
  });
});

describe('self-signification answers, through their adapter', () => {
  it('makes a slider a scale (leaving "does not apply" out) and a multiple choice a choice, counted stories only', () => {
    const stories = [1, 2, 3].map((id) => ({ id, domain_id: null, word_count: 100, language: 'en' }));
    const [feel, who] = significationDimensions(
      [
        {
          questionId: 7,
          prompt: 'How do you feel about it?',
          kind: 'slider',
          ends: ['awful', 'wonderful'],
          answers: new Map([
            [1, 80],
            [2, 10],
            [9, 50],
          ]),
        },
        {
          questionId: 8,
          prompt: 'Who should hear it?',
          kind: 'multiple',
          options: ['family', 'staff', 'funders'],
          answers: new Map([
            [1, ['staff', 'family']],
            [3, ['funders']],
          ]),
        },
      ],
      stories,
    );
    expect(feel).toMatchObject({ key: 'question-7', kind: 'scale', ends: ['awful', 'wonderful'] });
    expect([...feel!.values]).toEqual([
      [1, 80],
      [2, 10],
    ]);
    expect(who).toMatchObject({ key: 'question-8', kind: 'choice', options: ['family', 'staff', 'funders'] });
    expect(who!.values.get(1)).toEqual(['staff', 'family']);
    expect(distributionView(t, who!, 3, base).rows.map((r) => [r.label, r.count])).toEqual([
      ['family', 1],
      ['staff', 1],
      ['funders', 1],
    ]);
  });
});
