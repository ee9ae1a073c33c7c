/**
 * `npm run bench:themes -- --stories N [--k 20] [--sample 20000] [--database postgres://…]` — a theme run over N
 * stories, through the job runner the app uses (queue, claim, fit on a sample, assign, save). Seeds N stories with
 * bench/seed.ts in a child process first (so the peak memory printed is the run's own), then prints wall time, the
 * time of each step (fit on the sample, assigning, saving; read from the run's step every 100 ms), peak RSS (sampled
 * every 100 ms, and the kernel's high-water mark VmHWM) and the load average before and after. A --database that
 * already has stories (a SQLite file, or a PostgreSQL database kept with `npm run bench -- … BENCH_KEEP_DATABASE=1`)
 * is used as it is.
 */
import '../server/capabilities.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgres, openSqlite, type OpenDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { ThemeJobs } from '../server/themes/jobs.ts';
import { queueRun } from '../server/themes/runs-store.ts';
import { seed } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    stories: { type: 'string', default: '100000' },
    k: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    sample: { type: 'string' },
    batch: { type: 'string' },
    database: { type: 'string' },
    'seed-only': { type: 'string' },
  },
});
const open = (where: string): OpenDatabase => (where.startsWith('postgres') ? openPostgres(where) : openSqlite(where));
const stories = Number(args.stories);

if (args['seed-only']) {
  // The child: migrate and seed, then stop.
  const database = open(args['seed-only']);
  await migrateToLatest(database.db, database.dialect);
  await seed(database.db, stories);
  await database.db.destroy();
  process.exit(0);
}

const where = args.database ?? join(mkdtempSync(join(tmpdir(), 'hearth-bench-themes-')), 'hearth.db');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
let start = performance.now();
/** A database given that already has stories (a SQLite file, or a PostgreSQL database kept by another bench). */
async function hasStories(where: string): Promise<boolean> {
  if (!where.startsWith('postgres')) return existsSync(where);
  const database = open(where);
  try {
    return (await database.db.selectFrom('stories').select('id').limit(1).execute()).length > 0;
  } catch {
    return false; // no tables yet
  } finally {
    await database.db.destroy();
  }
}
if (args.database && (await hasStories(args.database))) console.log(`Using the stories already in ${args.database}.`);
else {
  console.log(`Seeding ${stories.toLocaleString('en')} stories (load average ${load()})…`);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx/esm', import.meta.filename, '--stories', String(stories), '--seed-only', where],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) throw new Error('Seeding failed.');
  console.log(`Seeded in ${((performance.now() - start) / 1000).toFixed(1)} s, into ${where}.`);
}

const database = open(where);
const db = database.db;
const inquiry = await db.selectFrom('inquiries').selectAll().executeTakeFirstOrThrow();
const coordinator = await db.selectFrom('users').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
const run = await queueRun(db, coordinator, inquiry, {
  k: args.k === 'auto' ? 'auto' : Number(args.k),
  seed: Number(args.seed),
  domainId: null,
});
const used = (JSON.parse(run.story_ids) as number[]).length;
const loadBefore = load();

const vmHwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
let peakRss = 0;
const phases = new Map<string, number>();
const phasePeak = new Map<string, number>();
let phase = 'starting';
const watch = setInterval(() => {
  const rss = process.memoryUsage().rss / 2 ** 20;
  peakRss = Math.max(peakRss, rss);
  phasePeak.set(phase, Math.max(phasePeak.get(phase) ?? 0, Math.round(rss)));
  void db
    .selectFrom('analysis_runs')
    .select('step')
    .where('id', '=', run.id)
    .executeTakeFirst()
    .then((r) => {
      const name = (r?.step ?? '').split(':')[0]!.replace(/ of [\d,]+ stories$/, '');
      if (!phases.has(name)) phases.set(name, performance.now());
      phase = name || phase;
    });
}, 100);
const jobs = new ThemeJobs(db, undefined, {
  ...(args.sample ? { sampleSize: Number(args.sample) } : {}),
  ...(args.batch ? { batch: Number(args.batch) } : {}),
});
start = performance.now();
await jobs.tick();
const wall = (performance.now() - start) / 1000;
clearInterval(watch);
const done = await db.selectFrom('analysis_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
if (done.status !== 'done') throw new Error(`The run failed: ${done.error}`);
const placed = await db
  .selectFrom('theme_stories')
  .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('themes.run_id', '=', run.id)
  .executeTakeFirstOrThrow();
// Each step's time: from when it was first seen to when the next began (or the run ended).
const seen = [...phases.entries()].filter(([name]) => name !== '');
const steps = seen.map(([name, at], i) => [name, (((seen[i + 1]?.[1] ?? start + wall * 1000) - at) / 1000).toFixed(1)]);
console.log(
  JSON.stringify(
    {
      database: database.dialect,
      stories: { seeded: stories, inRun: used, placed: Number(placed.n) },
      k: done.k,
      wallSeconds: Number(wall.toFixed(1)),
      stepSeconds: Object.fromEntries(steps),
      peakRssMb: Math.round(peakRss),
      peakRssMbByStep: Object.fromEntries(phasePeak),
      vmHwmMb: Math.round(vmHwm()),
      loadAverage: { before: loadBefore, after: load() },
    },
    null,
    2,
  ),
);
await db.destroy();
