/**
 * Truncated SVD of a sparse matrix by randomized range finding with power iterations (Halko, Martinsson & Tropp
 * 2011), for latent semantic analysis. Tall matrices are row-major Float64Arrays; orthonormalisation is Cholesky
 * QR done twice, which is stable enough after each power step and far cheaper than Householder here.
 */
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

/** out (n × c) = K (n × n, symmetric dense) · Q (n × c). */
function denseTimes(k: Float64Array, n: number, q: Float64Array, c: number): Float64Array {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < n; j++) {
      const v = k[i * n + j]!;
      if (v === 0) continue;
      const base = j * c;
      for (let a = 0; a < c; a++) out[o + a]! += v * q[base + a]!;
    }
  }
  return out;
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

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; eigenvalues descending. */
export function symmetricEigen(m: Float64Array, c: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(c * c);
  for (let i = 0; i < c; i++) v[i * c + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < c; p++) for (let q = p + 1; q < c; q++) off += a[p * c + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < c; p++) {
      for (let q = p + 1; q < c; q++) {
        const apq = a[p * c + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * c + q]! - a[p * c + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < c; k++) {
          const akp = a[k * c + p]!;
          const akq = a[k * c + q]!;
          a[k * c + p] = cos * akp - sin * akq;
          a[k * c + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < c; k++) {
          const apk = a[p * c + k]!;
          const aqk = a[q * c + k]!;
          a[p * c + k] = cos * apk - sin * aqk;
          a[q * c + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < c; k++) {
          const vkp = v[k * c + p]!;
          const vkq = v[k * c + q]!;
          v[k * c + p] = cos * vkp - sin * vkq;
          v[k * c + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  const order = [...Array(c).keys()].sort((x, y) => a[y * c + y]! - a[x * c + x]!);
  const values = Float64Array.from(order, (i) => a[i * c + i]!);
  const vectors = new Float64Array(c * c); // column j = eigenvector j
  order.forEach((src, j) => {
    for (let k = 0; k < c; k++) vectors[k * c + j] = v[k * c + src]!;
  });
  return { values, vectors };
}

/**
 * The top `rank` singular triplets of the n × dim matrix whose rows are `rows`.
 * `powerIterations` sharpens the spectrum (more = more accurate, each costs two passes over the data).
 */
/** Below this many rows the n × n Gram matrix is used (at most 2,500² doubles = 50 MB). */
const GRAM_ROWS = 2500;

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
  for (let p = 0; p < c; p++) for (let k = 0; k < p; k++) m[p * c + k] = m[k * c + p] = (m[p * c + k]! + m[k * c + p]!) / 2;
  return m;
}

export function randomizedSvd(
  rows: SparseVector[], dim: number, rank: number, rng: Rng,
  { powerIterations = 3, oversample = 10 } = {},
): Svd {
  const x = toMatrix(rows, dim);
  const n = x.n;
  const r = Math.max(1, Math.min(rank, n, x.d));
  const c = Math.min(r + oversample, n, x.d);
  // Range finding: Q = orth((X Xᵀ)^q X Ω). A uniform test matrix serves as well as a Gaussian one.
  let q: Float64Array;
  let bbt: Float64Array;
  if (n <= GRAM_ROWS) {
    // Few rows: iterate with K = X Xᵀ, whose products are dense and sequential.
    const k = rowGram(x);
    const omega = new Float64Array(n * c);
    for (let i = 0; i < omega.length; i++) omega[i] = 2 * rng.next() - 1;
    q = denseTimes(k, n, omega, c);
    orthonormalise(q, n, c);
    for (let it = 0; it < powerIterations; it++) {
      q = denseTimes(k, n, q, c);
      orthonormalise(q, n, c);
    }
    bbt = projected(q, denseTimes(k, n, q, c), n, c);
  } else {
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
