/**
 * Truncated SVD of a sparse matrix, for latent semantic analysis (LSA). For up to 2,500 long rows: Lanczos with full
 * reorthogonalisation on the Gram matrix X Xᵀ (near exact, and fast there). Otherwise randomized range finding with
 * power iterations (Halko, Martinsson & Tropp 2011) on X itself, whichever costs fewer operations. Tall matrices are row-major
 * Float64Arrays; orthonormalisation is Cholesky QR (twice at the end), far cheaper than Householder here.
 */
import { symmetricEigen } from './eigen.ts';
import type { Rng } from './rng.ts';
import type { SparseVector } from './types.ts';

export interface Svd {
  /** Row i's coordinates in the top components (U·Σ), row-major n × rank. */
  coords: Float64Array;
  singularValues: Float64Array;
  rank: number;
}

/** The rows as compressed sparse rows and columns, columns renumbered to the terms actually used. */
interface Matrix {
  n: number;
  /** Columns in use. */
  d: number;
  rowPtr: Int32Array;
  rowCol: Int32Array;
  rowVal: Float64Array;
  colPtr: Int32Array;
  colRow: Int32Array;
  colVal: Float64Array;
}

function toMatrix(rows: SparseVector[], dim: number): Matrix {
  const n = rows.length;
  const remap = new Int32Array(dim).fill(-1);
  let d = 0;
  let nnz = 0;
  for (const row of rows) {
    nnz += row.indices.length;
    for (const t of row.indices) if (remap[t] === -1) remap[t] = d++;
  }
  const rowPtr = new Int32Array(n + 1);
  const rowCol = new Int32Array(nnz);
  const rowVal = new Float64Array(nnz);
  const colCount = new Int32Array(d + 1);
  let p = 0;
  rows.forEach((row, i) => {
    rowPtr[i] = p;
    for (let j = 0; j < row.indices.length; j++, p++) {
      rowCol[p] = remap[row.indices[j]!]!;
      rowVal[p] = row.values[j]!;
      colCount[rowCol[p]! + 1]!++;
    }
  });
  rowPtr[n] = p;
  const colPtr = new Int32Array(d + 1);
  for (let t = 0; t < d; t++) colPtr[t + 1] = colPtr[t]! + colCount[t + 1]!;
  const fill = colPtr.slice(0, d);
  const colRow = new Int32Array(nnz);
  const colVal = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const at = fill[rowCol[q]!]!++;
      colRow[at] = i;
      colVal[at] = rowVal[q]!;
    }
  }
  return { n, d, rowPtr, rowCol, rowVal, colPtr, colRow, colVal };
}

/** out (n × c) = X (n × d) · M (d × c). */
function times(x: Matrix, m: Float64Array, c: number): Float64Array {
  const { n, rowPtr, rowCol, rowVal } = x;
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let p = rowPtr[i]!, end = rowPtr[i + 1]!; p < end; p++) {
      const v = rowVal[p]!;
      const base = rowCol[p]! * c;
      for (let k = 0; k < c; k++) out[o + k]! += v * m[base + k]!;
    }
  }
  return out;
}

/** out (d × c) = Xᵀ · Q (n × c), column by column so that writes stay in place. */
function transposeTimes(x: Matrix, q: Float64Array, c: number): Float64Array {
  const { d, colPtr, colRow, colVal } = x;
  const out = new Float64Array(d * c);
  for (let t = 0; t < d; t++) {
    const o = t * c;
    for (let p = colPtr[t]!, end = colPtr[t + 1]!; p < end; p++) {
      const v = colVal[p]!;
      const base = colRow[p]! * c;
      for (let k = 0; k < c; k++) out[o + k]! += v * q[base + k]!;
    }
  }
  return out;
}

/** K = X Xᵀ (n × n, dense), from each term's pairs of rows: cheaper to iterate with than X for a few thousand rows. */
function rowGram(x: Matrix): Float64Array {
  const { n, d, colPtr, colRow, colVal } = x;
  const k = new Float64Array(n * n);
  for (let t = 0; t < d; t++) {
    const end = colPtr[t + 1]!;
    for (let p = colPtr[t]!; p < end; p++) {
      const o = colRow[p]! * n;
      const v = colVal[p]!;
      // Rows within a column are increasing, so this fills the upper triangle.
      for (let q = p; q < end; q++) k[o + colRow[q]!]! += v * colVal[q]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) k[j * n + i] = k[i * n + j]!;
  return k;
}

/** G = AᵀA for a row-major n × c matrix. */
function gram(a: Float64Array, n: number, c: number): Float64Array {
  const g = new Float64Array(c * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let p = 0; p < c; p++) {
      const x = a[o + p]!;
      if (x === 0) continue;
      const gp = p * c;
      for (let q = p; q < c; q++) g[gp + q]! += x * a[o + q]!;
    }
  }
  for (let p = 0; p < c; p++) for (let q = 0; q < p; q++) g[p * c + q] = g[q * c + p]!;
  return g;
}

