/**
 * `npm run bench:analysis` — the language engine measured (not a test; takes a few minutes):
 *  - Quality (bench/quality.ts): themes on labelled corpora (Brown's 15 genres, its two- and three-genre sets,
 *    WordNet glosses as short texts) against their labels, V-measure and adjusted Rand index, median of seeds 1–3,
 *    beside scikit-learn's tf-idf + LSA + k-means (bench/sklearn_themes.py, Debian's python3-sklearn) if present.
 *  - Speed: the whole `node bin/hearth.js cluster` process on Brown, wall time (median of 3), against the same
 *    clustering inside this process (median of 3, warm) and scikit-learn's time inside Python.
 *  - Scale: 100,000 stories from real text clustered (k = 20) in a child process, and tagging new stories one
 *    at a time against an index of them (another child); peak memory of each child. BENCH_STORIES=0 skips it.
 * Prints the tables and writes bench/results/analysis.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBrown } from './brown.ts';
import { quality, qualityTable } from './quality.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

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
  // Each whole run is paired with the same clustering timed inside a fresh process (bench/cluster-inside.ts:
  // start-up, reading and printing excluded), so both see the same load on a shared machine. Medians of 3.
  const times: number[] = [];
  const inside: number[] = [];
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
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx/esm', join(ROOT, 'bench/cluster-inside.ts'), file, '15', '1'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    if (run.status !== 0) throw new Error(`bench/cluster-inside.ts failed: ${run.stderr}`);
    inside.push((JSON.parse(run.stdout) as { seconds: number }).seconds);
  }
  const seconds = round(median(times), 2);
  const inProcess = round(median(inside), 2);
  return {
    seconds,
    runs: times.map((t) => round(t, 2)),
    inProcess,
    inProcessRuns: inside.map((t) => round(t, 2)),
    ratio: round(seconds / inProcess, 2),
  };
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
console.log('Quality (labelled corpora, seeds 1–3, beside scikit-learn)…');
const q = quality();
console.log('Speed (hearth cluster on Brown)…');
const s = speed();
const scale = STORIES > 0;
if (scale) console.log(`Scale (${STORIES.toLocaleString('en')} stories)…`);
const clustered = scale ? child('cluster') : null;
const tagged = scale ? child('tag') : null;
const brown = q.rows.find((r) => r.corpus.startsWith('Brown, 15'));

const rows: [string, string, string, string][] = [
  ['Speed: hearth cluster on Brown (wall)', `${s.seconds} s`, '≤ 1.5 s', s.seconds <= 1.5 ? 'met' : 'MISSED'],
  ['  its clustering, timed inside the process', `${s.inProcess} s`, '', ''],
  ['  whole process / in-process', `${s.ratio}×`, '≤ 1.5×', s.ratio <= 1.5 ? 'met' : 'MISSED'],
];
if (brown?.sklearn) {
  const ratio = round(s.seconds / brown.sklearn.seconds, 2);
  rows.push(
    ['  scikit-learn in-process (10 starts)', `${brown.sklearn.seconds} s`, '', ''],
    ['  whole process / scikit-learn in-process', `${ratio}×`, '≤ 1.5×', ratio <= 1.5 ? 'met' : 'MISSED'],
  );
}
if (clustered && tagged)
  rows.push(
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
  );
const width = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log('\nTheme quality against the labels (V-measure and adjusted Rand index, median of seeds 1–3):\n');
console.log(qualityTable(q.rows));
console.log(`\n${q.note}`);
console.log('\n' + rows.map((r) => r.map((cell, c) => cell.padEnd(width[c]!)).join('  ')).join('\n'));
for (const r of q.rows)
  console.log(
    `${r.corpus}: Hearth runs ${r.hearth.runs.map((x) => `seed ${x.seed} V ${x.vMeasure} ARI ${x.ari} ${x.seconds} s`).join('; ')}`,
  );
console.log(`Speed runs: whole ${s.runs.join(' s, ')} s; inside ${s.inProcessRuns.join(' s, ')} s`);
if (clustered && tagged) {
  console.log(
    `Scale steps (s): ${Object.entries(clustered.steps as Record<string, number>)
      .map(([k, v]) => `${k} ${round(v, 1)}`)
      .join(', ')}`,
  );
  console.log(
    `Tagging: index built in ${round(tagged.indexSeconds, 1)} s, postings in ${round(tagged.postingsSeconds, 1)} s; mean ms by part ${JSON.stringify(tagged.meanMsByPart, (_k, v) => (typeof v === 'number' ? round(v, 2) : v))}`,
  );
}

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
