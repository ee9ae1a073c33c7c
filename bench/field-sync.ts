/**
 * `npm run bench:field [-- --interviews N]` — a phone's queue of N interviews (200 by default, each about 400 words)
 * sent to Hearth on loopback as the phone's script sends them: one at a time, JSON with the device's id for each.
 * Two runs, each on a fresh database with Hearth (server/main.ts) in its own process:
 *   steady  the whole queue, timed, with each interview's round trip;
 *   killed  the server is killed (SIGKILL) once half the queue is acknowledged, restarted, and the phone sends what
 *           it still holds: everything not acknowledged, the one in flight included (Hearth may have stored it before
 *           it died), and the last one stored before the kill, whose answer is taken as lost on the way — Hearth
 *           answers it again with the same code and stores nothing twice.
 * Then counts, from the database: interviews lost (queued but not stored), duplicated (stored more than once) and
 * acknowledged with another code than the one stored — all expected 0. SQLite by default; with
 * TEST_DATABASE_URL=postgres://… (e.g. from .ci/postgres.sh) a new PostgreSQL database on that server.
 * One interview in ten carries a 5-minute recording (a WAV made on the fly, 4.8 MB), sent after all the
 * interviews as the phone's script sends files: one at a time, under the interview's device id and its own. In the
 * killed run the server is killed a second time once half the recordings are acknowledged, while the next one is
 * on its way (an upload cut off part way), restarted, and the phone sends every recording not acknowledged.
 * Recordings are counted the same way (lost, duplicated, acknowledged with another address), and so are bytes left
 * by a cut-off upload (never shown; cleared by the next upload a day later).
 * Prints a table and writes bench/results/field-sync-<database>.json. Not part of `npm test`.
 */
import '../server/capabilities.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeAlliance } from '../test/helpers/app.ts';
import { makeGuide, questionOf } from '../test/helpers/interviews.ts';
import { sharedDatabase, startServer, stopServer, type ServerProcess } from '../test/helpers/processes.ts';
import { testPostgresUrl } from '../test/helpers/db.ts';
import type { Recorded } from '../test/field/field-fixture.ts';
import { HttpPhone } from '../test/field/http-phone.ts';
import { wav } from '../test/attachments/fixtures.ts';
import { ROOT } from './load.ts';

const { values: args } = parseArgs({ options: { interviews: { type: 'string', default: '200' } } });
const N = Number(args.interviews);
if (!Number.isInteger(N) || N < 2 || N > 5000) throw new Error('--interviews must be a whole number from 2 to 5000');
const databaseName = testPostgresUrl ? 'postgres' : 'sqlite';
/** Every tenth interview has a recording of this many seconds (8 kHz mono WAV: 16 KB a second). */
const RECORDING_SECONDS = 300;
const WITH_RECORDING = (n: number) => n % 10 === 0;

const WORDS =
  'When the bus came back to our estate I could get to the job centre and then to work, and my daughter could get to college on her own. ';
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

interface Counted {
  stored: number;
  lost: number;
  duplicated: number;
  wrongCode: number;
}

interface QueuedFile {
  interviewId: string;
  deviceId: string;
  kind: 'recording';
  seed: number;
}

