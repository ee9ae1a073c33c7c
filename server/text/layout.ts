/**
 * The theme map's two dimensions: theme centres placed by classical multidimensional scaling of the distances
 * between them, and each story around its centre by its offset along the two main directions in which stories
 * differ from their own theme's centre. Deterministic; coordinates scaled into [-1, 1].
 */
import { symmetricEigen } from './eigen.ts';

/** Top two eigenvectors (columns, scaled by √λ when `scale`) of a symmetric c × c matrix, with fixed signs. */
function topTwo(m: Float64Array, c: number, scale: boolean): [Float64Array, Float64Array] {
  const { values, vectors } = symmetricEigen(m, c);
  const axes = [0, 1].map((j) => {
    const v = new Float64Array(c);
    if (j >= c) return v;
    const s = scale ? Math.sqrt(Math.max(0, values[j]!)) : 1;
    let big = 0;
    for (let i = 0; i < c; i++) {
      v[i] = vectors[i * c + j]! * s;
      if (Math.abs(v[i]!) > Math.abs(big)) big = v[i]!;
    }
    if (big < 0) for (let i = 0; i < c; i++) v[i] = -v[i]!;
    return v;
  });
  return [axes[0]!, axes[1]!];
}

/** Where the theme centres sit, the two directions stories spread along, and the offsets of the given rows. */
function frame(rows: Float64Array, n: number, dim: number, assignments: Int32Array, centres: Float64Array[]) {
  const k = centres.length;
  // Classical MDS of the centres: B = -½ J D² J with D² = |a - b|².
  const d2 = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (centres[a]![j]! - centres[b]![j]!) ** 2;
      d2[a * k + b] = s;
    }
  }
  const rowMean = new Float64Array(k);
  let all = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) rowMean[a]! += d2[a * k + b]! / k;
    all += rowMean[a]! / k;
  }
  const bMatrix = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) bMatrix[a * k + b] = -0.5 * (d2[a * k + b]! - rowMean[a]! - rowMean[b]! + all);
  const [cx, cy] = k > 1 ? topTwo(bMatrix, k, true) : [new Float64Array(1), new Float64Array(1)];
  // Typical spacing between centres: the median distance to the nearest other centre.
  const nearest: number[] = [];
  for (let a = 0; a < k; a++) {
    let best = Infinity;
    for (let b = 0; b < k; b++) if (a !== b) best = Math.min(best, Math.hypot(cx[a]! - cx[b]!, cy[a]! - cy[b]!));
    if (Number.isFinite(best)) nearest.push(best);
  }
  nearest.sort((p, q) => p - q);
  const spacing = nearest.length ? Math.max(nearest[Math.floor(nearest.length / 2)]!, 1e-6) : 1;

  // Main directions of the residuals (story − its centre), from a covariance over at most 5,000 stories.
  const cov = new Float64Array(dim * dim);
  const step = Math.max(1, Math.floor(n / 5000));
  const r = new Float64Array(dim);
  for (let i = 0; i < n; i += step) {
    const c = centres[assignments[i]!]!;
    for (let j = 0; j < dim; j++) r[j] = rows[i * dim + j]! - c[j]!;
    for (let p = 0; p < dim; p++) for (let q = p; q < dim; q++) cov[p * dim + q]! += r[p]! * r[q]!;
  }
  for (let p = 0; p < dim; p++) for (let q = 0; q < p; q++) cov[p * dim + q] = cov[q * dim + p]!;
  const [u, v] = topTwo(cov, dim, false);
  const ox = new Float64Array(n);
  const oy = new Float64Array(n);
  const radius: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = centres[assignments[i]!]!;
    let sx = 0;
    let sy = 0;
    for (let j = 0; j < dim; j++) {
      const d = rows[i * dim + j]! - c[j]!;
      sx += d * u[j]!;
      sy += d * v[j]!;
    }
    ox[i] = sx;
    oy[i] = sy;
    radius.push(Math.hypot(sx, sy));
  }
  radius.sort((p, q) => p - q);
  const typical = Math.max(radius[Math.floor(radius.length * 0.9)] ?? 0, 1e-9);
  // Clumps about a third of the spacing across, so themes stay apart while their spread still shows.
  const s = (0.35 * spacing) / typical;
  return { cx, cy, u, v, s, ox, oy };
}

/**
 * rows: unit-length rows (n × dim), assignments to k themes, centres: unit-length (k × dim).
 * Returns x and y per row.
 */
export function themeMap(
  rows: Float64Array,
  n: number,
  dim: number,
  assignments: Int32Array,
  centres: Float64Array[],
): { x: Float64Array; y: Float64Array } {
  const { cx, cy, s, ox, oy } = frame(rows, n, dim, assignments, centres);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let extent = 1e-12;
  for (let i = 0; i < n; i++) {
    x[i] = cx[assignments[i]!]! + s * ox[i]!;
    y[i] = cy[assignments[i]!]! + s * oy[i]!;
    extent = Math.max(extent, Math.abs(x[i]!), Math.abs(y[i]!));
  }
  for (let i = 0; i < n; i++) {
    x[i] = x[i]! / extent;
    y[i] = y[i]! / extent;
  }
  return { x, y };
}

/**
 * The map's frame fitted on these rows (a sample), to place any further story (a unit-length row of `dim`, in
 * theme `a`) the same way. Not yet scaled into [-1, 1]: the caller divides by the largest extent of all it placed.
 */
export function mapPlacer(
  rows: Float64Array,
  n: number,
  dim: number,
  assignments: Int32Array,
  centres: Float64Array[],
): (row: Float64Array, a: number) => [number, number] {
  const { cx, cy, u, v, s } = frame(rows, n, dim, assignments, centres);
  return (row, a) => {
    const c = centres[a]!;
    let sx = 0;
    let sy = 0;
    for (let j = 0; j < dim; j++) {
      const d = row[j]! - c[j]!;
      sx += d * u[j]!;
      sy += d * v[j]!;
    }
    return [cx[a]! + s * sx, cy[a]! + s * sy];
  };
}
