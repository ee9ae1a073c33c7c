/**
 * Theme quality against known labels, Hearth beside scikit-learn (bench/sklearn_themes.py), on each corpus of
 * bench/corpora.ts: V-measure and adjusted Rand index, median of seeds 1–3. Used by bench/analysis.ts; on its own,
 * `node --import tsx/esm bench/quality.ts [NAME-FILTER]` prints just the quality table.
 * scikit-learn comes from Debian (apt-get install -y python3-sklearn); without it the table says so and shows
 * Hearth's figures alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findThemes } from '../server/text/engine.ts';
import { corpora, FORTUNES_DIR, type Corpus } from './corpora.ts';
import { adjustedRandIndex, vMeasure } from './metrics.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEEDS = [1, 2, 3];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

export interface Figures {
  vMeasure: number;
  ari: number;
  /** Median seconds of one run, inside the process. */
  seconds: number;
}

export interface QualityRow {
  corpus: string;
  source: string;
  n: number;
  k: number;
  hearth: Figures & { runs: (Figures & { seed: number })[] };
  sklearn: (Figures & { version: string }) | null;
}

/** A Python with scikit-learn: $BENCH_PYTHON, then Debian's own, then whatever `python3` is on the PATH. */
export function findPython(): { python: string; version: string } | null {
  for (const python of [process.env.BENCH_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return null;
}

export const NO_SKLEARN =
  'scikit-learn not found (no python3 that can import sklearn), so its figures are missing: ' +
  'install it with `apt-get install -y python3-sklearn` (or set BENCH_PYTHON to a Python that has it).';

function hearth(corpus: Corpus): QualityRow['hearth'] {
  const truth = corpus.docs.map((d) => d.label);
  const docs = corpus.docs.map((d) => ({ id: d.id, text: d.text, language: 'en' }));
  const runs = SEEDS.map((seed) => {
    const start = performance.now();
    const result = findThemes(docs, { k: corpus.k, seed });
    const seconds = (performance.now() - start) / 1000;
    const themeOf = new Map<string, number>();
    result.themes.forEach((t, i) => t.stories.forEach((id) => themeOf.set(id, i)));
    const predicted = corpus.docs.map((d) => themeOf.get(d.id)!);
    return {
      seed,
      vMeasure: round(vMeasure(truth, predicted).vMeasure),
      ari: round(adjustedRandIndex(truth, predicted)),
      seconds: round(seconds, 3),
    };
  });
  const pick = (key: keyof Figures) => median(runs.map((r) => r[key]));
  return { vMeasure: pick('vMeasure'), ari: pick('ari'), seconds: pick('seconds'), runs };
}

function sklearn(corpus: Corpus, python: { python: string; version: string }): QualityRow['sklearn'] {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-sklearn-'));
  try {
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const run = spawnSync(python.python, [join(HERE, 'sklearn_themes.py'), file, String(corpus.k)], {
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 16 << 20,
    });
    if (run.status !== 0) throw new Error(`bench/sklearn_themes.py failed: ${run.stderr || run.error?.message}`);
    const out = JSON.parse(run.stdout) as Figures;
    return { vMeasure: out.vMeasure, ari: out.ari, seconds: out.seconds, version: python.version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One corpus, Hearth beside scikit-learn (if a Python with it was found). */
export function measure(c: Corpus, python: ReturnType<typeof findPython>): QualityRow {
  return {
    corpus: c.name,
    source: c.source,
    n: c.docs.length,
    k: c.k,
    hearth: hearth(c),
    sklearn: python ? sklearn(c, python) : null,
  };
}

export function quality(filter = ''): { rows: QualityRow[]; note: string } {
  const python = findPython();
  const all = corpora();
  const notes = [python ? `scikit-learn ${python.version} (${python.python})` : NO_SKLEARN];
  if (!all.some((c) => c.source === 'Debian fortunes'))
    notes.push(
      `Debian's fortunes package is not installed (no ${FORTUNES_DIR}), so its short-text rows are missing: ` +
        'apt-get install -y fortunes.',
    );
  const rows = all
    .filter((c) => c.name.toLowerCase().includes(filter.toLowerCase()))
    .map((c) => {
      console.log(`  ${c.name}…`);
      return measure(c, python);
    });
  return { rows, note: notes.join('\n') };
}

/** The quality table: one line a corpus, Hearth beside scikit-learn. */
export function qualityTable(rows: QualityRow[]): string {
  const table = [
    ['corpus', 'n', 'k', 'Hearth V', 'sklearn V', 'Hearth ARI', 'sklearn ARI', 'Hearth ≥ sklearn (V)'],
    ...rows.map((r) => [
      r.corpus,
      String(r.n),
      String(r.k),
      r.hearth.vMeasure.toFixed(3),
      r.sklearn ? r.sklearn.vMeasure.toFixed(3) : '—',
      r.hearth.ari.toFixed(3),
      r.sklearn ? r.sklearn.ari.toFixed(3) : '—',
      r.sklearn ? (r.hearth.vMeasure >= r.sklearn.vMeasure ? 'yes' : 'NO') : '—',
    ]),
  ];
  const width = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  return table
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]!) : cell.padStart(width[c]!))).join('  '))
    .join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { rows, note } = quality(process.argv[2] ?? '');
  console.log('\n' + qualityTable(rows));
  console.log(`\n${note}`);
  for (const r of rows)
    console.log(
      `${r.corpus}: Hearth ${r.hearth.seconds} s a run${r.sklearn ? `, scikit-learn ${r.sklearn.seconds} s` : ''}; runs ${r.hearth.runs.map((x) => `${x.vMeasure}/${x.ari}`).join(' ')}`,
    );
}
