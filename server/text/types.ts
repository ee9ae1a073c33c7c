/**
 * The language-processing engine's vocabulary, shared by the engine (text, tf-idf, clustering, map) and the pages
 * that use it (themes, suggested tags, similar stories). Plain data only.
 */

/** A text to analyse: a story's words (title and answers), with its language code (e.g. "en", "es", "pt-BR"). */
export interface Doc {
  id: string;
  text: string;
  language?: string;
  /** What the text is made of, when already known (a story's stored analysis): then the text is read only for labels. */
  analysed?: Analysed;
}

/** What a text is made of, after tokenising, stop-word removal and stemming in its language. */
export interface Analysed {
  /** Stem -> how often it occurs. */
  counts: Map<string, number>;
  /** Stem -> the word as people wrote it most often (for labels: "housing", not "hous"). */
  surface: Map<string, string>;
}

/** A sparse vector: term ids in increasing order and their weights. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float64Array;
}

export interface Theme {
  /** A readable label from the phrases its stories use, e.g. "damp · repairs · black mould" (top terms if none). */
  label: string;
  /** Top terms, surface forms, most characteristic first. */
  terms: string[];
  /** Every story in the theme. */
  stories: string[];
  /** The stories nearest the theme's centre, nearest first (a few). */
  examples: string[];
}

export interface ThemeOptions {
  /** A number of themes, or 'auto' to choose it by the stated criterion. */
  k: number | 'auto';
  seed: number;
  /** Called now and then with the fraction done and what is happening, for a progress bar. */
  onProgress?: (fraction: number, step: string) => void;
}

export interface ThemeResult {
  k: number;
  themes: Theme[];
  /** How k was chosen when asked for 'auto': the criterion's name and its score for each k tried. */
  criterion?: { name: string; scores: { k: number; score: number }[] };
  /** Each story placed in two dimensions for the theme map, with its theme's index. */
  points: { id: string; x: number; y: number; theme: number }[];
  /** Plain-language remarks about the run, e.g. that k was lowered to the number of stories. */
  notes?: string[];
  /**
   * With stories in several languages: their language codes, and those whose dictionary (bridge.ts) was missing,
   * whose stories were then compared by their own words only.
   */
  languages?: { codes: string[]; missing: string[] };
}

/** An analysis as it is stored and passed between threads: each map as the JSON of an object. */
export interface AnalysisJson {
  counts: string;
  surface: string;
}
