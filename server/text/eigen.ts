/** Eigen-decomposition of small dense symmetric matrices (a few hundred rows at most). */

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
