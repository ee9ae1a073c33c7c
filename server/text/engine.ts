/**
 * Themes across stories: analyse each story's words, weigh them (tf-idf), reduce to the main directions (LSA),
 * group with spherical k-means (evidence accumulation over several quick runs when there are not too many
 * stories), then name each group from the phrases its stories use (phrases.ts) and place every story on a map.
 * Plain computation: no database, no HTTP. Deterministic for a seed.
 */
import { type Bridge, bridged, bridgeFor, DEFAULT_DICTIONARIES, missingDictionaries, ORIGINAL } from './bridge.ts';
import { chooseK } from './choose-k.ts';
import { consensusKMeans, denseRows, sampledKMeans, type Clustering, type Rows } from './cluster.ts';
import { themeModel, type ThemeModel } from './assign.ts';
import { mapPlacer, themeMap } from './layout.ts';
import { seededRng } from './rng.ts';
import { fillersFor } from './fillers.ts';
import { themePhrases } from './phrases.ts';
import { randomizedSvd } from './svd.ts';
import { analyse, analyseTerms, languageCode, stopwordsFor } from './text.ts';
import { TfIdfIndex, type TfIdfOptions } from './tfidf.ts';
import type { Analysed, Doc, SparseVector, Theme, ThemeOptions, ThemeResult } from './types.ts';

export const NO_WORDS = '(no words to analyse)';
export const NO_SHARED_WORDS = '(no words shared with other stories)';

/** LSA dimensions the quick runs cycle through (a spread of views is steadier than any single one). */
const DIMENSIONS = [20, 30, 40, 50];
const LABEL_TERMS = 8;
/** Read past the filler words among a theme's best terms, to still show LABEL_TERMS of them. */
const CANDIDATE_TERMS = 3 * LABEL_TERMS;
/** Stories read for a theme's label, nearest its centre first: enough to find its phrases, bounded at scale. */
const LABEL_STORIES = 300;
const EXAMPLES = 3;
/** How many quick runs vote, by number of stories: fewer for big sets, where each run costs more. */
const runsFor = (n: number) => (n <= 5000 ? 24 : n <= LARGE ? 8 : 0);
/**
 * With two or three themes the quick runs split finer (2k groups) and twice as many vote: a coarse split of few
 * themes is often decided by one broad, loose class, and finer runs' votes keep its stories together (measured in
 * bench/quality.ts against scikit-learn on Brown's two- and three-genre sets and WordNet glosses). Only when the
 * finer groups would still have 15 stories each on average: with fewer they split the themes themselves.
 */
const FEW = 3;
const finer = (k: number, n: number) => k <= FEW && n >= 10 * 3 * k;
/** Above this many stories, clustering starts from centres found on a sample. */
const LARGE = 20000;

export interface EngineOptions extends ThemeOptions {
  /** Language for stories that do not say theirs (e.g. "en"). */
  language?: string;
  /** Largest k tried when k is 'auto'. Default: 20, and at most a third of the stories. */
  kMax?: number;
  tfidf?: TfIdfOptions;
  /** Where the bilingual dictionaries are (see bridge.ts); Debian's /usr/share/dictd by default. */
  dictionaries?: string;
  /** false compares stories in several languages by their own words only (for measuring what the bridge does). */
  bridge?: boolean;
  /** How much a story's own words count beside the concepts, with stories in several languages; see below. */
  ownWordsWeight?: number;
  /** Given what the run learnt, to place further stories the same way (a run fitted on a sample: assign.ts). */
  onModel?: (model: ThemeModel) => void;
}

/**
 * With stories in several languages, a story's own words (marked with their language) count this much beside the
 * English concepts the dictionaries give them: enough to keep a word the dictionary lacks, too little to split the
 * themes by language (measured in bench/languages.ts).
 */
export const OWN_WORDS_WEIGHT = 0.5;

function checkInput(docs: Doc[], options: ThemeOptions): void {
  if (!Array.isArray(docs) || docs.length === 0) throw new Error('There are no stories to find themes in.');
  const seen = new Map<string, number>();
  docs.forEach((doc, i) => {
    if (!doc || typeof doc.id !== 'string' || doc.id === '') throw new Error(`Story ${i + 1} has no id.`);
    if (typeof doc.text !== 'string') throw new Error(`Story "${doc.id}" has no text.`);
    const before = seen.get(doc.id);
    if (before !== undefined)
      throw new Error(
        `Story id "${doc.id}" appears twice (stories ${before + 1} and ${i + 1}); each story needs its own id.`,
      );
    seen.set(doc.id, i);
  });
  const { k, seed } = options;
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1))
    throw new Error(`The number of themes must be a whole number, 1 or more, or "auto" (got ${String(k)}).`);
  if (!Number.isFinite(seed)) throw new Error(`The seed must be a number (got ${String(seed)}).`);
}

