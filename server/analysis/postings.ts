/**
 * Postings (term -> stories with 1 + ln tf) and per-story length sums, so similar stories are found by touching
 * only the stories that share a word with the query, and kept exact as stories come and go without recomputing
 * every vector (see tfidf.ts for the formula).
 */
import type { SparseVector } from './types.ts';

interface List {
  slots: Uint32Array;
  logTf: Float64Array;
  length: number;
}

function grow<T extends Float64Array | Uint32Array>(array: T, size: number, make: (n: number) => T): T {
  if (size <= array.length) return array;
  const grown = make(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

export class Postings {
  private readonly lists: (List | undefined)[] = [];
  /** Per story: Σl², Σl²b, Σl²b² over terms within bounds, with b = ln(1 + df) as last applied. */
  private s0 = new Float64Array(256);
  private s1 = new Float64Array(256);
  private s2 = new Float64Array(256);
  /** Per term, the b baked into the sums, or NaN when the term is outside the bounds (or unseen). */
  private usedB = new Float64Array(1024).fill(NaN);
  private readonly pendingTerms = new Set<number>();
  /** Stories added since the last refresh: their sums are computed whole, from their own terms. */
  private readonly pendingSlots = new Map<number, { terms: Uint32Array; logTf: Float64Array }>();
  /** 1 for a slot in pendingSlots: checked per posting, so an array rather than a map lookup. */
  private pendingFlag = new Uint8Array(256);
  private lastBounds = '';
  private acc = new Float64Array(256);

  addSlot(slot: number, terms: Uint32Array, logTf: Float64Array): void {
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j]!;
      let list = this.lists[t];
      if (!list) list = this.lists[t] = { slots: new Uint32Array(4), logTf: new Float64Array(4), length: 0 };
      list.slots = grow(list.slots, list.length + 1, (n) => new Uint32Array(n));
      list.logTf = grow(list.logTf, list.length + 1, (n) => new Float64Array(n));
      list.slots[list.length] = slot;
      list.logTf[list.length++] = logTf[j]!;
      this.pendingTerms.add(t);
    }
    this.pendingSlots.set(slot, { terms, logTf });
    if (slot >= this.pendingFlag.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.pendingFlag.length * 2));
      grown.set(this.pendingFlag);
      this.pendingFlag = grown;
    }
    this.pendingFlag[slot] = 1;
    this.s0 = grow(this.s0, slot + 1, (n) => new Float64Array(n));
    this.s1 = grow(this.s1, slot + 1, (n) => new Float64Array(n));
    this.s2 = grow(this.s2, slot + 1, (n) => new Float64Array(n));
  }

  removeSlot(slot: number, terms: Uint32Array): void {
    for (const t of terms) {
      const list = this.lists[t]!;
      const at = list.slots.subarray(0, list.length).indexOf(slot);
      if (at >= 0) {
        list.length--;
        list.slots[at] = list.slots[list.length]!;
        list.logTf[at] = list.logTf[list.length]!;
      }
      this.pendingTerms.add(t);
    }
    this.pendingSlots.delete(slot);
    if (slot < this.pendingFlag.length) this.pendingFlag[slot] = 0;
    if (slot < this.s0.length) this.s0[slot] = this.s1[slot] = this.s2[slot] = 0;
  }

  /** Bring the length sums up to date with the current df and bounds. */
  private refresh(df: Int32Array, vocabulary: number, bounds: [number, number]): void {
    const [lo, hi] = bounds;
    const key = `${lo}:${hi}`;
    if (this.usedB.length < vocabulary) {
      const grown = new Float64Array(Math.max(vocabulary, this.usedB.length * 2)).fill(NaN);
      grown.set(this.usedB);
      this.usedB = grown;
    }
    const pending = this.pendingFlag;
    const update = (t: number) => {
      const d = df[t]!;
      const b = d >= lo && d <= hi ? Math.log(1 + d) : NaN;
      const old = this.usedB[t]!;
      if (b === old || (Number.isNaN(b) && Number.isNaN(old))) return;
      const list = this.lists[t];
      if (list) {
        for (let p = 0; p < list.length; p++) {
          const s = list.slots[p]!;
          if (pending[s]) continue;
          const l2 = list.logTf[p]! * list.logTf[p]!;
          if (!Number.isNaN(old)) {
            this.s0[s]! -= l2;
            this.s1[s]! -= l2 * old;
            this.s2[s]! -= l2 * old * old;
          }
          if (!Number.isNaN(b)) {
            this.s0[s]! += l2;
            this.s1[s]! += l2 * b;
            this.s2[s]! += l2 * b * b;
          }
        }
      }
      this.usedB[t] = b;
    };
    if (key !== this.lastBounds) {
      // Bounds moved (N changed): only terms whose inclusion flips need more than a comparison.
      for (let t = 0; t < vocabulary; t++) {
        const d = df[t]!;
        if (Number.isNaN(this.usedB[t]!) === (d >= lo && d <= hi)) update(t);
      }
    }
    for (const t of this.pendingTerms) update(t);
    this.lastBounds = key;
    this.pendingTerms.clear();
    for (const [s, { terms, logTf }] of this.pendingSlots) {
      let s0 = 0, s1 = 0, s2 = 0;
      for (let j = 0; j < terms.length; j++) {
        const b = this.usedB[terms[j]!]!;
        if (Number.isNaN(b)) continue;
        const l2 = logTf[j]! * logTf[j]!;
        s0 += l2;
        s1 += l2 * b;
        s2 += l2 * b * b;
      }
      this.s0[s] = s0;
      this.s1[s] = s1;
      this.s2[s] = s2;
      pending[s] = 0;
    }
    this.pendingSlots.clear();
  }

  /** The `limit` stories (slots) most similar to the query by cosine, best first; `skip` is left out. */
  top(query: SparseVector, df: Int32Array, vocabulary: number, bounds: [number, number], n: number, limit: number, skip: number): { slot: number; score: number }[] {
    this.refresh(df, vocabulary, bounds);
    const a = Math.log(1 + n) + 1;
    this.acc = grow(this.acc, this.s0.length, (m) => new Float64Array(m));
    const acc = this.acc;
    const touched: number[] = [];
    for (let i = 0; i < query.indices.length; i++) {
      const t = query.indices[i]!;
      const b = this.usedB[t];
      const list = this.lists[t];
      if (b === undefined || Number.isNaN(b) || !list) continue;
      const factor = query.values[i]! * (a - b);
      for (let p = 0; p < list.length; p++) {
        const s = list.slots[p]!;
        if (acc[s] === 0) touched.push(s);
        acc[s]! += factor * list.logTf[p]!;
      }
    }
    // Keep the best few in a short sorted list rather than sorting every story touched.
    const best: { slot: number; score: number }[] = [];
    for (const s of touched) {
      const norm2 = a * a * this.s0[s]! - 2 * a * this.s1[s]! + this.s2[s]!;
      const score = norm2 > 0 ? acc[s]! / Math.sqrt(norm2) : 0;
      acc[s] = 0;
      if (s === skip || !(score > 0) || limit <= 0) continue;
      if (best.length === limit) {
        const last = best[limit - 1]!;
        if (score < last.score || (score === last.score && s > last.slot)) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && (best[at - 1]!.score < score || (best[at - 1]!.score === score && best[at - 1]!.slot > s))) at--;
      best.splice(at, 0, { slot: s, score });
    }
    return best;
  }
}
