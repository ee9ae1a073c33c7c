import { describe, expect, it } from 'vitest';
import { seededRng } from '../../server/text/rng.ts';
import { TfIdfIndex } from '../../server/text/tfidf.ts';
import type { Analysed, SparseVector } from '../../server/text/types.ts';

/** Counts written as { stem: n }; each stem's surface is the stem in capitals, to tell them apart. */
const doc = (counts: Record<string, number>): Analysed => ({
  counts: new Map(Object.entries(counts)),
  surface: new Map(Object.keys(counts).map((s) => [s, s.toUpperCase()])),
});

/** A vector as { stem: weight }, so vectors of different indexes compare. */
function byStem(index: TfIdfIndex, v: SparseVector | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (v) v.indices.forEach((t, i) => (out[index.stem(t)] = v.values[i]!));
  return out;
}

/** The cosine of two vectors given as { stem: weight } (both normalised). */
const cosine = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).reduce((sum, k) => sum + a[k]! * (b[k] ?? 0), 0);

function expectClose(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, 10);
}

describe('tf-idf weights', () => {
  // Three stories, too few for document-frequency bounds: every term counts.
  const index = new TfIdfIndex();
  index.add('d1', doc({ damp: 1, mould: 2 }));
  index.add('d2', doc({ damp: 1, rent: 1 }));
  index.add('d3', doc({ rent: 3 }));
  const idf = (df: number) => Math.log((1 + 3) / (1 + df)) + 1; // smooth idf

  it('uses sublinear tf, smooth idf and unit length', () => {
    const raw = { damp: 1 * idf(2), mould: (1 + Math.log(2)) * idf(1) };
    const norm = Math.hypot(raw.damp, raw.mould);
    expectClose(byStem(index, index.vector('d1')), { damp: raw.damp / norm, mould: raw.mould / norm });
    expectClose(byStem(index, index.vector('d3')), { rent: 1 });
    const v = index.vector('d2')!;
    expect(Math.hypot(...v.values)).toBeCloseTo(1, 12);
    expect([...v.indices]).toEqual([...v.indices].sort((a, b) => a - b));
  });

  it('gives the most distinctive terms in their surface form', () => {
    const terms = index.distinctiveTerms('d1', 5);
    expect(terms.map((t) => t.term)).toEqual(['MOULD', 'DAMP']);
    expect(terms[0]!.stem).toBe('mould');
    expect(terms[0]!.weight).toBeGreaterThan(terms[1]!.weight);
    expect(() => index.distinctiveTerms('nope', 3)).toThrow('Story "nope" is not in the index.');
  });

  it("names a story's terms in the story's own words, not the form most stories use", () => {
    const forms = new TfIdfIndex();
    const said = (id: string, word: string) =>
      forms.add(id, {
        counts: new Map([
          ['hij', 1],
          [id, 1],
        ]),
        surface: new Map([
          ['hij', word],
          [id, id],
        ]),
      });
    said('a', 'hija');
    said('b', 'hija');
    said('c', 'hijo');
    expect(forms.distinctiveTerms('c', 5).find((t) => t.stem === 'hij')!.term).toBe('hijo');
    expect(forms.distinctiveTerms('a', 5).find((t) => t.stem === 'hij')!.term).toBe('hija');
  });

  it('weighs a text not yet indexed against the current counts', () => {
    expectClose(byStem(index, index.vectorOf(doc({ mould: 1, unknown: 5 }))), { mould: 1 });
  });

  it('finds the nearest stories by cosine, leaving out the story itself', () => {
    const near = index.nearest(index.vector('d2')!, 5, 'd2');
    expect(near.map((n) => n.id)).toEqual(['d3', 'd1'].sort((a, b) => cos(b) - cos(a)));
    function cos(id: string) {
      return cosine(byStem(index, index.vector('d2')), byStem(index, index.vector(id)));
    }
    for (const n of near) expect(n.score).toBeCloseTo(cos(n.id), 10);
  });
});

describe('document-frequency bounds', () => {
  it('leaves out terms in too few or too many stories', () => {
    const index = new TfIdfIndex({ minDf: 2, maxDf: 0.5, boundsFrom: 0 });
    index.add('a', doc({ common: 1, shared: 1, rare: 1 }));
    index.add('b', doc({ common: 1, shared: 1 }));
    index.add('c', doc({ common: 1, other: 1 }));
    index.add('d', doc({ common: 1, other: 1 }));
    expect(index.bounds()).toEqual([2, 2]);
    expect(Object.keys(byStem(index, index.vector('a')))).toEqual(['shared']); // common in 4 of 4, rare in 1
    expect(index.documentFrequency('common')).toBe(4);
  });

  it('does not apply them to a handful of stories', () => {
    const index = new TfIdfIndex();
    index.add('a', doc({ only: 1 }));
    expect(byStem(index, index.vector('a'))).toEqual({ only: 1 });
  });

  it('takes fractions for minDf and counts for maxDf too', () => {
    const index = new TfIdfIndex({ minDf: 0.25, maxDf: 3, boundsFrom: 0 });
    for (let i = 0; i < 8; i++) index.add(`s${i}`, doc({ x: 1 }));
    expect(index.bounds()).toEqual([2, 3]);
  });
});

