/**
 * Choosing the number of themes: the mean silhouette (cosine distance) of k-means on a random sample, over a range
 * of k. Silhouette compares how close each story is to its own theme with how close it is to the next nearest.
 */
import { kMeans, subsetRows, type Rows } from './cluster.ts';
import { sample, seededRng } from './rng.ts';

/** Pairwise cosine distances (1 − cos) of the rows, n × n. */
export function cosineDistances(rows: Rows): Float32Array {
  const n = rows.n;
  const distance = new Float32Array(n * n);
  const v = new Float64Array(rows.dim);
  for (let i = 0; i < n; i++) {
    v.fill(0);
    rows.addTo(i, v, 1);
    for (let j = i + 1; j < n; j++) distance[i * n + j] = distance[j * n + i] = Math.max(0, 1 - rows.dot(j, v));
  }
  return distance;
}

/** Mean silhouette from pairwise distances; a row alone in its cluster scores 0 (as scikit-learn). */
export function silhouette(distance: Float32Array, assignments: Int32Array | number[], k: number): number {
  const n = assignments.length;
  if (n < 2 || k < 2) return 0;
  const sizes = new Int32Array(k);
  for (const a of assignments) sizes[a]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) sums[assignments[j]!]! += distance[i * n + j]!;
    const own = assignments[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

export interface KChoice {
  k: number;
  scores: { k: number; score: number }[];
}

/**
 * Choose k by the highest mean silhouette (cosine) of k-means on a random sample of at most `sampleSize` rows,
 * k from 2 to kMax. Ties go to the smaller k.
 */
export function chooseK(
  rows: Rows,
  {
    seed,
    kMax,
    sampleSize = 1500,
    onK,
  }: { seed: number; kMax: number; sampleSize?: number; onK?: (k: number) => void },
): KChoice {
  const which = sample(seededRng(seed ^ 0x5bd1e995), rows.n, Math.min(rows.n, sampleSize)).sort((a, b) => a - b);
  const sub = subsetRows(rows, which);
  const top = Math.min(kMax, sub.n - 1);
  if (top < 2) return { k: Math.min(rows.n, 1), scores: [] };
  const distance = cosineDistances(sub);
  const scores: { k: number; score: number }[] = [];
  for (let k = 2; k <= top; k++) {
    onK?.(k);
    const result = kMeans(sub, { k, seed, restarts: 3 });
    scores.push({ k, score: silhouette(distance, result.assignments, k) });
  }
  const best = scores.reduce((b, s) => (s.score > b.score + 1e-12 ? s : b));
  return { k: best.k, scores };
}
