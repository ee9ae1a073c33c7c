/**
 * `npm run bench:import [-- --stories N --db sqlite|postgres]`: importing one CSV file of N stories (100,000 by
 * default, 100–400 words each, from bench/corpus.ts) into an inquiry, through the function the web page's and the
 * command line's imports call (importCsv over streamCsv, the file read as it streams from disk). Prints stories a
 * second, total seconds and the process's peak resident memory during the import (and before it, for comparison).
 * With --web, the file goes through the import page instead, as a coordinator's browser sends it (in process, by
 * Fastify's inject): the upload streamed into the database, the check of every row, then the import, each timed.
 * PostgreSQL: BENCH_DATABASE_URL (a new database is made on it and dropped), else a throwaway server started with
 * .ci/postgres.sh. Not part of `npm test`.
 */
import '../server/capabilities.ts';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { openPostgres, openSqlite, type OpenDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { loadGuide } from '../server/inquiries/inquiries-store.ts';
import { streamCsv } from '../server/exports/csv-stream.ts';
import { guessMapping } from '../server/exports/import-csv.ts';
import { importCsv } from '../server/exports/import-store.ts';
import { makeAlliance } from '../test/helpers/app.ts';
import { makeInquiry } from '../test/helpers/stories.ts';
import { buildStories } from './corpus.ts';
import { throughThePage } from './csv-import-web.ts';
import { postgresServer } from './load.ts';

const { values: args } = parseArgs({
  options: {
    stories: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'sqlite' },
    /** A row whose story is left empty: the import must refuse the file and store nothing. */
    'bad-row': { type: 'string' },
    web: { type: 'boolean', default: false },
  },
});
const STORIES = Number(args.stories);
const BAD_ROW = args['bad-row'] ? Number(args['bad-row']) : undefined;
if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error('--db must be sqlite or postgres');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

/** Writes the CSV a few thousand stories at a time, so the benchmark itself holds little of it. */
async function writeCsv(file: string, count: number, prompts: string[]): Promise<number> {
  const out = createWriteStream(file);
  // Headed with the guide's own prompts, as Hearth's export heads them: the columns are guessed from them.
  const [title, story, why] = prompts.map(quote);
  out.write(`Story code,${title},Domain,Told on,Storyteller,${story},${why},Who are you?,Consent funders\n`);
  let words = 0;
  for (let start = 0; start < count; start += 5000) {
    const stories = buildStories(Math.min(5000, count - start), 42 + start);
    const lines = stories.map((s, i) => {
      const n = start + i + 1;
      words += s.text.split(/\s+/).length;
      const title = s.text.split(/\s+/).slice(0, 6).join(' ');
      return `B-${n},${quote(title)},Any other change,2026-02-01,Teller ${n},${quote(n === BAD_ROW ? '' : s.text)},Because it mattered,Worker,${n % 2 ? 'yes' : 'no'}\n`;
    });
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return words;
}

const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-import-'));
const file = join(dir, 'stories.csv');
const started = args.db === 'postgres' ? await postgresServer() : undefined;
if (typeof started === 'string') throw new Error(`PostgreSQL: ${started}`);
const pgServer = started;
const database: OpenDatabase = pgServer ? openPostgres(pgServer.url, 4) : openSqlite(join(dir, 'hearth.sqlite'));
try {
  await migrateToLatest(database.db, database.dialect);
  const people = await makeAlliance(database.db, 'Bench Alliance');
  const inquiry = await makeInquiry(database.db, people.alliance, people.coordinator);
  const guide = await loadGuide(database.db, inquiry);
  const prompt = (kind: string) => guide.questions.find((q) => q.kind === kind)!.prompt;
  const words = await writeCsv(file, STORIES, [prompt('title'), prompt('story'), prompt('why')]);
  const actor = { id: people.coordinator.id, name: people.coordinator.name };
  const load = loadavg().map((x) => x.toFixed(2));
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = args.web
    ? await throughThePage(database, people.coordinator.email, inquiry, file, (table) => guessMapping(table, guide))
    : await importCsv(
        database.db,
        actor,
        inquiry,
        streamCsv(createReadStream(file)),
        (table) => guessMapping(table, guide),
        { file: 'bench' },
      );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!result.ok && !BAD_ROW)
    throw new Error(`The import refused the file: ${JSON.stringify(result.problems.slice(0, 3))}`);
  const stored = await database.db
    .selectFrom('stories')
    .select(database.db.fn.countAll().as('n'))
    .where('inquiry_id', '=', inquiry.id)
    .executeTakeFirstOrThrow();
  const memory = `peak RSS ${mb(peak)} MB (${mb(before)} MB before the import); load average ${load.join(' ')} on ${cpus().length} CPUs`;
  if (!result.ok) {
    console.log(
      `CSV import, ${args.db}: refused after ${seconds.toFixed(1)} s (${JSON.stringify(result.problems[0])}); ${Number(stored.n)} stories stored; ${memory}`,
    );
  } else
    console.log(
      `CSV import${args.web ? ' through the page' : ''}, ${args.db}: ${result.count.toLocaleString('en')} stories (${Math.round(words / STORIES)} words each on average; ${Number(stored.n).toLocaleString('en')} stored) in ${seconds.toFixed(1)} s = ${Math.round(result.count / seconds).toLocaleString('en')} stories/s (${cpuSeconds.toFixed(1)} s of CPU in this process: ${Math.round(result.count / cpuSeconds).toLocaleString('en')} stories per CPU-second); ${memory}`,
    );
} finally {
  await database.db.destroy();
  await pgServer?.done();
  rmSync(dir, { recursive: true, force: true });
}
