/**
 * `npm run bench [-- --stories N --db sqlite|postgres|both --servers N --kill-one --seconds S --connections C --only NAME
 * --shedding --seed-only]`:
 * Hearth's pages under load, on one app server or several behind HAProxy.
 * For each database: seeds N stories of real text (bench/seed.ts), starts Hearth (server/main.ts, as in use) and a
 * bare Fastify route (bench/reference.ts) as child processes on loopback, signs in as a coordinator and measures
 * each target of bench/targets.ts with autocannon. Prints a table and writes bench/results/pages-<db>.json.
 * PostgreSQL: BENCH_DATABASE_URL (a new database is made on it and dropped), else a throwaway server started with
 * .ci/postgres.sh. `--seed-only` seeds, prints where the seed's time went, and stops. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPostgres, openSqlite, type Dialect, type OpenDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { sample, seededRng } from '../server/text/rng.ts';
import { buildStories } from './corpus.ts';
import { Browser, measure, postgresServer, ROOT, startServer, type Measured } from './load.ts';
import { seedRound, type SeededRound } from './round.ts';
import { PASSWORD, seed, type Seeded } from './seed.ts';
import { TARGETS, type Context, type Limits, type Target } from './targets.ts';
import { findHaproxy, startProxy } from '../test/helpers/proxy.ts';

const { values: args } = parseArgs({
  options: {
    stories: { type: 'string', default: '100000' },
    db: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    /** Only the targets whose names contain this (while working on one page). */
    only: { type: 'string' },
    /** Keep Hearth's load shedding (503 when the event loop lags); off by default, to measure the pages themselves. */
    shedding: { type: 'boolean', default: false },
    /** App servers on the one database; more than one are measured through HAProxy (Debian's). */
    servers: { type: 'string', default: '1' },
    /** With several servers: kill one (SIGKILL) halfway through the submissions; every acknowledged one must be kept. */
    'kill-one': { type: 'boolean', default: false },
    /** Seed (stories and the round), print the seed's figures and stop: no server, nothing measured or written. */
    'seed-only': { type: 'boolean', default: false },
  },
});
const STORIES = Number(args.stories);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SERVERS = Number(args.servers);
if (!Number.isInteger(SERVERS) || SERVERS < 1) throw new Error('--servers must be a whole number, 1 or more');
const MEMORY_MB = 500;
/** What a story page says while the similar-stories index is being built (locales/en.json scale.similarPreparing). */
const PREPARING = 'are being prepared';
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

interface Row {
  name: string;
  skipped?: string;
  measured?: Measured;
  ofReference?: number;
  stored?: { acknowledged: number; stored: number };
  /** The first answer; for the story page, also when similar stories first showed (the index built). */
  first?: { ms: number; suggestionsAfterS?: number };
  /** The server's resident memory after this target's run, MB. */
  rssAfterMb?: number;
  limits?: Limits;
  misses?: string[];
}

/** Which limits a measurement misses, in words ([] when it meets them all). */
function misses(
  target: Target,
  m: Measured,
  ofReference: number,
  stored?: Row['stored'],
  first?: Row['first'],
): string[] {
  const out: string[] = [];
  const l = target.limits;
  const wrong = Object.entries(m.statuses).filter(([s]) => Number(s) !== target.status);
  if (wrong.length || m.errors)
    out.push(`unexpected answers ${JSON.stringify(Object.fromEntries(wrong))}, ${m.errors} errors`);
  if (l.p95 !== undefined && !(m.p95 <= l.p95)) out.push(`p95 > ${l.p95} ms`);
  if (l.p99 !== undefined && !(m.p99 <= l.p99)) out.push(`p99 > ${l.p99} ms`);
  if (l.ofReference !== undefined && !(ofReference >= l.ofReference))
    out.push(`< ${l.ofReference * 100}% of reference`);
  if (l.rps !== undefined && !(m.rps >= l.rps)) out.push(`< ${l.rps} req/s`);
  if (l.noTimeouts && m.timeouts > 0) out.push(`${m.timeouts} timeouts`);
  if (l.first !== undefined && first !== undefined && !(first.ms <= l.first)) out.push(`first answer > ${l.first} ms`);
  if (stored && stored.stored < stored.acknowledged)
    out.push(`${stored.acknowledged - stored.stored} acknowledged but not stored`);
  return out;
}

