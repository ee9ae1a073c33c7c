/**
 * Single-request timings without load, for working on one page on a quiet(ish) machine:
 *   node --import tsx/esm bench/probe.ts seed DIR [N]        seeds N stories (100,000) into DIR/hearth.sqlite once
 *   node --import tsx/esm bench/probe.ts time DIR PAGE [K]   times K (20) sequential requests of a page, in process
 * PAGE: list | first | answer | story | search | rare | report | funders | patterns. Prints each time and the process's memory (RSS, heap).
 * With DATABASE_URL set, seeds and times on that PostgreSQL database instead; HEARTH_PATTERN_STORIES is passed on
 * (raise it to time the pattern views over all the stories). PROBE_LOG=error prints a failed request's error.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPostgres, openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { PASSWORD, seed } from './seed.ts';

const [mode, dir = '/tmp/bench-a', arg, count = '20'] = process.argv.slice(2);
const url = process.env.DATABASE_URL ?? '';
const open = () => (url ? openPostgres(url, 4) : openSqlite(join(dir, 'hearth.sqlite')));
const mb = (n: number) => Math.round(n / 1048576);
const memory = () => {
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} MB, external+buffers ${mb(m.external + m.arrayBuffers)} MB`;
};

if (mode === 'seed') {
  mkdirSync(dir, { recursive: true });
  const database = open();
  await migrateToLatest(database.db, database.dialect);
  const t = performance.now();
  const seeded = await seed(database.db, Number(arg ?? '100000'), () => {}, { postgresUrl: url || undefined });
  writeFileSync(
    join(dir, 'seeded.json'),
    JSON.stringify({
      alliance: seeded.alliance.id,
      inquiry: seeded.inquiry.id,
      email: seeded.coordinator.email,
      domain: seeded.guide.domains[0]!.id,
      answer: seeded.answer,
      storyIds: seeded.storyIds.filter((_, i) => i % 997 === 0),
      words: seeded.words,
    }),
  );
  console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await database.db.destroy();
} else if (mode === 'time') {
  const s = JSON.parse(readFileSync(join(dir, 'seeded.json'), 'utf8')) as {
    alliance: number;
    inquiry: number;
    email: string;
    domain: number;
    answer: { attributeId: number; value: string };
    storyIds: number[];
    words: { many: string; few: string };
  };
  const app = await buildApp(
    {
      ...loadConfig({
        DATA_DIR: dir,
        DATABASE_URL: url,
        HEARTH_MAX_EVENT_LOOP_DELAY_MS: '0',
        HEARTH_PATTERN_STORIES: process.env.HEARTH_PATTERN_STORIES,
      }),
      sessionKey: randomBytes(32).toString('hex'),
      runJobs: false,
      logLevel: process.env.PROBE_LOG ?? 'warn',
    },
    open(),
    process.env.PROBE_LOG ? { level: process.env.PROBE_LOG } : false,
  );
  await app.ready();
  let cookie = '';
  const keep = (res: { headers: Record<string, unknown> }) => {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) cookie = String(line).split(';')[0]!;
  };
  const signInPage = await app.inject({ method: 'GET', url: '/sign-in' });
  keep(signInPage);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)![1]!;
  const signIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email: s.email, password: PASSWORD }).toString(),
  });
  keep(signIn);
  const inquiry = `/alliances/${s.alliance}/inquiries/${s.inquiry}`;
  const pages: Record<string, (i: number) => string> = {
    list: () => `${inquiry}/stories?domain=${s.domain}&status=recorded`,
    first: () => `${inquiry}/stories`,
    answer: () =>
      `${inquiry}/stories?domain=${s.domain}&a${s.answer.attributeId}=${encodeURIComponent(s.answer.value)}`,
    story: (i) => `/alliances/${s.alliance}/stories/${s.storyIds[i % s.storyIds.length]}`,
    search: () => `${inquiry}/stories?q=${s.words.many}`,
    rare: () => `${inquiry}/stories?q=${s.words.few}`,
    report: () => `${inquiry}/report`,
    funders: () => `${inquiry}/report?audience=funders`,
    patterns: () => `${inquiry}/patterns`,
  };
  const page = pages[arg ?? 'list']!;
  console.log(`before: ${memory()}`);
  const times: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url: page(i), headers: { cookie } });
    times.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${page(i)} answered ${res.statusCode}`);
    if (i === 0 && res.body.includes('are being prepared')) {
      const t = performance.now();
      await app.indexes.ready(s.inquiry);
      console.log(
        `first page said similar stories are being prepared; the index was ready ${((performance.now() - t) / 1000).toFixed(1)} s later (${memory()})`,
      );
    }
  }
  console.log(`${arg}: ${times.map((x) => x.toFixed(1)).join(' ')} ms`);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `first ${times[0]!.toFixed(1)} ms, median of the rest ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms`,
  );
  console.log(`after: ${memory()}`);
  await app.close();
}
