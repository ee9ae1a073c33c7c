/**
 * Spherical k-means (cosine similarity; unit-length centres) with greedy k-means++ seeding, a seeded RNG and
 * several restarts, over sparse tf-idf rows or dense LSA rows. Choosing k: mean silhouette (cosine distance).
 */
import { type Rng, sample, seededRng } from './rng.ts';
import type { SparseVector } from './types.ts';

/** Rows to cluster, each of unit length (or zero). */
export interface Rows {
  n: number;
  dim: number;
  /** Row i · a dense vector. */
  dot(i: number, dense: Float64Array): number;
  /** acc += scale · row i. */
  addTo(i: number, acc: Float64Array, scale: number): void;
  /** Dense rows' data (row-major n × dim), for the fast assignment loop. */
  data?: Float64Array;
}

export function sparseRows(vectors: SparseVector[], dim: number): Rows {
  return {
    n: vectors.length,
    dim,
    dot(i, dense) {
      const v = vectors[i]!;
      let s = 0;
      for (let j = 0; j < v.indices.length; j++) s += v.values[j]! * dense[v.indices[j]!]!;
      return s;
    },
    addTo(i, acc, scale) {
      const v = vectors[i]!;
      for (let j = 0; j < v.indices.length; j++) acc[v.indices[j]!]! += scale * v.values[j]!;
    },
  };
}

/** Dense row-major n × dim rows, normalised to unit length here (a copy). */
export function denseRows(data: Float64Array, n: number, dim: number): Rows {
  const rows = Float64Array.from(data);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += rows[i * dim + j]! ** 2;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let j = 0; j < dim; j++) rows[i * dim + j]! /= norm;
  }
  return {
    n,
    dim,
    data: rows,
    dot(i, dense) {
      let s = 0;
      const o = i * dim;
      for (let j = 0; j < dim; j++) s += rows[o + j]! * dense[j]!;
      return s;
    },
    addTo(i, acc, scale) {
      const o = i * dim;
      for (let j = 0; j < dim; j++) acc[j]! += scale * rows[o + j]!;
    },
  };
}

/** Just the listed rows of another Rows (for choosing k on a sample). */
export function subsetRows(rows: Rows, which: number[]): Rows {
  const data = rows.data;
  if (data) {
    // Dense rows are copied, so the fast assignment loop applies (they are unit length already).
    const dim = rows.dim;
    const copy = new Float64Array(which.length * dim);
    which.forEach((i, j) => copy.set(data.subarray(i * dim, (i + 1) * dim), j * dim));
    return denseRows(copy, which.length, dim);
  }
  return {
    n: which.length,
    dim: rows.dim,
    dot: (i, d) => rows.dot(which[i]!, d),
    addTo: (i, a, s) => rows.addTo(which[i]!, a, s),
  };
}

export interface Clustering {
  k: number;
  assignments: Int32Array;
  /** Unit-length centres, each a dense vector of rows.dim. */
  centres: Float64Array[];
  /** Σ (1 − cos(row, its centre)); lower is tighter. */
  objective: number;
  iterations: number;
}

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Independent starts; the tightest wins. Default 5. */
  restarts?: number;
  maxIterations?: number;
  /** Candidates tried for each new seed centre (greedy k-means++); default 2 + ln k. */
  trials?: number;
  /** Stop once no more than this fraction of rows change cluster in an iteration (default 0: until none do). */
  tolerance?: number;
  /**
   * Plain k-means: each row to the nearest centre by Euclidean distance, the centres being the clusters' means (not
   * unit length). A loose cluster's mean is short, so it keeps the rows between it and a tight cluster that spherical
   * k-means would give the tight one. Default false (spherical).
   */
  euclidean?: boolean;
}

function unit(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j]! /= norm;
  return v;
}

function rowVector(rows: Rows, i: number): Float64Array {
  const v = new Float64Array(rows.dim);
  rows.addTo(i, v, 1);
  return unit(v);
}