/** Each story's vector in the LSA space, as unit-length rows, for the first `dims` directions. */
function prefixRows(coords: Float64Array, n: number, rank: number, dims: number): Rows {
  const out = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) out[i * dims + j] = coords[i * rank + j]!;
  return denseRows(out, n, dims);
}

export function findThemes(docs: Doc[], options: EngineOptions): ThemeResult {
  checkInput(docs, options);
  const progress = (fraction: number, step: string) => options.onProgress?.(Math.min(1, Math.max(0, fraction)), step);
  const notes: string[] = [];
  const seed = Math.trunc(options.seed);

  progress(0, 'Reading the stories');
  // Stories in several languages meet on English concepts from the dictionaries (bridge.ts); one language, as is.
  const codes = new Set(docs.map((d) => languageCode(d.language ?? options.language)));
  const across = codes.size > 1 && options.bridge !== false;
  const dir = options.dictionaries ?? DEFAULT_DICTIONARIES;
  const missing = across ? missingDictionaries(codes, dir) : [];
  const bridges = new Map([...codes].map((c) => [c, across ? bridgeFor(c, dir) : null]));
  // Each story's words go straight into the index: the analyses themselves are not kept (memory at scale).
  const index = new TfIdfIndex(options.tfidf);
  const wordless = new Uint8Array(docs.length);
  const every = Math.max(1, Math.floor(docs.length / 20));
  docs.forEach((doc, i) => {
    if (i % every === 0) progress(0.4 * (i / docs.length), 'Reading the stories');
    const language = doc.language ?? options.language;
    if (!doc.analysed && !across) {
      const terms = analyseTerms(doc.text, language);
      wordless[i] = terms.stems.length === 0 ? 1 : 0;
      index.addTerms(doc.id, terms);
      return;
    }
    const analysed = doc.analysed ?? analyse(doc.text, language);
    wordless[i] = analysed.counts.size === 0 ? 1 : 0;
    const code = languageCode(language);
    index.add(doc.id, across ? bridged(analysed, code, bridges.get(code) ?? null) : analysed);
  });

  progress(0.4, 'Weighing the words');
  const noWords: string[] = [];
  const noShared: string[] = [];
  const live: number[] = [];
  const vectors: SparseVector[] = [];
  const own = across ? ownWords(index, options.ownWordsWeight ?? OWN_WORDS_WEIGHT) : undefined;
  docs.forEach((doc, i) => {
    const vector = own ? own(index.vector(doc.id)!) : index.vector(doc.id)!;
    if (wordless[i]) noWords.push(doc.id);
    else if (vector.indices.length === 0) noShared.push(doc.id);
    else {
      live.push(i);
      vectors.push(vector);
    }
  });
  const n = live.length;
  const special: Theme[] = [];
  if (noWords.length)
    special.push({ label: NO_WORDS, terms: [], stories: noWords, examples: noWords.slice(0, EXAMPLES) });
  if (noShared.length)
    special.push({ label: NO_SHARED_WORDS, terms: [], stories: noShared, examples: noShared.slice(0, EXAMPLES) });
  if (noWords.length)
    notes.push(
      `${noWords.length} ${noWords.length === 1 ? 'story has' : 'stories have'} no words to analyse (empty, or only very common words).`,
    );
  if (noShared.length)
    notes.push(
      `${noShared.length} ${noShared.length === 1 ? 'story shares' : 'stories share'} no words with the others, so ${noShared.length === 1 ? 'it is' : 'they are'} set apart.`,
    );
  if (missing.length)
    notes.push(
      `The stories are in several languages but the dictionaries for ${missing.join(', ')} are missing, so those stories are compared by their own words only.`,
    );
  const languages = across ? { codes: [...codes].sort(), missing } : undefined;
  if (n === 0) {
    progress(1, 'Done');
    return { k: 0, themes: special, points: [], notes, languages };
  }

  progress(0.45, 'Finding the main directions');
  // Many stories: fewer directions and power steps (each pass over the data costs seconds there).
  const large = n > LARGE;
  const svd = randomizedSvd(vectors, index.vocabularySize, large ? 40 : Math.max(...DIMENSIONS), seededRng(seed), {
    powerIterations: large ? 2 : 3,
  });
  const runs = runsFor(n);
  const dims = runs > 0 ? [...new Set(DIMENSIONS.map((d) => Math.min(d, svd.rank)))] : [svd.rank];
  const spaces = dims.map((d) => prefixRows(svd.coords, n, svd.rank, d));
  const widest = spaces[spaces.length - 1]!;

  let k: number;
  let criterion: ThemeResult['criterion'];
  if (options.k === 'auto') {
    const kMax = Math.max(2, Math.min(options.kMax ?? 20, Math.floor(n / 3)));
    progress(0.55, 'Choosing the number of themes');
    const choice = chooseK(widest, {
      seed,
      kMax,
      onK: (kk) => progress(0.55 + (0.2 * (kk - 2)) / Math.max(1, kMax - 1), 'Choosing the number of themes'),
    });
    k = choice.k;
    criterion = {
      name: 'mean silhouette (cosine distance) of k-means on up to 1,500 stories, highest wins',
      scores: choice.scores,
    };
  } else {
    k = Math.min(options.k, n);
    if (k < options.k)
      notes.push(
        `Asked for ${options.k} themes, but only ${n} ${n === 1 ? 'story has' : 'stories have'} words to compare, so there are ${k}.`,
      );
  }

  progress(0.75, 'Grouping the stories');
  const clustering: Clustering =
    k <= 1
      ? { k: 1, assignments: new Int32Array(n), centres: [], objective: 0, iterations: 0 }
      : runs > 0
        ? consensusKMeans(spaces, {
            k,
            seed,
            runs: finer(k, n) ? 2 * runs : runs,
            runK: finer(k, n) ? 2 * k : k,
            restarts: 5,
            tolerance: 0.01,
            // Plain k-means in the quick runs: a broad, loose theme keeps the stories at its edge that a tight one
            // beside it would take (Brown's learned texts beside its government ones, in bench/quality.ts).
            euclidean: true,
          })
        : sampledKMeans(widest, { k, seed, restarts: 3, sampleSize: 10000 });

  progress(0.9, 'Naming the themes');
  const themes = describe(
    clustering.assignments,
    k,
    vectors,
    live.map((i) => docs[i]!.id),
    index,
    // Stop words too: the contractions count among a story's words, but say nothing as a label (text.ts).
    new Set([...codes].flatMap((c) => [...fillersFor(c), ...stopwordsFor(c)])),
  );
  // Names from the phrases the stories use; the top terms remain the fallback for stories with no shared phrase.
  const labels = themePhrases(
    themes.map((t) => t.nearest.slice(0, LABEL_STORIES).map((i) => docs[live[i]!]!)),
    options.language,
  );
  themes.forEach((t, a) => {
    if (labels[a]!.length) t.theme.label = labels[a]!.join(' · ');
  });
  // Largest theme first; ties by the first story's position, so the order is stable.
  const order = [...themes.keys()].sort(
    (a, b) =>
      themes[b]!.members.length - themes[a]!.members.length ||
      (themes[a]!.members[0] ?? 0) - (themes[b]!.members[0] ?? 0),
  );
  const rank = new Int32Array(k);
  order.forEach((t, r) => (rank[t] = r));
  const assignments = Int32Array.from(clustering.assignments, (a) => rank[a]!);

  const centres = order.map((t) => {
    const c = new Float64Array(widest.dim);
    for (const i of themes[t]!.members) widest.addTo(i, c, 1);
    let s = 0;
    for (const v of c) s += v * v;
    return c.map((v) => v / (Math.sqrt(s) || 1));
  });
  const rows = new Float64Array(n * widest.dim);
  for (let i = 0; i < n; i++) widest.addTo(i, rows.subarray(i * widest.dim, (i + 1) * widest.dim), 1);
  const { x, y } = themeMap(rows, n, widest.dim, assignments, centres);
  const points = live.map((i, row) => ({ id: docs[i]!.id, x: x[row]!, y: y[row]!, theme: assignments[row]! }));
  if (options.onModel)
    options.onModel(
      themeModel({
        vectorOf: weigher(index, own, across ? { bridges, dir } : null, options.language),
        vectors,
        vocabulary: index.vocabularySize,
        svd,
        dim: widest.dim,
        centres,
        place: mapPlacer(rows, n, widest.dim, assignments, centres),
      }),
    );

  progress(1, 'Done');
  return { k, themes: [...order.map((t) => themes[t]!.theme), ...special], criterion, points, notes, languages };
}

