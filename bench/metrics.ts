/**
 * Clustering agreement with known classes: V-measure (Rosenberg & Hirschberg 2007) and the adjusted Rand index
 * (Hubert & Arabie 1985), computed from the contingency table as scikit-learn does (natural logarithms; a
 * labelling with a single class or cluster has entropy 0 and its homogeneity/completeness is 1).
 */

type Labels = readonly (string | number)[];

function contingency(
  truth: Labels,
  predicted: Labels,
): { table: Map<string, number>; rows: Map<string, number>; cols: Map<string, number>; n: number } {
  if (truth.length !== predicted.length)
    throw new Error(`Label lists differ in length (${truth.length} and ${predicted.length}).`);
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  truth.forEach((t, i) => {
    const p = predicted[i]!;
    const key = `${String(t)}\u0000${String(p)}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(String(t), (rows.get(String(t)) ?? 0) + 1);
    cols.set(String(p), (cols.get(String(p)) ?? 0) + 1);
  });
  return { table, rows, cols, n: truth.length };
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export interface VMeasure {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

export function vMeasure(truth: Labels, predicted: Labels, beta = 1): VMeasure {
  const { table, rows, cols, n } = contingency(truth, predicted);
  if (n === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const hClasses = entropy(rows.values(), n);
  const hClusters = entropy(cols.values(), n);
  // Mutual information I(C; K).
  let mi = 0;
  for (const [key, nij] of table) {
    const [t, p] = key.split('\u0000') as [string, string];
    mi += (nij / n) * Math.log((nij * n) / (rows.get(t)! * cols.get(p)!));
  }
  const homogeneity = hClasses === 0 ? 1 : mi / hClasses;
  const completeness = hClusters === 0 ? 1 : mi / hClusters;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0
      : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

const pairs = (x: number) => (x * (x - 1)) / 2;

export function adjustedRandIndex(truth: Labels, predicted: Labels): number {
  const { table, rows, cols, n } = contingency(truth, predicted);
  let index = 0;
  for (const nij of table.values()) index += pairs(nij);
  let a = 0;
  for (const r of rows.values()) a += pairs(r);
  let b = 0;
  for (const c of cols.values()) b += pairs(c);
  const total = pairs(n);
  // Special cases as scikit-learn: identical trivial labellings agree perfectly.
  if (total === 0 || (rows.size === cols.size && (rows.size === 1 || rows.size === n))) return 1;
  const expected = (a * b) / total;
  const max = (a + b) / 2;
  return max === expected ? 0 : (index - expected) / (max - expected);
}