const limitText = (l: Limits) =>
  [
    l.p95 !== undefined && `p95≤${l.p95}`,
    l.p99 !== undefined && `p99≤${l.p99}`,
    l.ofReference !== undefined && `≥${l.ofReference * 100}% ref`,
    l.rps !== undefined && `≥${l.rps}/s`,
    l.noTimeouts && 'no timeouts',
    l.first !== undefined && `first≤${l.first / 1000} s`,
  ]
    .filter(Boolean)
    .join(', ');

/** Which targets' routes exist in this build of Hearth (checked on an app over an empty in-memory database). */
async function existingRoutes(): Promise<(t: Target) => boolean> {
  const app = await buildApp(
    { ...loadConfig({}), sessionKey: randomBytes(32).toString('hex'), runJobs: false },
    openSqlite(':memory:'),
  );
  await app.ready();
  const has = (t: Target) => app.hasRoute(t.route);
  const known = new Map(TARGETS.map((t) => [t, has(t)]));
  await app.close();
  return (t) => known.get(t) ?? false;
}

/** The seeded data as the targets use it, and interview forms signed with this session's CSRF token. */
function contextFor(database: OpenDatabase, seeded: Seeded, csrf: string, room: SeededRound): Context {
  const g = seeded.guide;
  const q = (kind: string) => `q${g.questions.find((x) => x.kind === kind)!.id}`;
  const interviews = buildStories(200, 99).map((s, i) => {
    const form = new URLSearchParams({
      _csrf: csrf,
      intent: 'record',
      route: 'interview',
      domainId: String(g.domains[i % g.domains.length]!.id),
      storyteller: `Bench teller ${i}`,
    });
    for (const [k, v] of Object.entries({
      toldOn: '2026-10-01',
      toldWhere: 'Harbour community centre',
      consentHow: 'spoken',
      consentOn: '2026-10-01',
    }))
      form.append(k, v);
    for (const use of ['panels', 'packs', 'quotes']) form.append('consent', use);
    form.append(q('story'), s.text);
    form.append(q('why'), s.text.split(/(?<=[.!?]) /)[0]!);
    form.append(q('title'), s.text.split(' ').slice(0, 5).join(' '));
    form.append(`a${g.attributes[0]!.id}`, 'Worker');
    return form.toString();
  });
  const rng = seededRng(3);
  return {
    db: database.db,
    alliance: `/alliances/${seeded.alliance.id}`,
    inquiry: `/alliances/${seeded.alliance.id}/inquiries/${seeded.inquiry.id}`,
    inquiryId: seeded.inquiry.id,
    domainId: g.domains[0]!.id,
    answer: seeded.answer,
    storyIds: sample(rng, seeded.storyIds.length, Math.min(200, seeded.storyIds.length)).map(
      (i) => seeded.storyIds[i]!,
    ),
    words: seeded.words,
    interviews,
    roundId: room.round.id,
    votes: room.votes,
  };
}