/**
 * A further story's vector as the run weighs its own: the same document frequencies, bridge and own-word weight.
 * Made outside findThemes so that the model it joins keeps only what it needs, not the run's stories.
 */
function weigher(
  index: TfIdfIndex,
  own: ((v: SparseVector) => SparseVector) | undefined,
  across: { bridges: Map<string, Bridge | null>; dir: string } | null,
  fallback: string | undefined,
): (analysed: Analysed, language?: string) => SparseVector {
  return (analysed, language) => {
    const code = languageCode(language ?? fallback);
    if (across && !across.bridges.has(code)) across.bridges.set(code, bridgeFor(code, across.dir));
    const v = index.vectorOf(across ? bridged(analysed, code, across.bridges.get(code) ?? null) : analysed);
    return own ? own(v) : v;
  };
}

/** Scales a story's own-language words (marked by bridge.ts) against its concepts, keeping vectors unit-length. */
function ownWords(index: TfIdfIndex, weight: number): (v: SparseVector) => SparseVector {
  const scale = new Float64Array(index.vocabularySize);
  for (let t = 0; t < scale.length; t++) scale[t] = index.stem(t).includes(ORIGINAL) ? weight : 1;
  return (v) => {
    const values = v.values.map((x, j) => x * scale[v.indices[j]!]!);
    let s = 0;
    for (const x of values) s += x * x;
    const norm = Math.sqrt(s) || 1;
    return { indices: v.indices, values: values.map((x) => x / norm) };
  };
}

