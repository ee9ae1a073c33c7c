import { describe, expect, it } from 'vitest';
import { findThemes, NO_SHARED_WORDS, NO_WORDS } from '../../server/text/engine.ts';
import type { Doc, ThemeResult } from '../../server/text/types.ts';
import { topicsOf, topicStories } from './synthetic.ts';

const everyId = (result: ThemeResult) => result.themes.flatMap((t) => t.stories).sort();

describe('findThemes', () => {
  const docs = topicStories(3, 15);

  it('puts stories about different things in different themes, each story once', () => {
    const result = findThemes(docs, { k: 3, seed: 1 });
    expect(result.k).toBe(3);
    expect(result.themes.map((t) => topicsOf(t.stories))).toEqual(
      expect.arrayContaining([['health'], ['housing'], ['school']]),
    );
    expect(everyId(result)).toEqual(docs.map((d) => d.id).sort());
  });

  it('labels themes with words as people wrote them, not stems', () => {
    const result = findThemes(docs, { k: 3, seed: 1 });
    const housing = result.themes.find((t) => topicsOf(t.stories)[0] === 'housing')!;
    expect(housing.terms.length).toBeGreaterThan(3);
    // The label is made of the phrases the stories use (2–3 of them), the terms of single words.
    expect(housing.label.split(' · ').length).toBeGreaterThanOrEqual(2);
    expect(housing.label).not.toMatch(/\b(repair|heat|leak|window)\b/);
    const words = housing.terms.join(' ');
    expect(words).toMatch(/repairs|heating|leaking|windows/);
    expect(words).not.toMatch(/\b(repair|heat|leak|window)\b/); // stems would show like this
    for (const t of housing.terms)
      expect([
        'damp',
        'mould',
        'repairs',
        'landlord',
        'rent',
        'heating',
        'flat',
        'windows',
        'boiler',
        'council',
        'leaking',
        'roof',
      ]).toContain(t);
  });

  it('gives examples from the theme, and a point on the map for every story', () => {
    const result = findThemes(docs, { k: 3, seed: 1 });
    for (const t of result.themes) {
      expect(t.examples.length).toBe(3);
      for (const e of t.examples) expect(t.stories).toContain(e);
    }
    expect(result.points.map((p) => p.id).sort()).toEqual(docs.map((d) => d.id).sort());
    for (const p of result.points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
      expect(result.themes[p.theme]!.stories).toContain(p.id);
    }
    // Themes apart on the map: each theme's points are nearer their own centre than another theme's.
    const centre = (i: number) => {
      const ps = result.points.filter((p) => p.theme === i);
      return [ps.reduce((s, p) => s + p.x, 0) / ps.length, ps.reduce((s, p) => s + p.y, 0) / ps.length];
    };
    const centres = [0, 1, 2].map(centre);
    for (const p of result.points) {
      const d = centres.map(([x, y]) => Math.hypot(p.x - x!, p.y - y!));
      expect(d.indexOf(Math.min(...d))).toBe(p.theme);
    }
  });

  it('is the same for the same seed, largest theme first', () => {
    const a = findThemes(docs, { k: 4, seed: 5 });
    expect(findThemes(docs, { k: 4, seed: 5 })).toEqual(a);
    const sizes = a.themes.map((t) => t.stories.length);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });

  it('chooses k by the stated criterion and reports the scores', () => {
    const result = findThemes(topicStories(4, 12), { k: 'auto', seed: 1 });
    expect(result.k).toBe(4);
    expect(result.criterion!.name).toMatch(/silhouette/);
    expect(result.criterion!.scores.length).toBeGreaterThan(2);
    expect(result.criterion!.scores.find((s) => s.k === 4)!.score).toBe(
      Math.max(...result.criterion!.scores.map((s) => s.score)),
    );
  });

  it('reports progress, ending at 1', () => {
    const seen: [number, string][] = [];
    findThemes(docs, { k: 3, seed: 1, onProgress: (f, step) => seen.push([f, step]) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.map(([f]) => f)).toEqual([...seen.map(([f]) => f)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([1, 'Done']);
  });
});

describe('findThemes with awkward input', () => {
  it('keeps empty and whitespace-only stories in a theme of their own', () => {
    const docs: Doc[] = [
      ...topicStories(2, 8),
      { id: 'empty', text: '' },
      { id: 'blank', text: '  \n\t' },
      { id: 'stop', text: 'the and of', language: 'en' },
    ];
    const result = findThemes(docs, { k: 2, seed: 1 });
    const none = result.themes.find((t) => t.label === NO_WORDS)!;
    expect(none.stories).toEqual(['empty', 'blank', 'stop']);
    expect(result.k).toBe(2);
    expect(everyId(result)).toEqual(docs.map((d) => d.id).sort());
    expect(result.notes).toContain('3 stories have no words to analyse (empty, or only very common words).');
    expect(result.points.map((p) => p.id)).not.toContain('empty');
  });

  it('sets apart stories that share no word with the others', () => {
    const docs: Doc[] = [...topicStories(2, 10), { id: 'odd', text: 'zebra xylophone quasar', language: 'en' }];
    const result = findThemes(docs, { k: 2, seed: 1 });
    expect(result.themes.find((t) => t.label === NO_SHARED_WORDS)!.stories).toEqual(['odd']);
    expect(everyId(result)).toEqual(docs.map((d) => d.id).sort());
  });

  it('handles a single story', () => {
    const result = findThemes([{ id: 'one', text: 'The damp flat and the landlord who never came.', language: 'en' }], {
      k: 'auto',
      seed: 1,
    });
    expect(result.k).toBe(1);
    expect(result.themes).toHaveLength(1);
    expect(result.themes[0]!.stories).toEqual(['one']);
    expect(result.themes[0]!.terms).toContain('damp');
    expect(result.points).toHaveLength(1);
  });

  it('lowers k to the number of stories, and says so', () => {
    const docs = topicStories(2, 2);
    const result = findThemes(docs, { k: 10, seed: 1 });
    expect(result.k).toBe(4);
    expect(result.notes).toContain('Asked for 10 themes, but only 4 stories have words to compare, so there are 4.');
    expect(everyId(result)).toEqual(docs.map((d) => d.id).sort());
  });

  it('handles stories only made of words with no stemmer (Greek, Hindi)', () => {
    const docs: Doc[] = [
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `el${i}`,
        text: `Το σπίτι έχει υγρασία και μούχλα ${i % 2 ? 'στέγη' : 'παράθυρα'}`,
        language: 'el',
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `hi${i}`,
        text: `खेत में फसल और बारिश ${i % 2 ? 'किसान' : 'पानी'}`,
        language: 'hi',
      })),
    ];
    const result = findThemes(docs, { k: 2, seed: 1 });
    expect(result.themes.map((t) => [...new Set(t.stories.map((s) => s.slice(0, 2)))])).toEqual(
      expect.arrayContaining([['el'], ['hi']]),
    );
    expect(result.themes.flatMap((t) => t.terms)).toContain('σπίτι');
  });

  it('handles a 1 MB story among others', () => {
    const big = 'The damp flat, the mould and the landlord who never fixed the boiler. '.repeat(14500);
    expect(big.length).toBeGreaterThan(1_000_000);
    const docs: Doc[] = [...topicStories(2, 6), { id: 'big', text: big, language: 'en' }];
    const result = findThemes(docs, { k: 2, seed: 1 });
    expect(result.themes.find((t) => t.stories.includes('big'))!.stories.some((s) => s.startsWith('housing'))).toBe(
      true,
    );
  });

  it.each([
    [[], { k: 2, seed: 1 }, 'There are no stories to find themes in.'],
    [
      [
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' },
      ],
      { k: 2, seed: 1 },
      'Story id "a" appears twice (stories 1 and 2); each story needs its own id.',
    ],
    [[{ id: '', text: 'x' }], { k: 2, seed: 1 }, 'Story 1 has no id.'],
    [
      [{ id: 'a', text: 'x' }],
      { k: 0, seed: 1 },
      'The number of themes must be a whole number, 1 or more, or "auto" (got 0).',
    ],
    [
      [{ id: 'a', text: 'x' }],
      { k: 2.5, seed: 1 },
      'The number of themes must be a whole number, 1 or more, or "auto" (got 2.5).',
    ],
    [[{ id: 'a', text: 'x' }], { k: 2, seed: Number.NaN }, 'The seed must be a number (got NaN).'],
  ] as const)('refuses bad input clearly (%#)', (docs, options, message) => {
    expect(() => findThemes(docs as unknown as Doc[], options as { k: number; seed: number })).toThrow(message);
  });
});