/** Greedy k-means++ (as scikit-learn): each new centre is the best of a few D²-weighted candidates. */
function seedCentres(rows: Rows, k: number, rng: Rng, trials = 2 + Math.floor(Math.log(k))): Float64Array[] {
  const n = rows.n;
  const centres = [rowVector(rows, rng.int(n))];
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = Math.max(0, 1 - rows.dot(i, centres[0]!));
  while (centres.length < k) {
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i]! ** 2;
    let best: { centre: Float64Array; dist: Float64Array; potential: number } | undefined;
    for (let t = 0; t < trials; t++) {
      let target = rng.next() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= closest[i]! ** 2;
        if (target < 0) {
          pick = i;
          break;
        }
      }
      if (total === 0) pick = rng.int(n);
      const centre = rowVector(rows, pick);
      const dist = new Float64Array(n);
      let potential = 0;
      for (let i = 0; i < n; i++) {
        dist[i] = Math.min(closest[i]!, Math.max(0, 1 - rows.dot(i, centre)));
        potential += dist[i]! ** 2;
      }
      if (!best || potential < best.potential) best = { centre, dist, potential };
    }
    centres.push(best!.centre);
    closest.set(best!.dist);
  }
  return centres;
}

/**
 * Each row to its most similar centre (row · centre − bias of the centre: none for spherical k-means, half the
 * centre's squared length for Euclidean distance to a mean); returns how many rows moved.
 */
function assign(
  rows: Rows,
  centres: Float64Array[],
  assignments: Int32Array,
  sims: Float64Array,
  bias: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < rows.n; i++) {
    let best = 0;
    let bestSim = -Infinity;
    for (let c = 0; c < centres.length; c++) {
      const s = rows.dot(i, centres[c]!) - bias[c]!;
      if (s > bestSim) [best, bestSim] = [c, s];
    }
    sims[i] = bestSim;
    if (assignments[i] !== best) {
      assignments[i] = best;
      changed++;
    }
  }
  return changed;
}

/** The same over dense rows, with the centres packed together: the hot loop of LSA clustering. */
function assignDense(
  data: Float64Array,
  n: number,
  dim: number,
  centres: Float64Array[],
  assignments: Int32Array,
  sims: Float64Array,
  bias: Float64Array,
): number {
  const k = centres.length;
  const packed = new Float64Array(k * dim);
  centres.forEach((c, j) => packed.set(c, j * dim));
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let best = 0;
    let bestSim = -Infinity;
    for (let c = 0; c < k; c++) {
      const base = c * dim;
      // Four running sums: independent additions keep the processor busier than one chain.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < dim; j += 4) {
        s0 += data[o + j]! * packed[base + j]!;
        s1 += data[o + j + 1]! * packed[base + j + 1]!;
        s2 += data[o + j + 2]! * packed[base + j + 2]!;
        s3 += data[o + j + 3]! * packed[base + j + 3]!;
      }
      for (; j < dim; j++) s0 += data[o + j]! * packed[base + j]!;
      const s = s0 + s1 + s2 + s3 - bias[c]!;
      if (s > bestSim) {
        best = c;
        bestSim = s;
      }
    }
    sims[i] = bestSim;
    if (assignments[i] !== best) {
      assignments[i] = best;
      changed++;
    }
  }
  return changed;
}

/** Sums and sizes of each cluster's dense rows. */
function addDense(
  data: Float64Array,
  dim: number,
  assignments: Int32Array,
  sums: Float64Array[],
  sizes: Int32Array,
): void {
  for (let i = 0; i < assignments.length; i++) {
    const a = assignments[i]!;
    const sum = sums[a]!;
    const o = i * dim;
    for (let j = 0; j < dim; j++) sum[j]! += data[o + j]!;
    sizes[a]!++;
  }
}

/** Half of each centre's squared length (Euclidean k-means), or zeros (spherical: the centres are unit length). */
function biases(centres: Float64Array[], euclidean: boolean): Float64Array {
  const bias = new Float64Array(centres.length);
  if (euclidean)
    centres.forEach((c, j) => {
      let s = 0;
      for (const x of c) s += x * x;
      bias[j] = s / 2;
    });
  return bias;
}