/** In place: A := A·R⁻¹ where G = RᵀR; columns that are (numerically) dependent become zero. */
function cholQr(a: Float64Array, n: number, c: number): void {
  const g = gram(a, n, c);
  const r = new Float64Array(c * c);
  let scale = 0;
  for (let p = 0; p < c; p++) scale = Math.max(scale, g[p * c + p]!);
  const tiny = scale * 1e-13 + 1e-300;
  for (let p = 0; p < c; p++) {
    for (let q = p; q < c; q++) {
      let s = g[p * c + q]!;
      for (let k = 0; k < p; k++) s -= r[k * c + p]! * r[k * c + q]!;
      if (q === p) r[p * c + p] = s > tiny ? Math.sqrt(s) : 0;
      else r[p * c + q] = r[p * c + p]! > 0 ? s / r[p * c + p]! : 0;
    }
  }
  // Solve X·R = A row by row (R upper triangular).
  const row = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let q = 0; q < c; q++) {
      let s = a[o + q]!;
      for (let k = 0; k < q; k++) s -= row[k]! * r[k * c + q]!;
      row[q] = r[q * c + q]! > 0 ? s / r[q * c + q]! : 0;
    }
    a.set(row, o);
  }
}

function orthonormalise(a: Float64Array, n: number, c: number): void {
  cholQr(a, n, c);
  cholQr(a, n, c);
}

/**
 * m steps of Lanczos with full reorthogonalisation on a dense symmetric n × n matrix: an orthonormal basis Q
 * (n × m, row-major) of the Krylov space and T = QᵀKQ (m × m, tridiagonal). Stops early if the space is exhausted.
 */
function lanczos(k: Float64Array, n: number, steps: number, rng: Rng): { q: Float64Array; t: Float64Array; m: number } {
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rng.next() - 1;
  const normalise = (w: Float64Array) => {
    let s = 0;
    for (const x of w) s += x * x;
    const norm = Math.sqrt(s);
    for (let i = 0; i < n; i++) w[i]! /= norm || 1;
    return norm;
  };
  normalise(v);
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    basis.push(v);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * n;
      // Four running sums: independent additions keep the processor busier than one chain.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      for (; p + 3 < n; p += 4) {
        s0 += k[o + p]! * v[p]!;
        s1 += k[o + p + 1]! * v[p + 1]!;
        s2 += k[o + p + 2]! * v[p + 2]!;
        s3 += k[o + p + 3]! * v[p + 3]!;
      }
      for (; p < n; p++) s0 += k[o + p]! * v[p]!;
      w[i] = s0 + s1 + s2 + s3;
    }
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i]! * v[i]!;
    alpha.push(a);
    // Full reorthogonalisation, twice: keeps the basis orthonormal, so T's eigenvalues are K's.
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let d = 0;
        for (let i = 0; i < n; i++) d += w[i]! * b[i]!;
        for (let i = 0; i < n; i++) w[i]! -= d * b[i]!;
      }
    }
    scale = Math.max(scale, Math.abs(a));
    if (j === steps - 1) break;
    let b = normalise(w);
    if (b <= 1e-10 * (scale || 1)) {
      // The Krylov space is exhausted (e.g. equal eigenvalues): go on from a fresh direction, if any is left.
      b = 0;
      for (let i = 0; i < n; i++) w[i] = 2 * rng.next() - 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const u of basis) {
          let d = 0;
          for (let i = 0; i < n; i++) d += w[i]! * u[i]!;
          for (let i = 0; i < n; i++) w[i]! -= d * u[i]!;
        }
      }
      if (normalise(w) <= 1e-8) break;
    }
    beta.push(b);
    v = w;
  }
  const m = basis.length;
  const q = new Float64Array(n * m);
  basis.forEach((b, j) => {
    for (let i = 0; i < n; i++) q[i * m + j] = b[i]!;
  });
  const t = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    t[j * m + j] = alpha[j]!;
    if (j + 1 < m) t[j * m + j + 1] = t[(j + 1) * m + j] = beta[j]!;
  }
  return { q, t, m };
}

/** Up to this many rows the n × n Gram matrix is used (at most 2,500² doubles = 50 MB). */
const GRAM_ROWS = 2500;

