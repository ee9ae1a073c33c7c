/**
 * `npm run bench:packs` — a 100-story pack, measured: a fresh SQLite database, a round of 100 stories of real
 * length (the demo's stories, cycled), then the pack's HTML (median of app.inject runs) and its PDF by the system
 * Chromium (wall time: the first, which starts the browser, and the median of the next). Targets: HTML ≤ 300 ms,
 * PDF ≤ 5 s. Prints a table and writes bench/results/packs.json.
 */
import '../server/capabilities.ts';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMember, createAlliance } from '../server/accounts/members-store.ts';
import { hashPassword } from '../server/accounts/passwords.ts';
import { insertUser } from '../server/accounts/users-store.ts';
import { buildApp } from '../server/app.ts';
import { createInquiry, loadGuide } from '../server/inquiries/inquiries-store.ts';
import { loadConfig } from '../server/config.ts';
import { openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { demoStoryInput } from '../server/demo/load-stories.ts';
import { MSC_STORIES } from '../server/demo/stories-data.ts';
import { createStory } from '../server/stories/store.ts';
import { signedIn } from '../test/helpers/agent.ts';
import { PASSWORD } from '../test/helpers/app.ts';
import { addRoundStories, makeRound } from '../test/rounds/round-fixtures.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STORIES = 100;
const HTML_RUNS = 9;
const PDF_RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => Math.round(x);

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-packs-'));
const database = openSqlite(join(dataDir, 'hearth.db'));
await migrateToLatest(database.db, database.dialect);
const password = PASSWORD;
const coordinator = await insertUser(database.db, {
  email: 'coordinator@bench.example',
  name: 'Coordinator',
  passwordHash: await hashPassword(password),
});
const facilitator = await insertUser(database.db, {
  email: 'facilitator@bench.example',
  name: 'Facilitator',
  passwordHash: await hashPassword(password),
});
const alliance = await createAlliance(database.db, 'Bench Alliance', coordinator);
await addMember(database.db, coordinator, alliance.id, facilitator.id, 'facilitator', null);
const inquiry = await createInquiry(database.db, coordinator, alliance.id, {
  title: 'A hundred stories',
  method: 'msc',
});
const guide = await loadGuide(database.db, inquiry);
const told = MSC_STORIES.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn' && s.title);
const ids: number[] = [];
let words = 0;
for (let i = 0; i < STORIES; i++) {
  const input = demoStoryInput(guide, told[i % told.length]!);
  input.consent = { ...input.consent, panels: true, packs: true };
  const { story } = await createStory(database.db, coordinator, inquiry, input, {
    status: 'recorded',
    route: 'interview',
    interviewerId: coordinator.id,
  });
  ids.push(story.id);
  words += story.word_count;
}
const round = await makeRound(database.db, alliance.id, inquiry.id, { name: 'Open event', panel: 'Ten tables' });
await addRoundStories(database.db, round.id, ids);

const config = { ...loadConfig({}), dataDir, sessionKey: 'b'.repeat(64), runJobs: false };
const app = await buildApp(config, database);
await app.ready();
const agent = await signedIn(app, facilitator.email);
const url = `/alliances/${alliance.id}/rounds/${round.id}/pack`;

const htmlTimes: number[] = [];
let htmlBytes = 0;
for (let i = 0; i < HTML_RUNS + 2; i++) {
  const start = performance.now();
  const res = await agent.get(url);
  const took = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`pack page answered ${res.statusCode}`);
  htmlBytes = res.body.length;
  if (i >= 2) htmlTimes.push(took); // the first two warm the template cache
}

const pdf: {
  coldMs?: number;
  warmMs?: number[];
  pages?: number;
  bytes?: number;
  tenCopiesMs?: number;
  skipped?: string;
} = {};
if (!config.chromiumPath) pdf.skipped = 'no Chromium on this machine';
else {
  const timed = async (query: string) => {
    const start = performance.now();
    const res = await agent.get(`${url}.pdf?${query}`);
    if (res.statusCode !== 200) throw new Error(`PDF answered ${res.statusCode}`);
    return { took: performance.now() - start, body: res.rawPayload };
  };
  const cold = await timed('paper=a4');
  pdf.coldMs = ms(cold.took);
  pdf.bytes = cold.body.length;
  // The page tree's root holds the largest count.
  pdf.pages = Math.max(...[...cold.body.toString('latin1').matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
  writeFileSync(join(dataDir, 'pack.pdf'), cold.body);
  pdf.warmMs = [];
  for (let i = 0; i < PDF_RUNS; i++) pdf.warmMs.push(ms((await timed('paper=a4')).took));
  pdf.tenCopiesMs = ms((await timed('paper=a4&copies=10')).took);
}
await app.close();
await database.db.destroy();

const htmlMedian = ms(median(htmlTimes));
const pdfMedian = pdf.warmMs ? median(pdf.warmMs) : undefined;
const rows = [
  ['pack HTML, 100 stories (median of 9)', `${htmlMedian} ms`, '≤ 300 ms', htmlMedian <= 300 ? 'yes' : 'NO'],
  [
    'PDF, 100 stories, browser already running (median of 3)',
    pdfMedian === undefined ? 'skipped' : `${pdfMedian} ms`,
    '≤ 5000 ms',
    pdfMedian === undefined ? '—' : pdfMedian <= 5000 ? 'yes' : 'NO',
  ],
  [
    'PDF, 100 stories, first (starts Chromium)',
    pdf.coldMs === undefined ? 'skipped' : `${pdf.coldMs} ms`,
    '≤ 5000 ms',
    pdf.coldMs === undefined ? '—' : pdf.coldMs <= 5000 ? 'yes' : 'NO',
  ],
  [
    'PDF, 100 stories × 10 copies (for reference)',
    pdf.tenCopiesMs === undefined ? 'skipped' : `${pdf.tenCopiesMs} ms`,
    '',
    '',
  ],
];
console.log(
  `\nStory pack benchmark: ${STORIES} stories, ${words} words (${Math.round(words / STORIES)} a story on average); ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
);
console.log(
  `HTML ${Math.round(htmlBytes / 1024)} KiB; PDF ${pdf.pages ?? '—'} pages, ${pdf.bytes ? Math.round(pdf.bytes / 1024) : '—'} KiB\n`,
);
const width = rows.reduce((w, r) => Math.max(w, r[0]!.length), 0);
console.log(`${'measure'.padEnd(width)}  ${'result'.padStart(9)}  ${'target'.padEnd(10)}  met`);
for (const [name, result, target, met] of rows)
  console.log(`${name!.padEnd(width)}  ${result!.padStart(9)}  ${target!.padEnd(10)}  ${met}`);

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results/packs.json'),
  `${JSON.stringify({ when: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model }, stories: STORIES, words, html: { medianMs: htmlMedian, runsMs: htmlTimes.map(ms), bytes: htmlBytes, targetMs: 300 }, pdf: { ...pdf, medianMs: pdfMedian, targetMs: 5000 } }, null, 2)}\n`,
);
console.log(`\nWritten to bench/results/packs.json${pdf.bytes ? `; the PDF is ${join(dataDir, 'pack.pdf')}` : ''}`);