async function run(kind: 'steady' | 'killed') {
  const shared = await sharedDatabase();
  const env = { ...shared.env, SESSION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' };
  const db = shared.database.db;
  try {
    const people = await makeAlliance(db, 'Bench Alliance');
    const guide = await makeGuide(db, people.alliance.id, people.coordinator, 'msc', 'Stories from the field');
    const storyField = questionOf(guide, 'story');
    let server: ServerProcess = await startServer(env);
    const phone = new HttpPhone(server.url);
    await phone.signIn(people.interviewer.email);
    await phone.takeIntoTheField(guide);
    const files: QueuedFile[] = [];
    const queue: Recorded[] = Array.from({ length: N }, (_, n) => {
      const recorded = WITH_RECORDING(n);
      const interview = phone.record(
        guide,
        `Bench teller ${n}`,
        recorded ? { consent: ['panels', 'packs', 'quotes', 'recording'] } : {},
      );
      interview.values[storyField] = `Interview ${n}. ${WORDS.repeat(14)}`;
      if (recorded) files.push({ interviewId: interview.deviceId, deviceId: randomUUID(), kind: 'recording', seed: n });
      return interview;
    });

    const acknowledged = new Map<string, string>();
    const roundTrips: number[] = [];
    let restartMs = 0;
    let storedUnanswered = 0;
    let lostReply: { deviceId: string; code: string } | undefined;
    let lostReplyMismatch = false;
    let killedAt = -1;
    const started = performance.now();
    const sendAll = async (interviews: Recorded[], killAfter = Infinity) => {
      for (const interview of interviews) {
        const t0 = performance.now();
        let code: string | undefined;
        try {
          code = (await phone.send(interview)).code;
        } catch {
          return false; // the server is gone: the rest stay on the phone
        }
        roundTrips.push(performance.now() - t0);
        if (code) acknowledged.set(interview.deviceId, code);
        if (lostReply?.deviceId === interview.deviceId && code !== lostReply.code) lostReplyMismatch = true;
        if (acknowledged.size === killAfter && killedAt < 0) {
          killedAt = acknowledged.size;
          // The answer to this one is lost on the way (the phone never sees it): it stays queued and goes again.
          lostReply = { deviceId: interview.deviceId, code: code! };
          acknowledged.delete(interview.deviceId);
          // Killed while the next interview is on its way: it may be stored without its answer arriving.
          setImmediate(() => server.child.kill('SIGKILL'));
        }
      }
      return true;
    };

    const filesAcknowledged = new Map<string, string>();
    const fileTrips: number[] = [];
    let fileKilledAt = -1;
    let bytesSent = 0;
    const sendFiles = async (queued: QueuedFile[], killAfter = Infinity) => {
      for (const file of queued) {
        const bytes = wav(RECORDING_SECONDS, file.seed);
        // Killed while this recording is on its way: the upload is cut off part way.
        if (filesAcknowledged.size === killAfter && fileKilledAt < 0) {
          fileKilledAt = filesAcknowledged.size;
          setTimeout(() => server.child.kill('SIGKILL'), 20);
        }
        const t0 = performance.now();
        try {
          const sent = await phone.sendFile({ ...file, bytes });
          if (!sent.url) throw new Error(`a recording was refused: ${sent.status}`);
          filesAcknowledged.set(file.deviceId, sent.url);
        } catch (error) {
          if (fileKilledAt >= 0 && !(error instanceof Error && error.message.startsWith('a recording'))) return false;
          throw error;
        }
        fileTrips.push(performance.now() - t0);
        bytesSent += bytes.length;
      }
      return true;
    };
    let filesMs = 0;

    if (kind === 'steady') {
      await sendAll(queue);
      const f0 = performance.now();
      await sendFiles(files);
      filesMs = performance.now() - f0;
    } else {
      await sendAll(queue, Math.floor(N / 2));
      await server.exited;
      // Stored, but killed before its answer reached the phone (a lost reply): the phone sends it again.
      const before = await db
        .selectFrom('stories')
        .select('device_id')
        .where('inquiry_id', '=', guide.inquiry.id)
        .execute();
      storedUnanswered = before.filter((r) => !acknowledged.has(r.device_id ?? '')).length;
      const t0 = performance.now();
      server = await startServer(env);
      restartMs = performance.now() - t0;
      phone.moveTo(server.url);
      // What the phone still holds: everything Hearth has not acknowledged.
      const done = await sendAll(queue.filter((i) => !acknowledged.has(i.deviceId)));
      if (!done) throw new Error('the restarted server stopped answering');
      const f0 = performance.now();
      if (await sendFiles(files, Math.floor(files.length / 2))) throw new Error('the server was not killed');
      await server.exited;
      const t1 = performance.now();
      server = await startServer(env);
      restartMs += performance.now() - t1;
      phone.moveTo(server.url);
      if (!(await sendFiles(files.filter((f) => !filesAcknowledged.has(f.deviceId)))))
        throw new Error('the restarted server stopped answering');
      filesMs = performance.now() - f0;
    }
    const totalMs = performance.now() - started;
    await stopServer(server);

    const rows = await db
      .selectFrom('stories')
      .select(['device_id', 'code', 'storyteller'])
      .where('inquiry_id', '=', guide.inquiry.id)
      .execute();
    const perDevice = new Map<string, number>();
    for (const r of rows) perDevice.set(r.device_id ?? '', (perDevice.get(r.device_id ?? '') ?? 0) + 1);
    const perTeller = new Map<string, number>();
    for (const r of rows) perTeller.set(r.storyteller, (perTeller.get(r.storyteller) ?? 0) + 1);
    const counted: Counted = {
      stored: rows.length,
      lost: queue.filter((i) => !perDevice.has(i.deviceId)).length,
      duplicated:
        [...perDevice.values()].reduce((sum, n) => sum + n - 1, 0) +
        [...perTeller.values()].filter((n) => n > 1).length,
      wrongCode:
        [...acknowledged].filter(([id, code]) => rows.find((r) => r.device_id === id)?.code !== code).length +
        (lostReplyMismatch ? 1 : 0),
    };
    const fileRows = await db
      .selectFrom('attachments')
      .select(['id', 'story_id', 'device_id', 'complete', 'size'])
      .execute();
    const complete = fileRows.filter((r) => r.complete === 1);
    const perFile = new Map<string, number>();
    for (const r of complete) perFile.set(r.device_id ?? '', (perFile.get(r.device_id ?? '') ?? 0) + 1);
    const perStory = new Map<number, number>();
    for (const r of complete) perStory.set(r.story_id, (perStory.get(r.story_id) ?? 0) + 1);
    const recordings = {
      recordings: files.length,
      recordingSeconds: RECORDING_SECONDS,
      recordingsMB: round(bytesSent / 1024 / 1024),
      recordingsMs: round(filesMs, 0),
      recordingMedianMs: round(percentile(fileTrips, 0.5)),
      recordingsKilledAfter: fileKilledAt < 0 ? null : fileKilledAt,
      recordingsStored: complete.length,
      recordingsLost: files.filter((f) => !perFile.has(f.deviceId)).length,
      recordingsDuplicated:
        [...perFile.values()].reduce((sum, n) => sum + n - 1, 0) +
        [...perStory.values()].reduce((sum, n) => sum + n - 1, 0),
      recordingsWrongAddress: [...filesAcknowledged].filter(
        ([id, url]) => !url.endsWith(`/files/${complete.find((r) => r.device_id === id)?.id}`),
      ).length,
      partialUploadsLeft: fileRows.length - complete.length,
    };
    return {
      ...recordings,
      run: kind,
      interviews: N,
      totalMs: round(totalMs, 0),
      perSecond: round((N / totalMs) * 1000),
      roundTripMedianMs: round(percentile(roundTrips, 0.5)),
      roundTripP95Ms: round(percentile(roundTrips, 0.95)),
      killedAfterAcknowledged: killedAt < 0 ? null : killedAt,
      restartMs: kind === 'killed' ? round(restartMs, 0) : null,
      storedUnanswered,
      acknowledged: acknowledged.size,
      ...counted,
    };
  } finally {
    await shared.drop();
  }
}

const results = [];
for (const kind of ['steady', 'killed'] as const) results.push(await run(kind));

console.log(
  `\nField sync: ${N} queued interviews, one phone, loopback, ${databaseName} (${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})\n`,
);
console.log(
  'run     total     /s     round trip p50 / p95   killed after  restart  stored, answer lost  stored  lost  duplicated  wrong code',
);
for (const r of results)
  console.log(
    [
      r.run.padEnd(7),
      `${(r.totalMs / 1000).toFixed(2)} s`.padStart(8),
      String(r.perSecond).padStart(6),
      `${r.roundTripMedianMs} / ${r.roundTripP95Ms} ms`.padStart(20),
      String(r.killedAfterAcknowledged ?? '—').padStart(14),
      (r.restartMs === null ? '—' : `${(r.restartMs / 1000).toFixed(2)} s`).padStart(9),
      String(r.storedUnanswered).padStart(20),
      String(r.stored).padStart(8),
      String(r.lost).padStart(5),
      String(r.duplicated).padStart(11),
      String(r.wrongCode).padStart(11),
    ].join(' '),
  );
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, `field-sync-${databaseName}.json`),
  `${JSON.stringify({ date: new Date().toISOString(), database: databaseName, cores: cpus().length, results }, null, 2)}\n`,
);
console.log(
  `\nRecordings: ${results[0]!.recordings} of ${RECORDING_SECONDS / 60} minutes each, sent after the interviews\n`,
);
console.log('run     sent      time    each p50   killed after  stored  lost  duplicated  wrong address  partial left');
for (const r of results)
  console.log(
    [
      r.run.padEnd(7),
      `${r.recordingsMB} MB`.padStart(8),
      `${(r.recordingsMs / 1000).toFixed(2)} s`.padStart(9),
      `${r.recordingMedianMs} ms`.padStart(10),
      String(r.recordingsKilledAfter ?? '—').padStart(14),
      String(r.recordingsStored).padStart(7),
      String(r.recordingsLost).padStart(5),
      String(r.recordingsDuplicated).padStart(11),
      String(r.recordingsWrongAddress).padStart(14),
      String(r.partialUploadsLeft).padStart(13),
    ].join(' '),
  );
const failed = results.some(
  (r) =>
    r.lost || r.duplicated || r.wrongCode || r.recordingsLost || r.recordingsDuplicated || r.recordingsWrongAddress,
);
if (failed) console.log('\nFAILED: an interview or recording was lost, duplicated or acknowledged wrongly.');
process.exitCode = failed ? 1 : 0;
