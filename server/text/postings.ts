/**
 * Postings (term -> stories with their tf) and per-story length sums, so similar stories are found by touching
 * only the stories that share a word with the query, and kept exact as stories come and go without recomputing
 * every vector (see tfidf.ts for the formula).
 *
 * All lists live in two shared arrays (story slots, counts), term t owning `cap[t]` places from `start[t]`: built
 * to size, with a little room to grow. A list that runs out of room moves to the end with twice the room; the
 * arrays are compacted when the places left behind are a third of them.
 */
import { grown, logTf, type Slots, type Small, smallFor, widen } from './slots.ts';
import type { SparseVector } from './types.ts';

/**
 * A query of more words than this finds its candidates by its heaviest words only (the rarest, whose lists are
 * short), then scores each candidate on all its words: a story page no longer walks the long lists of common words.
 */
const SEEK_TERMS = 24;
/** The fewest candidates scored in full. */
const MIN_CANDIDATES = 200;

/** Room a list gets beyond its length when the arrays are laid out afresh. */
const slack = (n: number) => (n >> 4) + 2;

export class Postings {
  private start: Uint32Array;
  private length: Uint32Array;
  private cap: Uint32Array;
  private slot: Small;
  private tf: Small;
  private end = 0;
  private waste = 0;
  /** Per story: Σl², Σl²b, Σl²b² over terms within bounds, with b = ln(1 + df) as last applied. */
  private s0: Float64Array;
  private s1: Float64Array;
  private s2: Float64Array;
  /** Per term, the b baked into the sums, or NaN when the term is outside the bounds (or unseen). */
  private usedB = new Float64Array(1024).fill(NaN);
  private readonly pendingTerms = new Set<number>();
  /** Stories added since the last refresh: their sums are computed whole, from their own terms. */
  private pendingSlots: number[] = [];
  /** 1 for a slot waiting in pendingSlots: checked per posting, so an array rather than a set. */
  private pendingFlag: Uint8Array;
  private lastBounds = '';
  private acc = new Float64Array(256);

  /**
   * The postings of the first `count` slots of `slots`, over term ids below `vocabulary`, laid out to size. The first
   * `added` of them are put in now; the rest by the caller with addSlot (a thousand at a time, see TfIdfIndex.warm).
   */
  constructor(
    private readonly slots: Slots,
    count: number,
    vocabulary: number,
    added = count,
  ) {
    const size = Math.max(vocabulary, 1024);
    this.length = new Uint32Array(size);
    for (let s = 0; s < count; s++) {
      const from = slots.start[s]!;
      for (let j = from; j < from + slots.length[s]!; j++) this.length[slots.terms[j]!]!++;
    }
    this.start = new Uint32Array(size);
    this.cap = new Uint32Array(size);
    for (let t = 0; t < vocabulary; t++) {
      this.start[t] = this.end;
      this.cap[t] = this.length[t]! + slack(this.length[t]!);
      this.end += this.cap[t]!;
    }
    this.slot = smallFor(count, this.end);
    this.tf = new (slots.tf.constructor as new (n: number) => Small)(this.end);
    this.length.fill(0);
    this.s0 = new Float64Array(Math.max(count, 256));
    this.s1 = new Float64Array(this.s0.length);
    this.s2 = new Float64Array(this.s0.length);
    this.pendingFlag = new Uint8Array(this.s0.length);
    for (let s = 0; s < added; s++) this.addSlot(s, slots);
  }

  addSlot(slot: number, slots: Slots): void {
    const from = slots.start[slot]!;
    for (let j = from; j < from + slots.length[slot]!; j++) {
      const t = slots.terms[j]!;
      const tf = slots.tf[j]!;
      this.room(t);
      this.tf = widen(this.tf, tf);
      this.slot = widen(this.slot, slot);
      const at = this.start[t]! + this.length[t]!++;
      this.slot[at] = slot;
      this.tf[at] = tf;
      this.pendingTerms.add(t);
    }
    this.pendingSlots.push(slot);
    if (slot >= this.s0.length) {
      this.s0 = grown(this.s0, slot + 1);
      this.s1 = grown(this.s1, slot + 1);
      this.s2 = grown(this.s2, slot + 1);
      this.pendingFlag = grown(this.pendingFlag, slot + 1);
    }
    this.pendingFlag[slot] = 1;
  }

