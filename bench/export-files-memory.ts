/**
 * Memory while an export with files is downloaded (issue 17): Hearth on 127.0.0.1 over a new SQLite database (or
 * DATABASE_URL's PostgreSQL) holding one story with a WAV recording of SIZE MB (200 by default, stored chunk by
 * chunk, never whole in memory); a coordinator then downloads the JSON export with files (a zip) and the REFI-QDA
 * project with files, reading each as it arrives. Prints the process's memory before and at its highest during
 * each download, the times and the sizes.
 *   node --import tsx/esm bench/export-files-memory.ts [SIZE]
 * Client and server share this one process, so the figures are an upper bound for the server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeUpload } from '../server/attachments/upload.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPostgres, openSqlite } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { makeAlliance, PASSWORD } from '../test/helpers/app.ts';
import { makeInquiry, makeStory } from '../test/helpers/stories.ts';
import { signInCookie } from './http-sign-in.ts';

const sizeMb = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'hearth-export-bench-'));
const database = process.env.DATABASE_URL
  ? openPostgres(process.env.DATABASE_URL, 4)
  : openSqlite(join(dir, 'h.sqlite'));
await migrateToLatest(database.db, database.dialect);
const config = { ...loadConfig({}), dataDir: dir, runJobs: false, maxEventLoopDelayMs: 0 };
const app = await buildApp(config, database);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const people = await makeAlliance(database.db);
const inquiry = await makeInquiry(database.db, people.alliance, people.coordinator);
const story = await makeStory(database.db, inquiry, {
  interviewer: people.interviewer,
  consent: { recording: true, hearing: true },
});

// A WAV of sizeMb: its header, then samples made a piece at a time.
const dataBytes = sizeMb * 1048576;
async function* wav(): AsyncGenerator<Buffer> {
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
  yield head;
  const piece = Buffer.alloc(64 * 1024);
  for (let i = 0; i < piece.length; i += 2) piece.writeInt16LE(Math.round(Math.sin(i / 7) * 8000), i);
  for (let sent = 0; sent < dataBytes; sent += piece.length)
    yield Buffer.from(piece.subarray(0, Math.min(piece.length, dataBytes - sent)));
}
const stored = await storeUpload(
  database.db,
  wav(),
  { allianceId: story.alliance_id, storyId: story.id, kind: 'recording', actor: people.interviewer },
  { maxBytes: 2000 * 1048576, maxRecordingSeconds: 24 * 3600 },
);
if (!stored.ok) throw new Error(stored.problem.key);

const cookie = await signInCookie(base, people.coordinator.email, PASSWORD);

const mb = (n: number) => Math.round(n / 1048576);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
async function download(format: 'json' | 'qdpx') {
  global.gc?.();
  peak = process.memoryUsage().rss;
  const started = performance.now();
  const res = await fetch(
    `${base}/alliances/${people.alliance.id}/inquiries/${inquiry.id}/export/download?format=${format}&files=yes`,
    {
      headers: { cookie },
    },
  );
  if (res.status !== 200) throw new Error(`${format}: ${res.status}`);
  let bytes = 0;
  for await (const part of res.body!) bytes += (part as Uint8Array).length;
  return {
    format,
    status: res.status,
    zipMb: mb(bytes),
    peakRssMb: mb(peak),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

const before = mb(process.memoryUsage().rss);
const zip = await download('json');
const qdpx = await download('qdpx');
clearInterval(sampler);
console.log(
  JSON.stringify(
    { database: database.dialect, recordingMb: sizeMb, rssBeforeMb: before, downloads: [zip, qdpx] },
    null,
    2,
  ),
);
await app.close();
await database.db.destroy();
