/**
 * The tf-idf index keeps its stories and postings packed in shared arrays (server/text/slots.ts, postings.ts)
 * that widen, move lists and compact as stories come and go. Whatever that did, the index must answer exactly what
 * an index built afresh from the same stories answers: vectors, similar stories, surface forms.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../server/text/rng.ts';
import { grown, logTf, widen } from '../../server/text/slots.ts';
import { TfIdfIndex } from '../../server/text/tfidf.ts';
import type { Analysed } from '../../server/text/types.ts';

type Rng = ReturnType<typeof seededRng>;

/** A story over a skewed vocabulary; now and then a huge count, and each stem written in one of many forms. */
function randomDoc(rng: Rng, forms: number): Analysed {
  const counts = new Map<string, number>();
  const surface = new Map<string, string>();
  for (let j = 0; j < 2 + rng.int(30); j++) {
    const stem = `w${Math.floor(rng.next() ** 2 * 120)}`;
    const huge = rng.next() < 0.01;
    counts.set(stem, huge ? 200 + rng.int(70000) : 1 + rng.int(5));
    surface.set(stem, `${stem}-${rng.int(forms)}`);
  }
  return { counts, surface };
}

function expectSame(churned: TfIdfIndex, live: Map<string, Analysed>) {
  const fresh = new TfIdfIndex();
  for (const [id, d] of live) fresh.add(id, d);
  expect(churned.size).toBe(fresh.size);
  expect(new Set(churned.ids())).toEqual(new Set(fresh.ids()));
  for (let t = 0; t < fresh.vocabularySize; t++) {
    const stem = fresh.stem(t);
    expect(churned.documentFrequency(stem)).toBe(fresh.documentFrequency(stem));
    if (fresh.documentFrequency(stem) > 0) expect(churned.surface(churned.termId(stem)!)).toBe(fresh.surface(t));
  }
  for (const id of live.keys()) {
    const a = churned.vector(id)!;
    const b = fresh.vector(id)!;
    // Term ids differ between the two indexes (numbered as first seen): compare by stem.
    const weights = new Map([...b.indices].map((t, i) => [fresh.stem(t), b.values[i]!]));
    expect(a.indices.length).toBe(b.indices.length);
    a.indices.forEach((t, i) => expect(a.values[i]).toBeCloseTo(weights.get(churned.stem(t))!, 12));
    const near = churned.nearest(a, 8, id);
    const nearFresh = fresh.nearest(b, 8, id);
    expect(near.map((x) => x.score)).toEqual(nearFresh.map((x) => expect.closeTo(x.score, 10)));
  }
}

describe('the packed tf-idf index', () => {
  it('answers as a fresh index does after much adding, editing and removing', () => {
    const rng = seededRng(11);
    const live = new Map<string, Analysed>();
    const index = new TfIdfIndex();
    for (let i = 0; i < 300; i++) {
      const d = randomDoc(rng, 400);
      index.add(`s${i}`, d);
      live.set(`s${i}`, d);
    }
    index.nearest(index.vector('s0')!, 3); // postings from here on, kept up to date through the churn
    let next = 300;
    for (let step = 0; step < 3000; step++) {
      const ids = [...live.keys()];
      const pick = ids[rng.int(ids.length)]!;
      const r = rng.next();
      if (r < 0.25 && live.size > 50) {
        index.remove(pick);
        live.delete(pick);
      } else if (r < 0.6) {
        const d = randomDoc(rng, 400);
        index.replace(pick, d);
        live.set(pick, d);
      } else {
        const d = randomDoc(rng, 400);
        index.add(`s${next}`, d);
        live.set(`s${next++}`, d);
      }
      if (step % 500 === 0) index.nearest(index.vector(pick) ?? index.vector(ids[0]!)!, 3);
    }
    expectSame(index, live);
  });

  it('answers as a fresh index does when stories go before the first search', () => {
    const rng = seededRng(5);
    const live = new Map<string, Analysed>();
    const index = new TfIdfIndex();
    for (let i = 0; i < 400; i++) {
      const d = randomDoc(rng, 3);
      index.add(`s${i}`, d);
      live.set(`s${i}`, d);
      if (i % 3 === 0) {
        index.remove(`s${i - 1}`);
        live.delete(`s${i - 1}`);
      }
    }
    expectSame(index, live);
  });

  it('answers as a fresh index does when its postings were built in steps, then kept up to date', async () => {
    const rng = seededRng(3);
    const live = new Map<string, Analysed>();
    const index = new TfIdfIndex();
    for (let i = 0; i < 500; i++) {
      const d = randomDoc(rng, 20);
      index.add(`s${i}`, d);
      live.set(`s${i}`, d);
      if (i % 9 === 0 && i > 0) {
        index.remove(`s${i - 4}`); // a free slot inside the steps
        live.delete(`s${i - 4}`);
      }
    }
    let pauses = 0;
    await index.warm(async () => void pauses++, 37);
    expect(pauses).toBeGreaterThan(20); // 500 slots in steps of 37, twice over (postings, then their sums)
    expectSame(index, live);
    for (let i = 500; i < 560; i++) {
      const d = randomDoc(rng, 20);
      index.add(`s${i}`, d);
      live.set(`s${i}`, d);
    }
    index.remove('s1');
    live.delete('s1');
    expectSame(index, live);
  });

  it('answers as a fresh index does past 65,536 words and 256 stories, where its arrays widen', () => {
    const rng = seededRng(9);
    const live = new Map<string, Analysed>();
    const index = new TfIdfIndex();
    for (let i = 0; i < 300; i++) {
      const counts = new Map<string, number>();
      // Some words of its own (the vocabulary passes 65,536), some shared with other stories.
      for (let j = 0; j < (i < 70 ? 1000 : 0); j++) counts.set(`own${i}x${j}`, 1);
      for (let j = 0; j < 8; j++) counts.set(`w${rng.int(40)}`, 1 + rng.int(3));
      const d = { counts, surface: new Map([...counts.keys()].map((k) => [k, k])) };
      index.add(`s${i}`, d);
      live.set(`s${i}`, d);
      if (i === 100) index.nearest(index.vector('s3')!, 3);
    }
    for (let i = 0; i < 300; i += 7) {
      index.remove(`s${i}`);
      live.delete(`s${i}`);
    }
    expect(index.vocabularySize).toBeGreaterThan(65536);
    expectSame(index, live);
  });

  it('widens small counts only when a larger one comes, and grows keeping what is there', () => {
    const bytes = Uint8Array.from([1, 2, 255]);
    expect(widen(bytes, 255)).toBe(bytes);
    expect(widen(bytes, 256)).toEqual(Uint16Array.from([1, 2, 255]));
    expect(widen(bytes, 70000)).toEqual(Uint32Array.from([1, 2, 255]));
    expect(widen(Uint16Array.from([7]), 70000)).toEqual(Uint32Array.from([7]));
    const more = grown(Uint16Array.from([4, 5, 6]), 10, 2);
    expect(more).toBeInstanceOf(Uint16Array);
    expect([...more.subarray(0, 3)]).toEqual([4, 5, 0]);
    expect(logTf(1)).toBe(1);
    expect(logTf(3)).toBe(1 + Math.log(3));
    expect(logTf(70000)).toBe(1 + Math.log(70000));
  });
});