  removeSlot(slot: number, slots: Slots): void {
    const from = slots.start[slot]!;
    for (let j = from; j < from + slots.length[slot]!; j++) {
      const t = slots.terms[j]!;
      const first = this.start[t]!;
      const last = first + this.length[t]! - 1;
      const at = this.slot.subarray(first, last + 1).indexOf(slot);
      if (at >= 0) {
        this.slot[first + at] = this.slot[last]!;
        this.tf[first + at] = this.tf[last]!;
        this.length[t]!--;
      }
      this.pendingTerms.add(t);
    }
    this.pendingFlag[slot] = 0;
    this.s0[slot] = this.s1[slot] = this.s2[slot] = 0;
  }

  /** Room for one more posting of term t: a full list moves to the end with twice the room. */
  private room(t: number): void {
    if (t >= this.start.length) {
      this.start = grown(this.start, t + 1);
      this.length = grown(this.length, t + 1);
      this.cap = grown(this.cap, t + 1);
    }
    const n = this.length[t]!;
    if (n < this.cap[t]!) return;
    const cap = Math.max(4, n * 2);
    if (this.end + cap > this.slot.length) {
      if (this.waste * 3 > this.end) {
        this.compact();
        return; // every list has room again
      }
      this.slot = grown(this.slot, this.end + cap, this.end);
      this.tf = grown(this.tf, this.end + cap, this.end);
    }
    this.slot.copyWithin(this.end, this.start[t]!, this.start[t]! + n);
    this.tf.copyWithin(this.end, this.start[t]!, this.start[t]! + n);
    this.waste += this.cap[t]!;
    this.start[t] = this.end;
    this.cap[t] = cap;
    this.end += cap;
  }

  /** Lay the lists out afresh in term order, each with a little room, dropping the places left behind. */
  private compact(): void {
    const terms = this.start.length;
    let size = 0;
    for (let t = 0; t < terms; t++) size += this.length[t]! + slack(this.length[t]!);
    const slot = new (this.slot.constructor as new (n: number) => Small)(size);
    const tf = new (this.tf.constructor as new (n: number) => Small)(size);
    let at = 0;
    for (let t = 0; t < terms; t++) {
      const n = this.length[t]!;
      slot.set(this.slot.subarray(this.start[t]!, this.start[t]! + n), at);
      tf.set(this.tf.subarray(this.start[t]!, this.start[t]! + n), at);
      this.start[t] = at;
      this.cap[t] = n + slack(n);
      at += this.cap[t]!;
    }
    this.slot = slot;
    this.tf = tf;
    this.end = at;
    this.waste = 0;
  }

