/**
 * The stories of a tf-idf index packed into a few shared arrays instead of small arrays per story (at 100,000
 * stories that was 300,000 typed arrays, each with its own overhead, and 16 bytes per term where 6–10 do).
 * Story s owns positions start[s] .. start[s] + length[s] of three parallel arrays: term ids (increasing), how often
 * each occurs (tf), and which of the term's surface forms the story used (its rank among the term's forms, see
 * SurfaceForms). Each array is of the narrowest kind that holds its values (counts and ranks are almost always
 * below 256, term ids below 65,536) and widens only when a larger value comes. A removed story leaves a gap; the arrays are compacted when gaps are half of them.
 */

export type Small = Uint8Array | Uint16Array | Uint32Array;

/** The array itself, or a wider copy when `value` does not fit. */
export function widen(array: Small, value: number): Small {
  if (value <= 0xff || (value <= 0xffff && !(array instanceof Uint8Array)) || array instanceof Uint32Array)
    return array;
  const wider = value <= 0xffff ? new Uint16Array(array.length) : new Uint32Array(array.length);
  wider.set(array);
  return wider;
}

/** An array of n values up to `max`, of the narrowest kind that holds them. */
export function smallFor(max: number, n: number): Small {
  return max <= 0xff ? new Uint8Array(n) : max <= 0xffff ? new Uint16Array(n) : new Uint32Array(n);
}

/** The same kind of array with room for at least `size` values, keeping the first `keep`. */
export function grown<T extends Small | Float64Array>(array: T, size: number, keep = array.length): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, Math.ceil(array.length * 1.25)));
  bigger.set(array.subarray(0, keep));
  return bigger;
}

const LOG_TF = Float64Array.from({ length: 256 }, (_, n) => 1 + Math.log(n));

/** 1 + ln tf: sublinear term frequency, from a small table for the usual counts. */
export function logTf(tf: number): number {
  return tf < 256 ? LOG_TF[tf]! : 1 + Math.log(tf);
}

export class Slots {
  terms: Small = new Uint16Array(4096);
  tf: Small = new Uint8Array(4096);
  forms: Small = new Uint8Array(4096);
  start = new Uint32Array(256);
  length = new Uint32Array(256);
  /** Positions in use (the end of the last story written) and those left as gaps by removed stories. */
  private used = 0;
  private gaps = 0;

  /** Room for story `slot` with m terms at the end; returns its first position (the caller fills the arrays). */
  place(slot: number, m: number): number {
    if (this.used + m > this.terms.length) {
      if (this.gaps > this.used / 2) this.compact();
      const size = this.used + m;
      this.terms = grown(this.terms, size, this.used);
      this.tf = grown(this.tf, size, this.used);
      this.forms = grown(this.forms, size, this.used);
    }
    if (slot >= this.start.length) {
      this.start = grown(this.start, slot + 1);
      this.length = grown(this.length, slot + 1);
    }
    const at = this.used;
    this.start[slot] = at;
    this.length[slot] = m;
    this.used += m;
    return at;
  }

  /** Make sure the arrays can hold these values (before writing them). */
  fit(term: number, tf: number, form: number): void {
    this.terms = widen(this.terms, term);
    this.tf = widen(this.tf, tf);
    this.forms = widen(this.forms, form);
  }

  free(slot: number): void {
    this.gaps += this.length[slot]!;
    this.length[slot] = 0;
    this.start[slot] = 0;
  }

  /** Give back most of the room the arrays grew into (after an index is built), keeping a little for new stories. */
  trim(): void {
    this.compact();
    const size = this.used + (this.used >> 4) + 1024;
    if (size >= this.terms.length) return;
    const cut = <T extends Small>(array: T): T => {
      const kept = new (array.constructor as new (n: number) => T)(size);
      kept.set(array.subarray(0, this.used));
      return kept;
    };
    this.terms = cut(this.terms);
    this.tf = cut(this.tf);
    this.forms = cut(this.forms);
  }

  /** Close the gaps, keeping each story's terms in place relative to one another. */
  private compact(): void {
    if (this.gaps === 0) return;
    const order = [...this.length.keys()]
      .filter((s) => this.length[s]! > 0)
      .sort((x, y) => this.start[x]! - this.start[y]!);
    let to = 0;
    for (const s of order) {
      const from = this.start[s]!;
      const m = this.length[s]!;
      if (from !== to) {
        this.terms.copyWithin(to, from, from + m);
        this.tf.copyWithin(to, from, from + m);
        this.forms.copyWithin(to, from, from + m);
        this.start[s] = to;
      }
      to += m;
    }
    this.used = to;
    this.gaps = 0;
  }
}
