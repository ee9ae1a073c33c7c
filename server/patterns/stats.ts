/**
 * The tests behind pattern views, on jStat's distributions and ranks (no hand-written p-values): chi-square with
 * Cramér's V for two choices, Kruskal–Wallis for a scale across groups (with two groups, the same test as
 * Mann–Whitney's, without continuity correction), Spearman's rank correlation for two scales, and
 * Benjamini–Hochberg to correct p-values for the number of patterns compared.
 */
import jStat from 'jstat';

export interface Contingency {
  observed: number[][];
  expected: number[][];
  chiSquare: number;
  df: number;
  p: number;
  cramersV: number;
}

/** Pearson's chi-square test of independence (no continuity correction) on a table of counts. */
export function chiSquareTest(observed: number[][]): Contingency | undefined {
  const rows = observed.filter((r) => r.some((n) => n > 0));
  const colSums = rows[0]?.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0)) ?? [];
  const keep = colSums.map((s, j) => (s > 0 ? j : -1)).filter((j) => j >= 0);
  const table = rows.map((r) => keep.map((j) => r[j]!));
  const r = table.length;
  const c = keep.length;
  if (r < 2 || c < 2) return undefined;
  const rowSums = table.map((row) => row.reduce((s, n) => s + n, 0));
  const cols = keep.map((_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const total = rowSums.reduce((s, n) => s + n, 0);
  const expected = table.map((_, i) => cols.map((cs) => (rowSums[i]! * cs) / total));
  let chiSquare = 0;
  table.forEach((row, i) => row.forEach((o, j) => (chiSquare += (o - expected[i]![j]!) ** 2 / expected[i]![j]!)));
  const df = (r - 1) * (c - 1);
  return {
    observed: table,
    expected,
    chiSquare,
    df,
    p: 1 - jStat.chisquare.cdf(chiSquare, df),
    cramersV: Math.sqrt(chiSquare / (total * (Math.min(r, c) - 1))),
  };
}

/** Average ranks (1-based), ties sharing the mean of their places. */
function averageRanks(values: number[]): number[] {
  return jStat.rank(values);
}

export interface RankTest {
  h: number;
  df: number;
  p: number;
  /** Epsilon-squared, H / (n − 1): how much of the ranks' spread the groups account for (0–1). */
  effect: number;
  medians: number[];
}

/** Kruskal–Wallis H across groups of a scale, corrected for ties; chi-square p-value with k − 1 degrees of freedom. */
export function kruskalWallis(groups: number[][]): RankTest | undefined {
  const kept = groups.filter((g) => g.length > 0);
  const all = kept.flat();
  const n = all.length;
  if (kept.length < 2 || n < 3) return undefined;
  const ranks = averageRanks(all);
  let at = 0;
  let sum = 0;
  for (const g of kept) {
    const r = ranks.slice(at, at + g.length).reduce((s, x) => s + x, 0);
    sum += (r * r) / g.length;
    at += g.length;
  }
  const raw = (12 / (n * (n + 1))) * sum - 3 * (n + 1);
  const ties = new Map<number, number>();
  for (const v of all) ties.set(v, (ties.get(v) ?? 0) + 1);
  const tieSum = [...ties.values()].reduce((s, t) => s + t ** 3 - t, 0);
  const correction = 1 - tieSum / (n ** 3 - n);
  if (correction === 0) return undefined; // every answer the same: nothing to rank
  const h = raw / correction;
  const df = kept.length - 1;
  return { h, df, p: 1 - jStat.chisquare.cdf(h, df), effect: h / (n - 1), medians: kept.map((g) => jStat.median(g)) };
}

export interface Correlation {
  rho: number;
  n: number;
  p: number;
}

/** Spearman's rho (Pearson's r on average ranks), two-sided p from Student's t with n − 2 degrees of freedom. */
export function spearman(x: number[], y: number[]): Correlation | undefined {
  const n = x.length;
  if (n < 3 || new Set(x).size < 2 || new Set(y).size < 2) return undefined;
  const rho = jStat.spearmancoeff(x, y);
  if (Math.abs(rho) >= 1) return { rho, n, p: 0 };
  const t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
  return { rho, n, p: 2 * (1 - jStat.studentt.cdf(Math.abs(t), n - 2)) };
}

/** Benjamini–Hochberg adjusted p-values (step-up, kept monotone, capped at 1), in the order given. */
export function benjaminiHochberg(ps: number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let least = 1;
  for (let k = m - 1; k >= 0; k--) {
    const { p, i } = order[k]!;
    least = Math.min(least, (p * m) / (k + 1));
    adjusted[i] = least;
  }
  return adjusted;
}