/** Rough operation counts: building K and Lanczos on it, against passes over X with c columns. */
function gramIsCheaper(x: Matrix, steps: number, c: number, powerIterations: number): boolean {
  let pairs = 0;
  for (let t = 0; t < x.d; t++) {
    const df = x.colPtr[t + 1]! - x.colPtr[t]!;
    pairs += (df * (df + 1)) / 2;
  }
  const gram = pairs + 2 * steps * x.n * x.n;
  const sparse = (2 * powerIterations + 3) * c * x.rowPtr[x.n]! + 5 * x.n * c * c;
  return gram < sparse;
}

/** Qᵀ Y (c × c), symmetrised. */
function projected(q: Float64Array, y: Float64Array, n: number, c: number): Float64Array {
  const m = new Float64Array(c * c);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < c; p++) {
      const v = q[i * c + p]!;
      if (v === 0) continue;
      for (let k = 0; k < c; k++) m[p * c + k]! += v * y[i * c + k]!;
    }
  }
  for (let p = 0; p < c; p++)
    for (let k = 0; k < p; k++) m[p * c + k] = m[k * c + p] = (m[p * c + k]! + m[k * c + p]!) / 2;
  return m;
}

/**
 * The top `rank` singular directions of the n × dim matrix whose rows are `rows`: each row's coordinates (U·Σ) and
 * the singular values. Deterministic for an RNG seed; each direction's sign is fixed (largest coordinate positive).
 */
export function randomizedSvd(
  rows: SparseVector[],
  dim: number,
  rank: number,
  rng: Rng,
  { powerIterations = 3, oversample = 10, path = 'auto' as 'auto' | 'gram' | 'sparse' } = {},
): Svd {
  const x = toMatrix(rows, dim);
  const n = x.n;
  let r = Math.max(1, Math.min(rank, n, x.d));
  let c = Math.min(r + oversample, n, x.d);
  let q: Float64Array;
  let bbt: Float64Array;
  const steps = Math.min(n, r + 30);
  if (path === 'gram' || (path === 'auto' && n <= GRAM_ROWS && gramIsCheaper(x, steps, c, powerIterations))) {
    // Few, long rows: Lanczos on K = X Xᵀ, whose products are dense and sequential; T = QᵀKQ is tridiagonal.
    ({ q, t: bbt, m: c } = lanczos(rowGram(x), n, steps, rng));
  } else {
    // Range finding: Q = orth((X Xᵀ)^q X Ω). A uniform test matrix serves as well as a Gaussian one.
    const omega = new Float64Array(x.d * c);
    for (let i = 0; i < omega.length; i++) omega[i] = 2 * rng.next() - 1;
    q = times(x, omega, c);
    orthonormalise(q, n, c);
    let z = transposeTimes(x, q, c);
    for (let it = 0; it < powerIterations; it++) {
      q = times(x, z, c);
      // One Cholesky QR keeps the columns apart between power steps; the last gets the full (twice) treatment.
      if (it < powerIterations - 1) cholQr(q, n, c);
      else orthonormalise(q, n, c);
      z = transposeTimes(x, q, c);
    }
    // B = Qᵀ X = Zᵀ, so B Bᵀ = ZᵀZ, or Qᵀ (X Z) when that is cheaper than a d × c² Gram matrix.
    bbt = (x.d * c) / 2 < x.rowPtr[n]! ? gram(z, x.d, c) : projected(q, times(x, z, c), n, c);
  }
  const { values, vectors } = symmetricEigen(bbt, c);
  r = Math.min(r, c);
  const singularValues = Float64Array.from(values.subarray(0, r), (x) => Math.sqrt(Math.max(0, x)));
  // coords = Q · U_b · Σ (= X · V).
  const scaled = new Float64Array(c * r);
  for (let k = 0; k < c; k++) for (let j = 0; j < r; j++) scaled[k * r + j] = vectors[k * c + j]! * singularValues[j]!;
  const coords = new Float64Array(n * r);
  for (let i = 0; i < n; i++) {
    const o = i * r;
    for (let k = 0; k < c; k++) {
      const v = q[i * c + k]!;
      if (v === 0) continue;
      const base = k * r;
      for (let j = 0; j < r; j++) coords[o + j]! += v * scaled[base + j]!;
    }
  }
  // A deterministic sign for each component: the largest coordinate of U·Σ along it positive.
  for (let j = 0; j < r; j++) {
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(coords[i * r + j]!) > Math.abs(big)) big = coords[i * r + j]!;
    if (big < 0) {
      for (let i = 0; i < n; i++) coords[i * r + j] = -coords[i * r + j]!;
      for (let k = 0; k < c; k++) vectors[k * c + j] = -vectors[k * c + j]!;
    }
  }
  return { coords, singularValues, rank: r };
}