async function runOn(dialect: Dialect, url: string, exists: (t: Target) => boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-pages-'));
  const database = dialect === 'sqlite' ? openSqlite(join(dataDir, 'hearth.sqlite')) : openPostgres(url, 4);
  await migrateToLatest(database.db, database.dialect);
  let t = performance.now();
  const tenth = Math.max(1000, Math.round(STORIES / 10 / 1000) * 1000);
  const seeded = await seed(
    database.db,
    STORIES,
    (done) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  seeding ${dialect}: ${done.toLocaleString('en')} stories`);
      else if (done % tenth === 0 || done === STORIES)
        console.log(
          `  seeding ${dialect}: ${done.toLocaleString('en')} stories, ${round((performance.now() - t) / 1000)} s`,
        );
    },
    { postgresUrl: url || undefined },
  );
  // Guests for the voting target, each voting once: 5,000 phones, as issue 20's target has it (the run stops at
  // 3 × SECONDS in any case: measure() in load.ts, and says how many were acknowledged).
  const key = randomBytes(32).toString('hex');
  const room = await seedRound(database.db, seeded, 5000 + 2 * CONNECTIONS + 1, key);
  const seedSeconds = round((performance.now() - t) / 1000);
  const f = seeded.figures;
  console.log(
    `${process.stdout.isTTY ? '\n' : ''}  seeded ${STORIES.toLocaleString('en')} stories on ${dialect} in ${seedSeconds} s` +
      ` (${round(STORIES / f.seconds.total, 0)} stories/s): setup ${round(f.seconds.setup)} s, stories ${round(f.seconds.stories)} s, language` +
      ` ${round(f.seconds.language)} s, database ${round(f.seconds.database)} s, finishing ${round(f.seconds.finishing)} s,` +
      ` round ${round(seedSeconds - f.seconds.total)} s; ${round(f.cpuSeconds)} CPU s; peak RSS ${f.peakMb} MB; load average ${loadavg()
        .map((x) => round(x, 2))
        .join(' ')}`,
  );
  if (args['seed-only']) {
    await database.db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    return undefined;
  }

  const reference = await startServer('bench/reference.ts', {});
  const shedding: Record<string, string> = args.shedding ? {} : { HEARTH_MAX_EVENT_LOOP_DELAY_MS: '0' };
  const hearth = await startHearth({
    DATA_DIR: dataDir,
    DATABASE_URL: dialect === 'postgres' ? url : '',
    SESSION_KEY: key,
    LOG_LEVEL: 'warn',
    ...shedding,
  });
  const rows: Row[] = [];
  try {
    const browser = new Browser(hearth.url);
    await browser.signIn(seeded.coordinator.email, PASSWORD);
    await browser.send({
      method: 'GET',
      path: `/alliances/${seeded.alliance.id}/inquiries/${seeded.inquiry.id}/interviews/new`,
    });
    const context = contextFor(database, seeded, browser.csrf, room);
    const options = { connections: CONNECTIONS, seconds: SECONDS, cookie: browser.cookie };

    const startedMb = hearth.memory().rssMb;
    const ref = await measure(reference.url, [{ method: 'GET', path: '/' }], options);
    rows.push({ name: 'reference: bare Fastify route', measured: ref, ofReference: 1 });
    for (const target of TARGETS.filter((t) => !args.only || t.name.includes(args.only))) {
      const skipped = !exists(target)
        ? `${target.route.method} ${target.route.url} does not exist yet${target.todo ? `; ${target.todo}` : ''}`
        : target.todo || !target.requests
          ? `TODO: ${target.todo ?? 'no requests written'}`
          : undefined;
      const requests = target.requests?.(context) ?? [];
      await settle(hearth.url);
      if (skipped || requests.length === 0) {
        rows.push({ name: target.name, skipped: skipped ?? 'no requests' });
        console.log(`  skipped ${target.name}: ${skipped}`);
        continue;
      }
      // Each distinct request once, one at a time, before the load: the first answers (caches, the similar-stories
      // index) are timed on their own, and a page that fails is caught here rather than measured.
      t = performance.now();
      // A request that may be sent once (a guest's vote) is warmed with its own cookie, not the coordinator's.
      const warm = await (target.once ? new Browser(hearth.url) : browser).send(requests[0]!);
      const first: Row['first'] = { ms: round(performance.now() - t) };
      // A large inquiry's similar-stories index is built in the background: wait (up to 5 minutes) until a story
      // page shows suggestions, so the load is measured on the page as people will mostly see it.
      if (warm.body.includes(PREPARING)) {
        for (let i = 0; i < 150 && (await browser.send(requests[0]!)).body.includes(PREPARING); i++)
          await new Promise((r) => setTimeout(r, 2000));
        first.suggestionsAfterS = round((performance.now() - t) / 1000);
        console.log(
          `  ${target.name}: first answer ${first.ms} ms, without similar stories; they showed ${first.suggestionsAfterS} s later`,
        );
      }
      if (warm.status !== target.status) {
        rows.push({
          name: target.name,
          skipped: `FAILED: ${requests[0]!.method} ${requests[0]!.path} answered ${warm.status}, not ${target.status}`,
          misses: ['failed'],
        });
        console.log(`  ${target.name}: ${rows[rows.length - 1]!.skipped}`);
        continue;
      }
      if (!target.once) for (const r of requests.slice(1, 20)) await browser.send(r);
      const before = target.stored ? await target.stored(context) : 0;
      process.stdout.write(`  ${target.name}…`);
      const killing =
        args['kill-one'] && SERVERS > 1 && target.stored && !target.once
          ? setTimeout(() => {
              hearth.killOne();
              process.stdout.write(' (one server killed)…');
            }, SECONDS * 500)
          : undefined;
      const measured = await measure(hearth.url, target.once ? requests.slice(1) : requests, {
        ...options,
        once: target.once,
      });
      clearTimeout(killing);
      await new Promise((r) => setTimeout(r, 500)); // answers still on their way when the time ran out
      const stored = target.stored
        ? { acknowledged: measured.statuses[target.status] ?? 0, stored: (await target.stored(context)) - before }
        : undefined;
      const row: Row = {
        name: target.name,
        measured,
        ofReference: measured.rps / ref.rps,
        stored,
        first,
        rssAfterMb: hearth.memory().rssMb,
        limits: target.limits,
      };
      row.misses = misses(target, measured, row.ofReference!, stored, first);
      rows.push(row);
      console.log(` ${round(measured.rps, 0)} req/s, p99 ${measured.p99} ms`);
    }
    const memory = hearth.memory();
    const words = {
      ...context.words,
      manyMatches: await matches(database, context, context.words.many),
      fewMatches: await matches(database, context, context.words.few),
    };
    return {
      dialect,
      stories: STORIES,
      seedSeconds,
      seconds: SECONDS,
      connections: CONNECTIONS,
      memory: { ...memory, afterSignInMb: startedMb },
      words,
      rows,
    };
  } finally {
    await hearth.stop();
    await reference.stop();
    await database.db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * SERVERS Hearth processes on the one database; with more than one, HAProxy in front (the configuration the proxy
 * test uses: round robin, health checks on /health) and every request measured through it.
 */
async function startHearth(env: Record<string, string>) {
  const servers = await Promise.all(
    Array.from({ length: SERVERS }, () =>
      startServer('server/main.ts', { ...env, TRUST_PROXY: SERVERS > 1 ? 'true' : 'false' }, '/sign-in'),
    ),
  );
  const proxy =
    SERVERS > 1
      ? await startProxy(
          servers.map((s) => s.url),
          { every: '2s', fall: 5 },
        )
      : undefined;
  return {
    url: proxy?.url ?? servers[0]!.url,
    /** Kills the first server still running, as a crash would (the proxy must route around it). */
    killOne: () => servers.find((s) => s.child.exitCode === null && s.child.signalCode === null)?.child.kill('SIGKILL'),
    /** The largest of the running servers' resident memory now and at its peak, MB (the target is for each server). */
    memory: () => {
      const running = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
      const each = running.map((s) => s.memory());
      return { rssMb: Math.max(...each.map((m) => m.rssMb)), peakMb: Math.max(...each.map((m) => m.peakMb)) };
    },
    stop: async () => {
      await proxy?.stop();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** Debian's haproxy, installed here when missing and allowed (root, as on CI machines); otherwise say how. */
function ensureHaproxy(): void {
  if (SERVERS === 1 || args['seed-only'] || findHaproxy()) return;
  if (process.getuid?.() !== 0)
    throw new Error('--servers needs HAProxy: sudo apt-get install -y haproxy (Debian), then run again.');
  console.log('  installing haproxy (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'haproxy'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Waits (up to 30 s) until the server has caught up with the last run and answers its health check. */
async function settle(url: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    if ((await fetch(`${url}/health`).catch(() => undefined))?.status !== 503) return;
  }
}

/** How many stories a search word finds (the total the list page shows). */
async function matches(database: OpenDatabase, c: Context, word: string): Promise<number> {
  const { matchesSearch } = await import('../server/stories/search.ts');
  const row = await database.db
    .selectFrom('stories')
    .select(database.db.fn.countAll().as('n'))
    .where('inquiry_id', '=', c.inquiryId)
    .where(matchesSearch(database.db, word))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Run = NonNullable<Awaited<ReturnType<typeof runOn>>>;

function print(run: Run): void {
  const ms = (x: number) => String(round(x));
  const table = [['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'of ref', 'target', 'result']];
  for (const r of run.rows) {
    if (!r.measured)
      table.push([r.name, '', '', '', '', '', '', r.misses ? `MISSED (${r.skipped})` : `skipped: ${r.skipped}`]);
    else {
      const m = r.measured;
      const result = r.limits ? (r.misses!.length ? `MISSED (${r.misses!.join('; ')})` : 'met') : '';
      table.push([
        r.name,
        String(round(m.rps, 0)),
        ms(m.p50),
        ms(m.p95),
        ms(m.p99),
        `${round(r.ofReference! * 100, 0)}%`,
        r.limits ? limitText(r.limits) : '',
        result,
      ]);
    }
  }
  const memoryMet = run.memory.rssMb <= MEMORY_MB && run.memory.peakMb <= MEMORY_MB;
  table.push([
    `${SERVERS > 1 ? 'largest server' : 'server'} memory after the run (RSS; peak ${run.memory.peakMb} MB)`,
    `${run.memory.rssMb} MB`,
    '',
    '',
    '',
    '',
    `≤${MEMORY_MB} MB`,
    memoryMet ? 'met' : 'MISSED',
  ]);
  const width = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  console.log(
    `\n${run.dialect}: ${run.stories.toLocaleString('en')} stories (seeded in ${run.seedSeconds} s), ${run.connections} connections, ${run.seconds} s each`,
  );
  for (const row of table)
    console.log(
      row
        .map((cell, i) => (i > 0 && i < 6 ? cell.padStart(width[i]!) : cell.padEnd(width[i]!)))
        .join('  ')
        .trimEnd(),
    );
  for (const r of run.rows)
    if (r.stored)
      console.log(
        `  ${r.name}: ${r.stored.acknowledged} acknowledged (${r.measured?.rps ? round(r.measured.rps, 0) : 0}/s), ${r.stored.stored} stored`,
      );
  for (const r of run.rows)
    if (r.first)
      console.log(
        `  ${r.name}: first answer ${r.first.ms} ms${r.first.suggestionsAfterS !== undefined ? ` (similar stories shown after ${r.first.suggestionsAfterS} s)` : ''}; server memory after the run ${r.rssAfterMb} MB`,
      );
  console.log(`  server memory after signing in, before any page: ${run.memory.afterSignInMb} MB`);
  console.log(
    `  search words: "${run.words.many}" (${run.words.manyMatches} stories), "${run.words.few}" (${run.words.fewMatches} stories)`,
  );
}

/** PostgreSQL within 2x of SQLite: its requests per second at least half SQLite's, page by page. */
function compare(sqlite: Run, postgres: Run) {
  return postgres.rows
    .filter((r) => r.measured && r.limits)
    .map((r) => {
      const s = sqlite.rows.find((x) => x.name === r.name)?.measured;
      const ratio = s ? r.measured!.rps / s.rps : NaN;
      return {
        name: r.name,
        sqliteRps: round(s?.rps ?? NaN, 0),
        postgresRps: round(r.measured!.rps, 0),
        ratio: round(ratio, 2),
        met: ratio >= 0.5,
      };
    });
}

const wanted = args.db ?? 'both';
if (!['sqlite', 'postgres', 'both'].includes(wanted)) throw new Error('--db must be sqlite, postgres or both');
const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model,
  node: process.version,
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
};
ensureHaproxy();
console.log(
  `Page benchmark: ${STORIES.toLocaleString('en')} stories, ${SERVERS === 1 ? 'one app server' : `${SERVERS} app servers behind HAProxy`}, ${CONNECTIONS} connections, ${SECONDS} s per page; load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} CPUs`,
);
console.log(
  `Load shedding (503 when busy) ${args.shedding ? 'on, as configured' : 'off (HEARTH_MAX_EVENT_LOOP_DELAY_MS=0): pass --shedding to keep it'}`,
);
const exists = await existingRoutes();
const runs: Run[] = [];
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const save = (run: Run, extra: object = {}) =>
  writeFileSync(
    join(ROOT, `bench/results/pages-${run.dialect}.json`),
    JSON.stringify(
      {
        machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
        command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
        shedding: args.shedding,
        servers: SERVERS,
        ...run,
        ...extra,
      },
      null,
      2,
    ) + '\n',
  );

if (wanted !== 'postgres') {
  const run = await runOn('sqlite', '', exists);
  if (run) {
    print(run);
    save(run);
    runs.push(run);
  }
}
if (wanted !== 'sqlite') {
  const server = await postgresServer();
  if (typeof server === 'string') console.log(`\nPostgreSQL skipped: ${server}`);
  else {
    try {
      const run = await runOn('postgres', server.url, exists);
      if (run) {
        print(run);
        runs.push(run);
        const sqlite = runs.find((r) => r.dialect === 'sqlite');
        const comparison = sqlite ? compare(sqlite, run) : undefined;
        if (comparison) {
          console.log('\nPostgreSQL within 2x of SQLite (req/s):');
          for (const c of comparison)
            console.log(
              `  ${c.name.padEnd(32)} ${String(c.sqliteRps).padStart(6)} -> ${String(c.postgresRps).padStart(6)}  (${c.ratio}x) ${c.met ? 'met' : 'MISSED'}`,
            );
        }
        save(run, { comparedWithSqlite: comparison });
      }
    } finally {
      await server.done();
    }
  }
}
console.log(
  `\n${args['seed-only'] ? 'Seeded only: nothing measured or written' : `Written to ${runs.map((r) => `bench/results/pages-${r.dialect}.json`).join(', ') || 'bench/results/'}`}; load average at the end ${loadavg()
    .map((x) => round(x, 2))
    .join(' ')}`,
);