describe('incremental index', () => {
  const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
  function randomDoc(rng: ReturnType<typeof seededRng>): Analysed {
    const counts: Record<string, number> = {};
    for (let j = 0; j < 3 + rng.int(12); j++)
      counts[vocabulary[Math.floor(rng.next() ** 2 * vocabulary.length)]!] = 1 + rng.int(4);
    return doc(counts);
  }

  it('adding, editing and removing stories gives what recomputing from scratch gives', () => {
    const rng = seededRng(7);
    const live = new Map<string, Analysed>();
    const incremental = new TfIdfIndex();
    for (let i = 0; i < 60; i++) {
      const d = randomDoc(rng);
      incremental.add(`s${i}`, d);
      live.set(`s${i}`, d);
      if (i === 5) incremental.nearest(incremental.vector('s1')!, 3); // postings exist from here on: kept up to date too
    }
    for (let i = 0; i < 60; i += 4) {
      incremental.remove(`s${i}`);
      live.delete(`s${i}`);
    }
    for (let i = 1; i < 60; i += 6) {
      const d = randomDoc(rng);
      incremental.replace(`s${i}`, d);
      live.set(`s${i}`, d);
    }
    expect(incremental.remove('never-added')).toBe(false);
    const fresh = new TfIdfIndex();
    for (const [id, d] of live) fresh.add(id, d);

    expect(incremental.size).toBe(fresh.size);
    expect(incremental.bounds()).toEqual(fresh.bounds());
    for (const id of live.keys()) {
      expectClose(byStem(incremental, incremental.vector(id)), byStem(fresh, fresh.vector(id)));
      const a = incremental.nearest(incremental.vector(id)!, 5, id);
      const b = fresh.nearest(fresh.vector(id)!, 5, id);
      expect(a.map((x) => x.score)).toEqual(b.map((x) => x.score).map((s) => expect.closeTo(s, 10)));
      expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    }
    expect(incremental.vector('s0')).toBeUndefined();
  });

  it('takes the surface forms of withdrawn stories away', () => {
    const index = new TfIdfIndex();
    index.add('a', { counts: new Map([['hous', 3]]), surface: new Map([['hous', 'houses']]) });
    index.add('b', { counts: new Map([['hous', 1]]), surface: new Map([['hous', 'housing']]) });
    expect(index.surface(index.termId('hous')!)).toBe('houses');
    index.remove('a');
    expect(index.surface(index.termId('hous')!)).toBe('housing');
  });

  it('refuses a story twice', () => {
    const index = new TfIdfIndex();
    index.add('a', doc({ x: 1 }));
    expect(() => index.add('a', doc({ x: 1 }))).toThrow('Story "a" is already in the index');
  });

  it('answers similar stories quickly at a few thousand stories', () => {
    const rng = seededRng(3);
    const big = Array.from({ length: 400 }, (_, i) => `v${i}`);
    const index = new TfIdfIndex();
    for (let i = 0; i < 5000; i++) {
      const counts: Record<string, number> = {};
      for (let j = 0; j < 40; j++) counts[big[Math.floor(rng.next() ** 2 * big.length)]!] = 1 + rng.int(3);
      index.add(`s${i}`, doc(counts));
    }
    index.nearest(index.vector('s0')!, 5);
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      index.add(`new${i}`, doc({ v1: 2, v7: 1, v300: 1 }));
      index.nearest(index.vector(`new${i}`)!, 5, `new${i}`);
    }
    expect((performance.now() - started) / 20).toBeLessThan(50);
  });

  it('finds the most similar stories to a long story, each with its exact cosine', () => {
    // Stories of 30–90 words over a skewed vocabulary: long enough that candidates come from the heaviest words only.
    const rng = seededRng(5);
    const words = Array.from({ length: 2000 }, (_, i) => `u${i}`);
    const index = new TfIdfIndex();
    for (let i = 0; i < 3000; i++) {
      const counts: Record<string, number> = {};
      for (let j = 0; j < 30 + rng.int(60); j++)
        counts[words[Math.floor(rng.next() ** 3 * words.length)]!] = 1 + rng.int(4);
      index.add(`s${i}`, doc(counts));
    }
    const all = index.ids().map((id) => [id, byStem(index, index.vector(id))] as const);
    let sameTopFive = 0;
    for (let q = 0; q < 60; q++) {
      const id = `s${q * 37}`;
      const query = index.vector(id)!;
      expect(query.indices.length).toBeGreaterThan(24);
      const near = index.nearest(query, 5, id);
      const own = byStem(index, query);
      const exact = all
        .filter(([other]) => other !== id)
        .map(([other, v]) => ({ id: other, score: cosine(own, v) }))
        .sort((x, y) => y.score - x.score);
      for (const n of near) expect(n.score).toBeCloseTo(cosine(own, byStem(index, index.vector(n.id))), 10);
      expect(near.map((n) => n.score)).toEqual([...near.map((n) => n.score)].sort((x, y) => y - x));
      const ids = (hits: { id: string }[]) => hits.map((n) => n.id).join();
      if (ids(near) === ids(exact.slice(0, 5))) sameTopFive++;
    }
    expect(sameTopFive).toBeGreaterThanOrEqual(58);
  });
});
