/**
 * Our own sparse TF-IDF over stems: sublinear tf (1 + ln tf), smooth idf (ln((1+N)/(1+df)) + 1), L2-normalised,
 * with document-frequency bounds. The index is incremental: stories are added, replaced or removed one at a time
 * and every vector is computed from the current document frequencies.
 *
 * For similar stories the index keeps postings (built on first use) and, per story, three sums that give its
 * vector's length for any N in O(1): with w = l·(a − b), a = ln(1+N)+1, b = ln(1+df), l = 1 + ln tf,
 * |v|² = a²·Σl² − 2a·Σl²b + Σl²b². Only the stories sharing a term whose df changed need their sums touched.
 */
import { Postings } from './postings.ts';
import { logTf, Slots, type Small } from './slots.ts';
import { SurfaceForms } from './surfaces.ts';
import type { Terms } from './text.ts';
import type { Analysed, SparseVector } from './types.ts';

export interface TfIdfOptions {
  /** Fewest stories a term must be in: a count (≥ 1) or a fraction of stories (< 1). Default 2. */
  minDf?: number;
  /** Most stories a term may be in: a fraction of stories (≤ 1) or a count (> 1). Default 0.5. */
  maxDf?: number;
  /** Below this many stories the bounds are not applied (a handful of stories share too little). Default 10. */
  boundsFrom?: number;
}

export interface TermWeight {
  /** The word as people usually wrote it. */
  term: string;
  stem: string;
  weight: number;
}

export class TfIdfIndex {
  private readonly minDf: number;
  private readonly maxDf: number;
  private readonly boundsFrom: number;
  private readonly vocabulary = new Map<string, number>();
  private readonly stems: string[] = [];
  private df = new Int32Array(1024);
  private readonly forms = new SurfaceForms();
  /** Each story's terms, counts and surface forms (see slots.ts); its id by slot. */
  private readonly slots = new Slots();
  private readonly slotIds: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private idfCache: { version: number; idf: Float64Array } | undefined;
  private version = 0;
  private postings: Postings | undefined;

  constructor(options: TfIdfOptions = {}) {
    this.minDf = options.minDf ?? 2;
    this.maxDf = options.maxDf ?? 0.5;
    this.boundsFrom = options.boundsFrom ?? 10;
    if (!(this.minDf > 0) || !(this.maxDf > 0)) throw new Error('minDf and maxDf must be positive numbers.');
  }

  /** How many stories are indexed. */
  get size(): number {
    return this.slotOf.size;
  }
  /** How many distinct stems the index has seen (term ids are below this). */
  get vocabularySize(): number {
    return this.stems.length;
  }
  has(id: string): boolean {
    return this.slotOf.has(id);
  }
  ids(): string[] {
    return [...this.slotOf.keys()];
  }
  documentFrequency(stem: string): number {
    const t = this.vocabulary.get(stem);
    return t === undefined ? 0 : (this.df[t] ?? 0);
  }
  termId(stem: string): number | undefined {
    return this.vocabulary.get(stem);
  }
  stem(termId: number): string {
    return this.stems[termId] ?? '';
  }
  /** The most common surface form of a term across the indexed stories ("housing" for "hous"). */
  surface(termId: number): string {
    return this.forms.best(termId) || this.stem(termId);
  }

  /** Document-frequency bounds in force now, as counts [lo, hi]. */
  bounds(): [number, number] {
    const n = this.size;
    if (n < this.boundsFrom) return [1, Math.max(n, 1)];
    const lo = this.minDf >= 1 ? Math.floor(this.minDf) : Math.ceil(this.minDf * n);
    const hi = this.maxDf <= 1 ? Math.floor(this.maxDf * n) : Math.floor(this.maxDf);
    return [Math.max(1, lo), Math.max(lo, hi)];
  }

  /** Smooth idf per term id under the current bounds; 0 for terms outside them. */
  idf(): Float64Array {
    if (this.idfCache?.version === this.version && this.idfCache.idf.length === this.stems.length)
      return this.idfCache.idf;
    const [lo, hi] = this.bounds();
    const a = Math.log(1 + this.size) + 1;
    const idf = new Float64Array(this.stems.length);
    for (let t = 0; t < idf.length; t++) {
      const d = this.df[t]!;
      idf[t] = d >= lo && d <= hi ? a - Math.log(1 + d) : 0;
    }
    this.idfCache = { version: this.version, idf };
    return idf;
  }

