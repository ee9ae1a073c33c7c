/**
 * The CPU time of one story-list search over N seeded stories, on SQLite or PostgreSQL, without HTTP around it:
 *   node --import tsx/esm bench/search.ts [--db sqlite|postgres] [--stories 100000] [--dir DIR] [--runs 30]
 *     [--against OTHER]   OTHER: another copy of Hearth (its server/ and migrations/), measured alternately
 * SQLite keeps its database in DIR (seeded once, reused by later runs, so a change can be measured before and
 * after on the same stories); PostgreSQL uses TEST_DATABASE_URL and is seeded when its inquiry is missing.
 * Prints the median and 90th percentile CPU milliseconds (user + system, this process: SQLite's work included,
 * PostgreSQL's server not, so its wall time is printed too) of the store's list call for a word in many stories
 * and a word in few (and, in a database seeded since, a word in about 2% of the stories).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgres, openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { listStories } from '../server/stories/list-store.ts';
import { seed } from './seed.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    stories: { type: 'string', default: '100000' },
    dir: { type: 'string', default: '/tmp/hearth-bench-search' },
    runs: { type: 'string', default: '30' },
    against: { type: 'string' },
  },
});
const stories = Number(values.stories);
mkdirSync(values.dir, { recursive: true });
const database =
  values.db === 'postgres'
    ? openPostgres(process.env.TEST_DATABASE_URL ?? '', 4)
    : openSqlite(join(values.dir, `hearth-${stories}.sqlite`));
const facts = join(values.dir, `seeded-${values.db}-${stories}.json`);
await migrateToLatest(database.db, database.dialect);
if (!existsSync(facts)) {
  const s = await seed(database.db, stories, () => {}, { postgresUrl: process.env.TEST_DATABASE_URL });
  writeFileSync(facts, JSON.stringify({ inquiryId: s.inquiry.id, coordinatorId: s.coordinator.id, words: s.words }));
}
const seeded = JSON.parse(readFileSync(facts, 'utf8')) as {
  inquiryId: number;
  coordinatorId: number;
  words: { many: string; few: string };
};
const inquiry = await database.db
  .selectFrom('inquiries')
  .selectAll()
  .where('id', '=', seeded.inquiryId)
  .executeTakeFirstOrThrow();
const viewer = { userId: seeded.coordinatorId, role: 'coordinator' as const };

type List = typeof listStories;
// Another copy of Hearth (e.g. the code before a change, unpacked with `git archive`), called alternately with this
// one over the same database, so a busy machine slows both alike.
const versions: [string, List][] = [['this', listStories]];
if (values.against) {
  const other = (await import(resolve(values.against, 'server/stories/list-store.ts'))) as { listStories: List };
  versions.unshift(['against', other.listStories]);
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!.toFixed(1);
const p90 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.9)]!.toFixed(1);
for (const [name, word] of Object.entries(seeded.words)) {
  const cpu = new Map<string, number[]>(versions.map(([v]) => [v, []]));
  const wall = new Map<string, number[]>(versions.map(([v]) => [v, []]));
  const found = new Map<string, string>();
  for (let i = 0; i < Number(values.runs) + 3; i++)
    for (const [version, list] of versions) {
      const [from, began] = [process.cpuUsage(), performance.now()];
      const page = await list(database.db, inquiry, viewer, { attributes: [], search: word }, 1);
      if (i < 3) continue; // the first runs warm the caches
      cpu.get(version)!.push(cpuMs(from));
      wall.get(version)!.push(performance.now() - began);
      found.set(version, `total ${page.total}, ${page.stories.length} shown`);
    }
  for (const [version] of versions)
    console.log(
      `${database.dialect} ${stories} stories, "${word}" (${name}), ${version === 'this' ? 'this code' : values.against}: ` +
        `${found.get(version)}; CPU ms median ${median(cpu.get(version)!)}, p90 ${p90(cpu.get(version)!)}; ` +
        `wall ms median ${median(wall.get(version)!)}`,
    );
}
await database.db.destroy();
