import { describe, expect, it } from 'vitest';
import { chooseK, cosineDistances, silhouette } from '../../server/text/choose-k.ts';
import { consensusKMeans, denseRows, kMeans, sampledKMeans, sparseRows } from '../../server/text/cluster.ts';
import { seededRng, sample } from '../../server/text/rng.ts';
import { symmetricEigen } from '../../server/text/eigen.ts';
import { randomizedSvd } from '../../server/text/svd.ts';
import type { SparseVector } from '../../server/text/types.ts';

/** Points scattered around `centres` (dense, unit length after scattering), `each` per centre. */
function blobs(
  centres: number[][],
  each: number,
  spread: number,
  seed: number,
): { data: Float64Array; n: number; dim: number; truth: number[] } {
  const rng = seededRng(seed);
  const dim = centres[0]!.length;
  const data = new Float64Array(centres.length * each * dim);
  const truth: number[] = [];
  centres.forEach((c, ci) => {
    for (let i = 0; i < each; i++) {
      const row = truth.length;
      for (let j = 0; j < dim; j++) data[row * dim + j] = c[j]! + spread * rng.normal();
      truth.push(ci);
    }
  });
  return { data, n: truth.length, dim, truth };
}

/** Whether two labellings make the same groups (whatever their numbers). */
function sameGroups(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((map.get(a[i]!) ?? b[i]) !== b[i] || (back.get(b[i]!) ?? a[i]) !== a[i]) return false;
    map.set(a[i]!, b[i]!);
    back.set(b[i]!, a[i]!);
  }
  return true;
}

const THREE = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
];

describe('spherical k-means', () => {
  it('separates obviously different groups', () => {
    const { data, n, dim, truth } = blobs(THREE, 30, 0.15, 1);
    const result = kMeans(denseRows(data, n, dim), { k: 3, seed: 1 });
    expect(sameGroups(result.assignments, truth)).toBe(true);
    expect(result.centres.every((c) => Math.abs(Math.hypot(...c) - 1) < 1e-9)).toBe(true);
  });

  it('works on sparse rows too', () => {
    const rows: SparseVector[] = [];
    for (let i = 0; i < 20; i++)
      rows.push({
        indices: Uint32Array.of(i % 2 ? 0 : 2, i % 2 ? 1 : 3),
        values: Float64Array.of(Math.SQRT1_2, Math.SQRT1_2),
      });
    const result = kMeans(sparseRows(rows, 4), { k: 2, seed: 3 });
    expect(
      sameGroups(
        result.assignments,
        rows.map((_, i) => i % 2),
      ),
    ).toBe(true);
  });

  it('gives the same result for the same seed', () => {
    const { data, n, dim } = blobs(THREE, 30, 0.6, 2);
    const rows = denseRows(data, n, dim);
    const a = kMeans(rows, { k: 4, seed: 9 });
    const b = kMeans(rows, { k: 4, seed: 9 });
    expect([...a.assignments]).toEqual([...b.assignments]);
    expect(a.objective).toBe(b.objective);
    const c = consensusKMeans([rows], { k: 4, seed: 9, runs: 6 });
    expect([...consensusKMeans([rows], { k: 4, seed: 9, runs: 6 }).assignments]).toEqual([...c.assignments]);
  });

  it('clamps k to the number of rows and never leaves a cluster empty', () => {
    const { data, n, dim } = blobs(THREE, 2, 0.1, 4);
    const result = kMeans(denseRows(data, n, dim), { k: 50, seed: 1 });
    expect(result.k).toBe(6);
    expect(new Set(result.assignments).size).toBe(6);
  });

  it('by consensus and from a sample, still separates clear groups', () => {
    const { data, n, dim, truth } = blobs(THREE, 40, 0.2, 5);
    const rows = denseRows(data, n, dim);
    expect(sameGroups(consensusKMeans([rows], { k: 3, seed: 1, runs: 8 }).assignments, truth)).toBe(true);
    expect(sameGroups(sampledKMeans(rows, { k: 3, seed: 1, sampleSize: 30 }).assignments, truth)).toBe(true);
  });
});

