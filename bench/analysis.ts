/**
 * `npm run bench:analysis` — the language engine measured (not a test; takes a few minutes):
 *  - Quality: themes on the Brown corpus (500 texts, 15 genres) against the genres: V-measure and adjusted Rand
 *    index, median of seeds 1–3, k = 15. Also a plain LSA(100) + k-means pipeline, for reference.
 *  - Speed: the whole `node bin/hearth.js cluster` process on Brown, wall time (median of 3).
 *  - Scale: 100,000 stories from real text clustered (k = 20) in a child process, and tagging new stories one
 *    at a time against an index of them (another child); peak memory of each child.
 * Prints a table and writes bench/results/analysis.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseRows, kMeans } from '../server/text/cluster.ts';
import { findThemes } from '../server/text/engine.ts';
import { seededRng } from '../server/text/rng.ts';
import { randomizedSvd } from '../server/text/svd.ts';
import { analyse } from '../server/text/text.ts';
import { TfIdfIndex } from '../server/text/tfidf.ts';
import { loadBrown } from './brown.ts';
import { adjustedRandIndex, vMeasure } from './metrics.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEEDS = [1, 2, 3];
const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function quality() {
  const brown = loadBrown();
  const truth = brown.map((b) => b.genre);
  const docs = brown.map((b) => ({ id: b.id, text: b.text, language: 'en' }));
  const runs = SEEDS.map((seed) => {
    const start = performance.now();
    const result = findThemes(docs, { k: 15, seed });
    const seconds = (performance.now() - start) / 1000;
    const themeOf = new Map<string, number>();
    result.themes.forEach((t, i) => t.stories.forEach((id) => themeOf.set(id, i)));
    const predicted = brown.map((b) => themeOf.get(b.id)!);
    return {
      seed,
      vMeasure: round(vMeasure(truth, predicted).vMeasure),
      ari: round(adjustedRandIndex(truth, predicted)),
      seconds: round(seconds, 2),
    };
  });
  // Reference: the usual tf-idf + LSA (100 dimensions) + k-means (best of 5 starts), on the same vectors.
  const index = new TfIdfIndex();
  brown.forEach((b) => index.add(b.id, analyse(b.text, 'en')));
  const { vectors } = index.vectors();
  const baseline = SEEDS.map((seed) => {
    const svd = randomizedSvd(vectors, index.vocabularySize, 100, seededRng(seed));
    const { assignments } = kMeans(denseRows(svd.coords, vectors.length, svd.rank), { k: 15, seed, restarts: 5 });
    return {
      seed,
      vMeasure: round(vMeasure(truth, [...assignments]).vMeasure),
      ari: round(adjustedRandIndex(truth, [...assignments])),
    };
  });
  return {
    runs,
    vMeasure: median(runs.map((r) => r.vMeasure)),
    ari: median(runs.map((r) => r.ari)),
    baseline: {
      runs: baseline,
      vMeasure: median(baseline.map((r) => r.vMeasure)),
      ari: median(baseline.map((r) => r.ari)),
    },
  };
}

function speed() {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const file = join(dir, 'brown.jsonl');
  writeFileSync(
    file,
    loadBrown()
      .map((b) => JSON.stringify({ id: b.id, text: b.text }))
      .join('\n') + '\n',
  );
  const args = [join(ROOT, 'bin/hearth.js'), 'cluster', '--input', file, '--k', '15', '--seed', '1'];
  spawnSync(process.execPath, args, { cwd: ROOT, timeout: 60_000 }); // warm tsx's compile cache, as in use
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const child = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    times.push((performance.now() - start) / 1000);
    if (child.status !== 0) throw new Error(`hearth cluster failed: ${child.stderr}`);
    const out = JSON.parse(child.stdout) as { k: number; themes: { stories: string[] }[] };
    const ids = out.themes.flatMap((t) => t.stories);
    if (ids.length !== 500 || new Set(ids).size !== 500)
      throw new Error('hearth cluster did not place every story exactly once.');
  }
  return { seconds: round(median(times), 2), runs: times.map((t) => round(t, 2)) };
}

function child(phase: 'cluster' | 'tag') {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx/esm', join(ROOT, 'bench/scale.ts'), phase, String(STORIES), '20'],
    { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 },
  );
  if (run.status !== 0) throw new Error(`bench/scale.ts ${phase} failed: ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const started = new Date().toISOString();
const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model,
  node: process.version,
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
};
console.log('Quality (Brown corpus, k = 15, seeds 1–3)…');
const q = quality();
console.log('Speed (hearth cluster on Brown)…');
const s = speed();
console.log(`Scale (${STORIES.toLocaleString('en')} stories)…`);
const clustered = child('cluster');
const tagged = child('tag');

const rows: [string, string, string, string][] = [
  ['Quality: V-measure (median of 3 seeds)', String(q.vMeasure), '≥ 0.42', q.vMeasure >= 0.42 ? 'met' : 'MISSED'],
  ['Quality: adjusted Rand index (median)', String(q.ari), '', ''],
  ['  reference LSA(100)+k-means: V / ARI', `${q.baseline.vMeasure} / ${q.baseline.ari}`, '', ''],
  ['Speed: hearth cluster on Brown (wall)', `${s.seconds} s`, '≤ 1.5 s', s.seconds <= 1.5 ? 'met' : 'MISSED'],
  [
    `Scale: cluster ${STORIES.toLocaleString('en')} stories`,
    `${round(clustered.seconds, 1)} s`,
    '≤ 60 s',
    clustered.seconds <= 60 ? 'met' : 'MISSED',
  ],
  [
    'Scale: peak memory (clustering)',
    `${clustered.peakMb} MB`,
    '≤ 1536 MB',
    clustered.peakMb <= 1536 ? 'met' : 'MISSED',
  ],
  [
    'Scale: tag one new story (median / p95)',
    `${round(tagged.tagMs.median, 1)} / ${round(tagged.tagMs.p95, 1)} ms`,
    '≤ 20 ms',
    tagged.tagMs.median <= 20 ? 'met' : 'MISSED',
  ],
  [
    'Scale: peak memory (index + tagging)',
    `${tagged.peakMb} MB`,
    '≤ 1536 MB',
    tagged.peakMb <= 1536 ? 'met' : 'MISSED',
  ],
];
const width = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log('\n' + rows.map((r) => r.map((cell, c) => cell.padEnd(width[c]!)).join('  ')).join('\n'));
console.log(
  `\nQuality runs: ${q.runs.map((r) => `seed ${r.seed}: V ${r.vMeasure}, ARI ${r.ari}, ${r.seconds} s`).join('; ')}`,
);
console.log(`Speed runs: ${s.runs.join(' s, ')} s`);
console.log(
  `Scale steps (s): ${Object.entries(clustered.steps as Record<string, number>)
    .map(([k, v]) => `${k} ${round(v, 1)}`)
    .join(', ')}`,
);
console.log(
  `Tagging: index built in ${round(tagged.indexSeconds, 1)} s, postings in ${round(tagged.postingsSeconds, 1)} s; mean ms by part ${JSON.stringify(tagged.meanMsByPart, (_k, v) => (typeof v === 'number' ? round(v, 2) : v))}`,
);

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results/analysis.json'),
  JSON.stringify(
    {
      started,
      finished: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
      quality: q,
      speed: s,
      scale: { clustered, tagged },
    },
    null,
    2,
  ) + '\n',
);
console.log('\nWritten to bench/results/analysis.json');
