/**
 * Memory while a long recording goes in and out (issue 17): Hearth on 127.0.0.1 over a new SQLite database (or
 * DATABASE_URL's PostgreSQL), one interviewer sends a WAV of SIZE MB (200 by default) through the story's file
 * field — made on the fly, never whole in memory — then the story page's player downloads it whole and seeks in it.
 * Prints the process's memory before, at its highest during the upload and during the download, and the times.
 *   node --import tsx/esm bench/recording-memory.ts [SIZE]
 * Client and server share this one process, so the figures are an upper bound for the server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPostgres, openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { makeAlliance, PASSWORD } from '../test/helpers/app.ts';
import { makeInquiry, makeStory } from '../test/helpers/stories.ts';

const sizeMb = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'hearth-recording-bench-'));
const database = process.env.DATABASE_URL
  ? openPostgres(process.env.DATABASE_URL, 4)
  : openSqlite(join(dir, 'h.sqlite'));
await migrateToLatest(database.db, database.dialect);
const config = {
  ...loadConfig({}),
  dataDir: dir,
  runJobs: false,
  maxEventLoopDelayMs: 0,
  maxUploadBytes: 2000 * 1048576,
};
const app = await buildApp(config, database);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const people = await makeAlliance(database.db);
const inquiry = await makeInquiry(database.db, people.alliance, people.coordinator);
const story = await makeStory(database.db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
const storyPath = `/alliances/${story.alliance_id}/stories/${story.id}`;

let cookie = '';
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers: { cookie, ...headers }, redirect: 'manual' });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (set.length) cookie = set.join('; ');
  return res;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const signInPage = await get('/sign-in');
const signedIn = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    _csrf: csrfOf(await signInPage.text()),
    email: people.interviewer.email,
    password: PASSWORD,
  }),
});
cookie = signedIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0]!)
  .join('; ');
const csrf = csrfOf(await (await get(`${storyPath}/recordings`)).text());

const mb = (n: number) => Math.round(n / 1048576);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const measure = async (run: () => Promise<void>) => {
  peak = process.memoryUsage().rss;
  const started = performance.now();
  await run();
  return { peakMb: mb(peak), seconds: Math.round((performance.now() - started) / 100) / 10 };
};

// A WAV of sizeMb: its header, then samples made a piece at a time.
const dataBytes = sizeMb * 1048576;
function wavStream(): ReadableStream<Uint8Array> {
  const boundary = '----hearthBench';
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + dataBytes, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(22050, 24);
  head.writeUInt32LE(44100, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(dataBytes, 40);
  const parts = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\n`),
    Buffer.from('Content-Type: audio/wav\r\n\r\n'),
    head,
  ];
  let sent = 0;
  const piece = Buffer.alloc(64 * 1024);
  for (let i = 0; i < piece.length; i += 2) piece.writeInt16LE(Math.round(Math.sin(i / 7) * 8000), i);
  return new ReadableStream({
    pull(controller) {
      if (parts.length) return controller.enqueue(parts.shift()!);
      if (sent < dataBytes) {
        const n = Math.min(piece.length, dataBytes - sent);
        sent += n;
        return controller.enqueue(piece.subarray(0, n));
      }
      controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
      controller.close();
    },
  });
}

const before = mb(process.memoryUsage().rss);
let status = 0;
const upload = await measure(async () => {
  const res = await fetch(`${base}${storyPath}/recordings`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'multipart/form-data; boundary=----hearthBench' },
    body: wavStream(),
    duplex: 'half',
  } as RequestInit);
  status = res.status;
  await res.arrayBuffer();
});
const page = await (await get(storyPath)).text();
const src = /<source src="([^"]+)"/.exec(page)?.[1];
if (status !== 303 || !src) throw new Error(`the upload was not kept (status ${status})`);
let received = 0;
const download = await measure(async () => {
  const res = await get(src);
  for await (const part of res.body!) received += (part as Uint8Array).length;
  const seek = await get(src, { range: `bytes=${Math.floor(dataBytes / 2)}-${Math.floor(dataBytes / 2) + 65535}` });
  if (seek.status !== 206) throw new Error(`seeking answered ${seek.status}`);
  await seek.arrayBuffer();
});
clearInterval(sampler);
console.log(
  JSON.stringify(
    {
      database: database.dialect,
      recordingMb: sizeMb,
      rssBeforeMb: before,
      upload: { ...upload, status },
      download: { ...download, bytes: received },
    },
    null,
    2,
  ),
);
await app.close();
await database.db.destroy();