/**
 * Labels (most characteristic terms, in their usual surface form) and examples (nearest the centre). Filler words
 * ("every", "once", "went") still shape the themes, but are not shown as what a theme is about.
 */
function describe(
  assignments: Int32Array,
  k: number,
  vectors: SparseVector[],
  ids: string[],
  index: TfIdfIndex,
  fillers: ReadonlySet<string>,
): { theme: Theme; members: number[]; nearest: number[] }[] {
  const dim = index.vocabularySize;
  const sums = Array.from({ length: k }, () => new Float64Array(dim));
  const uses = Array.from({ length: k }, () => new Uint32Array(dim)); // how many of the theme's stories use a term
  const total = new Float64Array(dim);
  const members: number[][] = Array.from({ length: k }, () => []);
  vectors.forEach((v, i) => {
    const a = assignments[i]!;
    members[a]!.push(i);
    for (let j = 0; j < v.indices.length; j++) {
      sums[a]![v.indices[j]!]! += v.values[j]!;
      uses[a]![v.indices[j]!]! += 1;
      total[v.indices[j]!]! += v.values[j]!;
    }
  });
  const n = vectors.length;
  return sums.map((sum, a) => {
    const size = members[a]!.length;
    const others = n - size;
    // Characteristic: weight inside the theme beyond the weight elsewhere, times the share of the theme's stories
    // that use it, so a label names what the stories share rather than one story's words. The best few, in order.
    const top: [number, number][] = [];
    for (let t = 0; t < dim; t++) {
      if (sum[t] === 0) continue;
      const score = (sum[t]! / size - (others > 0 ? (total[t]! - sum[t]!) / others : 0)) * (uses[a]![t]! / size);
      if (top.length === CANDIDATE_TERMS) {
        if (score <= top[CANDIDATE_TERMS - 1]![1]) continue;
        top.pop();
      }
      let at = top.length;
      while (at > 0 && top[at - 1]![1] < score) at--;
      top.splice(at, 0, [t, score]);
    }
    // A story's own word and the concept it stands for show as the same word once.
    const terms = [...new Set(top.map(([t]) => index.surface(t)))]
      .filter((w) => !fillers.has(w.toLowerCase()))
      .slice(0, LABEL_TERMS);
    let norm = 0;
    for (const v of sum) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    const nearness = members[a]!.map((i) => {
      const v = vectors[i]!;
      let s = 0;
      for (let j = 0; j < v.indices.length; j++) s += v.values[j]! * sum[v.indices[j]!]!;
      return [i, s / norm] as const;
    });
    nearness.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
    return {
      members: members[a]!,
      nearest: nearness.map(([i]) => i),
      theme: {
        label: terms.slice(0, 3).join(' · ') || '(no label)',
        terms,
        stories: members[a]!.map((i) => ids[i]!),
        examples: nearness.slice(0, EXAMPLES).map(([i]) => ids[i]!),
      },
    };
  });
}