describe('choosing k', () => {
  it('picks the number of clear groups by silhouette, and reports every score', () => {
    const { data, n, dim } = blobs(THREE, 25, 0.12, 6);
    const choice = chooseK(denseRows(data, n, dim), { seed: 1, kMax: 8 });
    expect(choice.k).toBe(3);
    expect(choice.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(Math.max(...choice.scores.map((s) => s.score))).toBe(choice.scores[1]!.score);
  });

  it('computes the silhouette as usual', () => {
    // Two tight, opposite pairs: distances within 0, between 2 -> silhouette 1.
    const rows = denseRows(Float64Array.of(1, 0, 1, 0, -1, 0, -1, 0), 4, 2);
    expect(silhouette(cosineDistances(rows), [0, 0, 1, 1], 2)).toBeCloseTo(1, 10);
    expect(silhouette(cosineDistances(rows), [0, 1, 0, 1], 2)).toBeLessThan(0);
  });
});

describe('randomized SVD', () => {
  it('finds the singular values of a known matrix', () => {
    // Rows are multiples of three orthogonal directions: singular values are the column norms.
    const rows: SparseVector[] = [];
    const scale = [5, 3, 1];
    for (let i = 0; i < 30; i++) rows.push({ indices: Uint32Array.of(i % 3), values: Float64Array.of(scale[i % 3]!) });
    const svd = randomizedSvd(rows, 3, 2, seededRng(1));
    expect(svd.singularValues[0]).toBeCloseTo(5 * Math.sqrt(10), 8);
    expect(svd.singularValues[1]).toBeCloseTo(3 * Math.sqrt(10), 8);
    expect(svd.rank).toBe(2);
  });

  it('finds equal singular values (two groups alike in shape), not just one of them', () => {
    const rows: SparseVector[] = [0, 0, 1, 1, 2].map((t) => ({
      indices: Uint32Array.of(t),
      values: Float64Array.of(1),
    }));
    const svd = randomizedSvd(rows, 3, 3, seededRng(1));
    expect([...svd.singularValues].map((v) => Number(v.toFixed(8)))).toEqual(
      [Math.SQRT2, Math.SQRT2, 1].map((v) => Number(v.toFixed(8))),
    );
  });

  it('agrees between its small (Gram) and large (sparse) paths', () => {
    const rng = seededRng(2);
    const rows: SparseVector[] = Array.from({ length: 600 }, () => {
      const idx = [...new Set(Array.from({ length: 5 }, () => rng.int(60)))].sort((a, b) => a - b);
      return { indices: Uint32Array.from(idx), values: Float64Array.from(idx, () => rng.next()) };
    });
    // The exact values: square roots of the eigenvalues of XᵀX.
    const xtx = new Float64Array(60 * 60);
    for (const r of rows)
      r.indices.forEach((a, i) => r.indices.forEach((b, j) => (xtx[a * 60 + b]! += r.values[i]! * r.values[j]!)));
    const exact = [...symmetricEigen(xtx, 60).values.slice(0, 5)].map(Math.sqrt);
    const gram = randomizedSvd(rows, 60, 5, seededRng(1), { powerIterations: 20, path: 'gram' });
    const sparse = randomizedSvd(rows, 60, 5, seededRng(1), { powerIterations: 20, path: 'sparse' });
    for (let j = 0; j < 5; j++) {
      expect(gram.singularValues[j]).toBeCloseTo(exact[j]!, 3);
      expect(sparse.singularValues[j]).toBeCloseTo(exact[j]!, 3);
    }
    // The leading direction (well apart from the next) gives the same coordinates, signs fixed the same way.
    for (let i = 0; i < 20; i++) expect(gram.coords[i * 5]).toBeCloseTo(sparse.coords[i * 5]!, 6);
  });

  it('decomposes a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect([...values].map((v) => Number(v.toFixed(10)))).toEqual([3, 1]);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 10);
  });
});

describe('seeded random numbers', () => {
  it('repeat for a seed and differ between seeds', () => {
    const a = seededRng(1);
    const b = seededRng(1);
    const c = seededRng(2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(new Set(sample(seededRng(3), 10, 10))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});
