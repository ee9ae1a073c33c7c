/**
 * Placing stories in themes found on a sample (a run over very many stories fits on a sample, then assigns every
 * story): what the run learnt — the words' weights over the sample, its LSA directions, the themes' centres and the
 * map's frame — placed on any story's words with the same weighting and projection, one story at a time.
 */
import type { Svd } from './svd.ts';
import type { Analysed, SparseVector } from './types.ts';

/** Where a story goes: its theme (or one of the two below), how near its centre (cosine), and its map position. */
export interface Placement {
  theme: number;
  score: number;
  x: number;
  y: number;
}
/** The story has no words to analyse, as the engine's NO_WORDS. */
export const NO_WORDS_THEME = -1;
/** None of its words is one the sample's stories share, as the engine's NO_SHARED_WORDS. */
export const NO_SHARED_THEME = -2;

export interface ThemeModel {
  place(analysed: Analysed, language?: string): Placement;
}

/**
 * The LSA directions as term weights: V = Xᵀ·U·Σ⁻¹ = Xᵀ·coords·Σ⁻², so a story's coordinates are its tf-idf vector
 * times V (the usual LSA fold-in; for the sample's own stories it gives back their coordinates).
 */
function termDirections(vectors: SparseVector[], vocabulary: number, svd: Svd, dim: number): Float64Array {
  const v = new Float64Array(vocabulary * dim);
  const inverse = Float64Array.from(svd.singularValues.subarray(0, dim), (s) => (s > 1e-12 ? 1 / (s * s) : 0));
  vectors.forEach((row, i) => {
    const o = i * svd.rank;
    for (let p = 0; p < row.indices.length; p++) {
      const base = row.indices[p]! * dim;
      const w = row.values[p]!;
      for (let j = 0; j < dim; j++) v[base + j]! += w * svd.coords[o + j]! * inverse[j]!;
    }
  });
  return v;
}

export function themeModel(fit: {
  /** A story's tf-idf vector under the sample's document frequencies (and the bridge, across languages). */
  vectorOf: (analysed: Analysed, language?: string) => SparseVector;
  vectors: SparseVector[];
  vocabulary: number;
  svd: Svd;
  dim: number;
  /** Unit-length centres, in the themes' final order. */
  centres: Float64Array[];
  place: (row: Float64Array, theme: number) => [number, number];
}): ThemeModel {
  // Only what placing needs is kept (not the sample's vectors).
  const { dim, centres, vectorOf, place } = fit;
  const directions = termDirections(fit.vectors, fit.vocabulary, fit.svd, dim);
  const row = new Float64Array(dim);
  return {
    place(analysed, language) {
      if (analysed.counts.size === 0) return { theme: NO_WORDS_THEME, score: 0, x: 0, y: 0 };
      const vector = vectorOf(analysed, language);
      row.fill(0);
      for (let p = 0; p < vector.indices.length; p++) {
        const base = vector.indices[p]! * dim;
        const w = vector.values[p]!;
        for (let j = 0; j < dim; j++) row[j]! += w * directions[base + j]!;
      }
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += row[j]! * row[j]!;
      norm = Math.sqrt(norm);
      if (vector.indices.length === 0 || !(norm > 1e-12)) return { theme: NO_SHARED_THEME, score: 0, x: 0, y: 0 };
      for (let j = 0; j < dim; j++) row[j]! /= norm;
      // The nearest centre (cosine); ties to the larger theme, which comes first.
      let theme = 0;
      let score = -Infinity;
      centres.forEach((c, a) => {
        let s = 0;
        for (let j = 0; j < dim; j++) s += row[j]! * c[j]!;
        if (s > score) [theme, score] = [a, s];
      });
      const [x, y] = place(row, theme);
      return { theme, score, x, y };
    },
  };
}