  add(id: string, doc: Analysed): void {
    const terms: Terms = { stems: [], counts: [], surfaces: [] };
    // analyse() fills both maps in the same order: walk them together, looking up only when they differ.
    const forms = doc.surface.entries();
    for (const [stem, n] of doc.counts) {
      const form = forms.next().value;
      if (!(n > 0)) continue;
      terms.stems.push(stem);
      terms.counts.push(n);
      terms.surfaces.push(form && form[0] === stem ? form[1] : (doc.surface.get(stem) ?? stem));
    }
    this.addTerms(id, terms);
  }

  /** The same as add, from analyseTerms (counts above zero): no maps to build and walk. */
  addTerms(id: string, { stems, counts, surfaces }: Terms): void {
    if (this.slotOf.has(id)) throw new Error(`Story "${id}" is already in the index; use replace to change it.`);
    // Sort by term id (vectors are sparse with increasing indices): pack (term id, position) into one number.
    const m = stems.length;
    const keys = new Float64Array(m);
    const formIds = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const t = this.intern(stems[j]!);
      keys[j] = t * 2 ** 21 + j;
      formIds[j] = this.forms.idFor(t, surfaces[j]!);
    }
    keys.sort();
    const index = this.freeSlots.pop() ?? this.slotIds.length;
    const slots = this.slots;
    const from = slots.place(index, m);
    for (let j = 0; j < m; j++) {
      const key = keys[j]!;
      const at = key % 2 ** 21;
      const t = (key - at) / 2 ** 21;
      const n = Math.max(1, Math.round(counts[at]!)); // counts are whole numbers (from analyse)
      const rank = this.forms.tally(t, formIds[at]!, logTf(n));
      slots.fit(t, n, rank);
      slots.terms[from + j] = t;
      slots.tf[from + j] = n;
      slots.forms[from + j] = rank;
      this.df[t]!++;
    }
    this.slotIds[index] = id;
    this.slotOf.set(id, index);
    this.version++;
    this.postings?.addSlot(index, slots);
  }

  /** Add the story, or change it if it is already indexed (an edit). */
  replace(id: string, doc: Analysed): void {
    this.remove(id);
    this.add(id, doc);
  }

  /** Take a story out (withdrawn or deleted); false when it was not indexed. */
  remove(id: string): boolean {
    const index = this.slotOf.get(id);
    if (index === undefined) return false;
    const slots = this.slots;
    const from = slots.start[index]!;
    const m = slots.length[index]!;
    for (let j = from; j < from + m; j++) {
      const t = slots.terms[j]!;
      this.df[t]!--;
      this.forms.tally(t, this.forms.formAt(t, slots.forms[j]!), -logTf(slots.tf[j]!));
    }
    this.postings?.removeSlot(index, slots);
    slots.free(index);
    this.slotIds[index] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(index);
    this.version++;
    return true;
  }

  /** A story's L2-normalised tf-idf vector under the current document frequencies. */
  vector(id: string): SparseVector | undefined {
    const index = this.slotOf.get(id);
    if (index === undefined) return undefined;
    return this.weighSlot(index);
  }

  /** The vector of a text that is not (yet) indexed; stems the index has never seen are left out. */
  vectorOf(doc: Analysed): SparseVector {
    const known: [number, number][] = [];
    for (const [stem, n] of doc.counts) {
      const t = this.vocabulary.get(stem);
      if (t !== undefined && n > 0) known.push([t, 1 + Math.log(n)]);
    }
    known.sort((x, y) => x[0] - y[0]);
    return this.weigh(
      Uint32Array.from(known, (k) => k[0]),
      Float64Array.from(known, (k) => k[1]),
    );
  }

  /** Every story's vector, in index order. */
  vectors(): { ids: string[]; vectors: SparseVector[] } {
    const ids: string[] = [];
    const vectors: SparseVector[] = [];
    this.slotIds.forEach((id, index) => {
      if (id === undefined) return;
      ids.push(id);
      vectors.push(this.weighSlot(index));
    });
    return { ids, vectors };
  }

  /** A story's (by id) or a text's highest tf-idf terms, in their usual surface form. */
  distinctiveTerms(doc: string | Analysed, n: number): TermWeight[] {
    const vector = typeof doc === 'string' ? this.vector(doc) : this.vectorOf(doc);
    if (!vector) throw new Error(`Story "${doc as string}" is not in the index.`);
    const order = [...vector.values.keys()].sort(
      (x, y) => vector.values[y]! - vector.values[x]! || vector.indices[x]! - vector.indices[y]!,
    );
    return order.slice(0, Math.max(0, n)).map((i) => {
      const t = vector.indices[i]!;
      const own = typeof doc === 'string' ? this.ownForm(doc, t) : doc.surface.get(this.stem(t));
      return { term: own ?? this.surface(t), stem: this.stem(t), weight: vector.values[i]! };
    });
  }

  /** The form an indexed story itself uses for term t ("hijo", where most stories say "hija"). */
  private ownForm(id: string, t: number): string | undefined {
    const index = this.slotOf.get(id);
    if (index === undefined) return undefined;
    const slots = this.slots;
    const from = slots.start[index]!;
    for (let j = from; j < from + slots.length[index]!; j++)
      if (slots.terms[j] === t) return this.forms.name(this.forms.formAt(t, slots.forms[j]!)) || undefined;
    return undefined;
  }

  /**
   * Builds what `nearest` needs a thousand stories at a time, awaiting `pause` between (a server builds an index
   * in the background: in one piece, 100,000 stories would hold its event loop for seconds). Nothing may add or
   * remove stories meanwhile.
   */
  async warm(pause: () => Promise<void>, chunk = 1_000): Promise<void> {
    if (this.postings) return;
    this.slots.trim();
    await pause();
    const count = this.slotIds.length;
    const postings = new Postings(this.slots, count, this.stems.length, 0);
    await pause();
    for (let from = 0; from < count; from += chunk) {
      for (let s = from; s < Math.min(count, from + chunk); s++) postings.addSlot(s, this.slots);
      await pause();
    }
    while (postings.refresh(this.df, this.stems.length, this.bounds(), chunk) > 0) await pause();
    this.postings = postings;
  }

  /** The n stories most similar (cosine) to a vector from this index, most similar first; `exclude` is skipped. */
  nearest(vector: SparseVector, n: number, exclude?: string): { id: string; score: number }[] {
    if (!this.postings) {
      this.slots.trim();
      this.postings = new Postings(this.slots, this.slotIds.length, this.stems.length);
    }
    const skip = exclude === undefined ? -1 : (this.slotOf.get(exclude) ?? -1);
    return this.postings
      .top(vector, this.df, this.stems.length, this.bounds(), this.size, Math.max(0, Math.floor(n)), skip)
      .map((h) => ({ id: this.slotIds[h.slot]!, score: h.score }));
  }

  private weighSlot(index: number): SparseVector {
    const from = this.slots.start[index]!;
    const m = this.slots.length[index]!;
    const logTfs = new Float64Array(m);
    for (let j = 0; j < m; j++) logTfs[j] = logTf(this.slots.tf[from + j]!);
    return this.weigh(this.slots.terms.subarray(from, from + m), logTfs);
  }

  private weigh(terms: Small, logTf: Float64Array): SparseVector {
    const idf = this.idf();
    let kept = 0;
    for (let j = 0; j < terms.length; j++) if (idf[terms[j]!]! > 0) kept++;
    const indices = new Uint32Array(kept);
    const values = new Float64Array(kept);
    let k = 0;
    let norm = 0;
    for (let j = 0; j < terms.length; j++) {
      const w = logTf[j]! * idf[terms[j]!]!;
      if (w <= 0) continue;
      indices[k] = terms[j]!;
      values[k++] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < kept; j++) values[j]! /= norm;
    return { indices, values };
  }

  private intern(stem: string): number {
    let t = this.vocabulary.get(stem);
    if (t === undefined) {
      t = this.stems.length;
      this.vocabulary.set(stem, t);
      this.stems.push(stem);
      if (t >= this.df.length) {
        const size = this.df.length * 2;
        const df = new Int32Array(size);
        df.set(this.df);
        this.df = df;
      }
    }
    return t;
  }
}