  /**
   * Bring the length sums up to date with the current df and bounds: every term, then at most `budget` of the stories
   * added since (all by default). Returns how many stories are still waiting for their sums.
   */
  refresh(df: Int32Array, vocabulary: number, bounds: [number, number], budget = Infinity): number {
    const [lo, hi] = bounds;
    const key = `${lo}:${hi}`;
    if (this.usedB.length < vocabulary) {
      const grownB = new Float64Array(Math.max(vocabulary, this.usedB.length * 2)).fill(NaN);
      grownB.set(this.usedB);
      this.usedB = grownB;
    }
    const pending = this.pendingFlag;
    const update = (t: number) => {
      const d = df[t]!;
      const b = d >= lo && d <= hi ? Math.log(1 + d) : NaN;
      const old = this.usedB[t]!;
      if (b === old || (Number.isNaN(b) && Number.isNaN(old))) return;
      const first = t < this.start.length ? this.start[t]! : 0;
      const last = first + (t < this.length.length ? this.length[t]! : 0);
      for (let p = first; p < last; p++) {
        const s = this.slot[p]!;
        if (pending[s]) continue;
        const l = logTf(this.tf[p]!);
        const l2 = l * l;
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
    const slots = this.slots;
    const doing = budget < this.pendingSlots.length ? this.pendingSlots.splice(0, budget) : this.pendingSlots;
    for (const s of doing) {
      if (!pending[s]) continue; // removed since, or already done
      let s0 = 0,
        s1 = 0,
        s2 = 0;
      const from = slots.start[s]!;
      for (let j = from; j < from + slots.length[s]!; j++) {
        const b = this.usedB[slots.terms[j]!]!;
        if (Number.isNaN(b)) continue;
        const l = logTf(slots.tf[j]!);
        const l2 = l * l;
        s0 += l2;
        s1 += l2 * b;
        s2 += l2 * b * b;
      }
      this.s0[s] = s0;
      this.s1[s] = s1;
      this.s2[s] = s2;
      pending[s] = 0;
    }
    if (doing === this.pendingSlots) this.pendingSlots = [];
    return this.pendingSlots.length;
  }

  /** The `limit` stories (slots) most similar to the query by cosine, best first; `skip` is left out. */
  top(
    query: SparseVector,
    df: Int32Array,
    vocabulary: number,
    bounds: [number, number],
    n: number,
    limit: number,
    skip: number,
  ): { slot: number; score: number }[] {
    this.refresh(df, vocabulary, bounds);
    const a = Math.log(1 + n) + 1;
    const all = [...query.indices.keys()];
    if (all.length <= SEEK_TERMS) return this.best(this.accumulate(query, all, a), limit, skip, a);
    // The stories sharing the query's heaviest words are the candidates; each is then scored on all its words.
    const heaviest = all.sort((x, y) => query.values[y]! - query.values[x]! || x - y).slice(0, SEEK_TERMS);
    const candidates = this.best(this.accumulate(query, heaviest, a), Math.max(limit * 10, MIN_CANDIDATES), skip, a);
    const scored = candidates.map(({ slot }) => ({ slot, score: this.score(slot, query, a) }));
    scored.sort((x, y) => y.score - x.score || x.slot - y.slot);
    return scored.filter((h) => h.score > 0).slice(0, Math.max(0, limit));
  }

  /** Adds the query's terms at `positions` into each story's score (this.acc); returns the stories touched. */
  private accumulate(query: SparseVector, positions: number[], a: number): number[] {
    this.acc = grown(this.acc, this.s0.length);
    const acc = this.acc;
    const touched: number[] = [];
    for (const i of positions) {
      const t = query.indices[i]!;
      const b = this.usedB[t];
      if (b === undefined || Number.isNaN(b) || t >= this.start.length) continue;
      const factor = query.values[i]! * (a - b);
      const first = this.start[t]!;
      for (let p = first; p < first + this.length[t]!; p++) {
        const s = this.slot[p]!;
        if (acc[s] === 0) touched.push(s);
        acc[s]! += factor * logTf(this.tf[p]!);
      }
    }
    return touched;
  }

  /** The `limit` touched stories with the highest scores so far (clearing this.acc as it goes). */
  private best(touched: number[], limit: number, skip: number, a: number): { slot: number; score: number }[] {
    const acc = this.acc;
    // Keep the best few in a short sorted list rather than sorting every story touched.
    const best: { slot: number; score: number }[] = [];
    for (const s of touched) {
      const score = this.cosine(s, acc[s]!, a);
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

  /** One story's cosine with the query over all their shared terms (both lists are in term order). */
  private score(slot: number, query: SparseVector, a: number): number {
    const slots = this.slots;
    const end = slots.start[slot]! + slots.length[slot]!;
    let dot = 0;
    for (let i = 0, j = slots.start[slot]!; i < query.indices.length && j < end;) {
      const t = query.indices[i]!;
      const u = slots.terms[j]!;
      if (t < u) i++;
      else if (t > u) j++;
      else {
        const b = this.usedB[t];
        if (b !== undefined && !Number.isNaN(b)) dot += query.values[i]! * (a - b) * logTf(slots.tf[j]!);
        i++;
        j++;
      }
    }
    return this.cosine(slot, dot, a);
  }

  /** A story's dot product with the query, divided by the story's length under the current weights. */
  private cosine(slot: number, dot: number, a: number): number {
    const norm2 = a * a * this.s0[slot]! - 2 * a * this.s1[slot]! + this.s2[slot]!;
    return norm2 > 0 ? dot / Math.sqrt(norm2) : 0;
  }
}
