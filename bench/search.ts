/**
 * The CPU time of one story-list search over N seeded stories, on SQLite or PostgreSQL, without HTTP around it:
 *   node --import tsx/esm bench/search.ts [--db sqlite|postgres] [--stories 100000] [--dir DIR] [--runs 30]
 * SQLite keeps its database in DIR (seeded once, reused by later runs, so a change can be measured before and
 * after on the same stories); PostgreSQL uses TEST_DATABASE_URL and is seeded when its inquiry is missing.
 * Prints the median and 90th percentile CPU milliseconds (user + system, this process: SQLite's work included,
 * PostgreSQL's server not, so its wall time is printed too) of the store's list call for a word in many stories
 * and a word in few.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  const s = await seed(database.db, stories);
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

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
for (const [name, word] of Object.entries(seeded.words)) {
  const times: number[] = [];
  const walls: number[] = [];
  let shown = 0;
  let total = 0;
  for (let i = 0; i < Number(values.runs) + 3; i++) {
    const [from, began] = [process.cpuUsage(), performance.now()];
    const page = await listStories(database.db, inquiry, viewer, { attributes: [], search: word }, 1);
    if (i >= 3) [times[times.length], walls[walls.length]] = [cpuMs(from), performance.now() - began]; // the first runs warm the caches
    [shown, total] = [page.stories.length, page.total];
  }
  for (const list of [times, walls]) list.sort((a, b) => a - b);
  const at = (q: number, list = times) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!.toFixed(1);
  console.log(
    `${database.dialect} ${stories} stories, "${word}" (${name}): total ${total}, ${shown} shown; CPU ms median ${at(0.5)}, p90 ${at(0.9)}; wall ms median ${at(0.5, walls)}`,
  );
}
await database.db.destroy();
