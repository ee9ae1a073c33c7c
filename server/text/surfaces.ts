/**
 * Which surface form people used for each term, for labels ("housing" for the stem "hous"): each story adds the
 * weight of its own most used form, and takes it back when withdrawn. Most terms have one form, so that one is kept
 * inline per term, and only further forms go to a map keyed by term and form.
 */
export class SurfaceForms {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private firstForm = new Int32Array(1024).fill(-1);
  private firstWeight = new Float64Array(1024);
  private readonly more = new Map<number, number>();
  private readonly formsOf = new Map<number, number[]>();

  /** A number for a surface form. */
  id(surface: string): number {
    let s = this.ids.get(surface);
    if (s === undefined) {
      s = this.names.length;
      this.ids.set(surface, s);
      this.names.push(surface);
    }
    return s;
  }

  /** The number of term t's surface form: its first form's, without a lookup, when it is that one (most are). */
  idFor(t: number, surface: string): number {
    const first = t < this.firstForm.length ? this.firstForm[t]! : -1;
    return first >= 0 && this.names[first] === surface ? first : this.id(surface);
  }

  /**
   * Add (or, with a negative weight, take back) a story's use of form s for term t. Returns the form's rank among
   * the term's forms (0 for its first, usually its only one), which a story keeps instead of s (see slots.ts).
   */
  tally(t: number, s: number, weight: number): number {
    if (t >= this.firstForm.length) {
      const size = Math.max(t + 1, this.firstForm.length * 2);
      const form = new Int32Array(size).fill(-1);
      form.set(this.firstForm);
      this.firstForm = form;
      const w = new Float64Array(size);
      w.set(this.firstWeight);
      this.firstWeight = w;
    }
    if (this.firstForm[t] === -1 || this.firstForm[t] === s) {
      this.firstForm[t] = s;
      this.firstWeight[t]! += weight;
      return 0;
    }
    const key = t * 2 ** 24 + s;
    let forms = this.formsOf.get(t);
    if (!this.more.has(key)) {
      if (forms) forms.push(s);
      else this.formsOf.set(t, (forms = [s]));
    }
    this.more.set(key, (this.more.get(key) ?? 0) + weight);
    return forms!.indexOf(s) + 1;
  }

  /** The words of form number s. */
  name(s: number): string {
    return this.names[s] ?? '';
  }

  /** The form of term t with this rank (from tally). */
  formAt(t: number, rank: number): number {
    return rank === 0 ? this.firstForm[t]! : this.formsOf.get(t)![rank - 1]!;
  }

  /** The form with the most weight for term t ('' if none); ties go to the alphabetically first. */
  best(t: number): string {
    let best = '';
    let bestN = 0;
    const consider = (s: number, n: number) => {
      if (s < 0 || n <= 1e-9) return;
      const name = this.names[s]!;
      if (n > bestN + 1e-9 || (Math.abs(n - bestN) <= 1e-9 && name < best)) [best, bestN] = [name, n];
    };
    consider(this.firstForm[t] ?? -1, this.firstWeight[t] ?? 0);
    for (const s of this.formsOf.get(t) ?? []) consider(s, this.more.get(t * 2 ** 24 + s) ?? 0);
    return best;
  }
}