function lloyd(
  rows: Rows,
  centres: Float64Array[],
  maxIterations: number,
  tolerance = 0,
  euclidean = false,
): Clustering {
  const { n } = rows;
  const k = centres.length;
  const assignments = new Int32Array(n).fill(-1);
  const sims = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const bias = biases(centres, euclidean);
    const changed = rows.data
      ? assignDense(rows.data, n, rows.dim, centres, assignments, sims, bias)
      : assign(rows, centres, assignments, sims, bias);
    if (changed <= tolerance * n && iterations > 0) break;
    const sums = centres.map(() => new Float64Array(rows.dim));
    const sizes = new Int32Array(k);
    if (rows.data) addDense(rows.data, rows.dim, assignments, sums, sizes);
    else {
      for (let i = 0; i < n; i++) {
        rows.addTo(i, sums[assignments[i]!]!, 1);
        sizes[assignments[i]!]!++;
      }
    }
    // An empty cluster takes the row that fits its own cluster worst (deterministic, keeps k clusters).
    const taken = new Set<number>();
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) continue;
      let worst = -1;
      for (let i = 0; i < n; i++)
        if (!taken.has(i) && sizes[assignments[i]!]! > 1 && (worst < 0 || sims[i]! < sims[worst]!)) worst = i;
      if (worst < 0) continue;
      taken.add(worst);
      rows.addTo(worst, sums[assignments[worst]!]!, -1);
      sizes[assignments[worst]!]!--;
      assignments[worst] = c;
      rows.addTo(worst, sums[c]!, 1);
      sizes[c] = 1;
    }
    for (let c = 0; c < k; c++)
      centres[c] = euclidean ? sums[c]!.map((x) => x / Math.max(1, sizes[c]!)) : unit(sums[c]!);
  }
  // Spherical: Σ (1 − cos); Euclidean: Σ |row − mean|² = Σ (1 − 2 row · mean + |mean|²), rows being unit length.
  const bias = biases(centres, euclidean);
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const c = assignments[i]!;
    objective += euclidean ? 1 - 2 * (rows.dot(i, centres[c]!) - bias[c]!) : 1 - rows.dot(i, centres[c]!);
  }
  return { k, assignments, centres, objective, iterations };
}

/** Spherical k-means, the tightest of several seeded starts. Deterministic for a seed. */
export function kMeans(rows: Rows, options: KMeansOptions): Clustering {
  const k = Math.max(1, Math.min(options.k, rows.n));
  if (rows.n === 0) throw new Error('There is nothing to cluster.');
  const rng = seededRng(options.seed);
  let best: Clustering | undefined;
  for (let r = 0; r < Math.max(1, options.restarts ?? 5); r++) {
    const result = lloyd(
      rows,
      seedCentres(rows, k, rng, options.trials),
      options.maxIterations ?? 100,
      options.tolerance,
      options.euclidean,
    );
    if (!best || result.objective < best.objective - 1e-12) best = result;
  }
  return best!;
}

/**
 * For many rows: k-means with restarts on a random sample finds the centres, then Lloyd iterations over all rows
 * refine them (at most 15 passes, stopping once no more than 0.2% of rows move).
 */
export function sampledKMeans(rows: Rows, options: KMeansOptions & { sampleSize: number }): Clustering {
  const which = sample(seededRng(options.seed ^ 0x2545f491), rows.n, Math.min(rows.n, options.sampleSize)).sort(
    (a, b) => a - b,
  );
  const start = kMeans(subsetRows(rows, which), { ...options, maxIterations: options.maxIterations ?? 100 });
  return lloyd(rows, start.centres, 15, options.tolerance ?? 0.002, options.euclidean);
}

/**
 * Evidence accumulation: several quick k-means runs (one start each, over the given spaces in turn, stopping once
 * `tolerance` of the rows or fewer move; Euclidean when `euclidean` is set), then spherical k-means with restarts
 * over each row's memberships (a one-hot vector per run, so the dot product of two rows counts the runs that put
 * them together). Steadier than the best of several starts, and linear in the number of rows.
 */
export function consensusKMeans(spaces: Rows[], options: KMeansOptions & { runs: number; runK?: number }): Clustering {
  const n = spaces[0]!.n;
  const k = Math.max(1, Math.min(options.k, n));
  const runK = Math.max(k, Math.min(options.runK ?? k, n));
  const runs = Math.max(1, options.runs);
  const members = new Uint32Array(n * runs);
  for (let r = 0; r < runs; r++) {
    const result = kMeans(spaces[r % spaces.length]!, {
      k: runK,
      seed: options.seed * 7919 + r,
      restarts: 1,
      trials: options.trials ?? 1,
      maxIterations: options.maxIterations,
      tolerance: options.tolerance,
      euclidean: options.euclidean,
    });
    for (let i = 0; i < n; i++) members[i * runs + r] = r * runK + result.assignments[i]!;
  }
  const weight = 1 / Math.sqrt(runs);
  const votes: SparseVector[] = [];
  for (let i = 0; i < n; i++)
    votes.push({ indices: members.subarray(i * runs, (i + 1) * runs), values: new Float64Array(runs).fill(weight) });
  return kMeans(sparseRows(votes, runs * runK), {
    k,
    seed: options.seed,
    restarts: options.restarts ?? 10,
    maxIterations: options.maxIterations,
  });
}
