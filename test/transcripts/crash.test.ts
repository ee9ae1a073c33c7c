/**
 * A server killed (SIGKILL, no chance to tidy up) while its speech-to-text command is running leaves the draft's job
 * marked as its own; once that server has been quiet for a minute, another server takes the job and finishes it.
 * A server stopped as it should be (SIGTERM) stops the command it started and gives the job back to the queue at
 * once. Real server processes on one database (SQLite file, or PostgreSQL when the tests have one).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeUpload } from '../../server/attachments/upload.ts';
import type { OpenDatabase } from '../../server/db/database.ts';
import { iso } from '../../server/db/time.ts';
import { queueTranscript } from '../../server/transcripts/transcripts-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import { sharedDatabase, startServer, stopServer, type ServerProcess } from '../helpers/processes.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { wav } from '../attachments/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-transcribe-crash-'));
const pidFile = join(dir, 'pid');
const slow = join(dir, 'slow.sh');
const quick = join(dir, 'quick.sh');
// The first server's command hangs (writing down its process id, so the test can end it: a killed server cannot).
writeFileSync(slow, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 120\n`);
writeFileSync(quick, '#!/bin/sh\ntest -s "$1" && echo "the second server heard this"\n');
chmodSync(slow, 0o755);
chmodSync(quick, 0o755);

async function until<T>(what: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  for (let i = 0; i < seconds * 5; i++) {
    const found = await what();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('gave up waiting');
}

describe('a server killed in the middle of a draft transcript', () => {
  let database: OpenDatabase;
  let drop = async () => {};
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    const shared = await sharedDatabase();
    ({ database, drop } = shared);
    env = { ...shared.env, SESSION_KEY: randomBytes(32).toString('hex') };
  });
  afterAll(async () => {
    for (const s of servers) await stopServer(s, 'SIGKILL');
    if (existsSync(pidFile))
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    await drop();
  });

  async function queuedDraft() {
    const db = database.db;
    const people = await makeAlliance(db);
    const inquiry = await makeInquiry(db, people.alliance, people.coordinator);
    const story = await makeStory(db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
    const upload = await storeUpload(
      db,
      Readable.from([wav(2, 9)]),
      { allianceId: story.alliance_id, storyId: story.id, kind: 'recording', actor: people.interviewer },
      { maxBytes: 1e7, maxRecordingSeconds: 600 },
    );
    if (!upload.ok) throw new Error(upload.problem.key);
    const job = await queueTranscript(db, people.interviewer, upload.file, 'en');
    return () => db.selectFrom('transcripts').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('stopped with SIGTERM, stops its command and gives the job back to the queue', { timeout: 60_000 }, async () => {
    const row = await queuedDraft();
    rmSync(pidFile, { force: true });
    const server = await startServer({ ...env, HEARTH_TRANSCRIBE_COMMAND: `${slow} {file}` });
    servers.push(server);
    await until(async () => ((await row()).status === 'running' && existsSync(pidFile) ? true : undefined));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    await stopServer(server, 'SIGTERM');
    expect(await row()).toMatchObject({ status: 'queued', claimed_by: null });
    await until(async () => (alive(pid) ? undefined : true), 5);
    rmSync(pidFile, { force: true });
    // Out of the way of the next test's draft.
    await database.db
      .deleteFrom('transcripts')
      .where('id', '=', (await row()).id)
      .execute();
  });

  it('leaves the job to be taken again by another server, which finishes it', { timeout: 90_000 }, async () => {
    const db = database.db;
    const row = await queuedDraft();
    const job = await row();

    const first = await startServer({ ...env, HEARTH_TRANSCRIBE_COMMAND: `${slow} {file}` });
    servers.push(first);
    await until(async () => ((await row()).status === 'running' && existsSync(pidFile) ? true : undefined));
    const claimedBy = (await row()).claimed_by;
    await stopServer(first, 'SIGKILL');
    expect(await row()).toMatchObject({ status: 'running', claimed_by: claimedBy, attempts: 1 });

    // A minute of silence from the dead server, without waiting a minute.
    await db
      .updateTable('transcripts')
      .set({ heartbeat_at: iso(new Date(Date.now() - 2 * 60_000)) })
      .where('id', '=', job.id)
      .execute();
    const second = await startServer({ ...env, HEARTH_TRANSCRIBE_COMMAND: `${quick} {file}` });
    servers.push(second);
    const done = await until(async () => {
      const now = await row();
      return now.status === 'done' ? now : undefined;
    });
    expect(done.text).toBe('the second server heard this');
    expect(done.attempts).toBe(2);
    expect(done.claimed_by).not.toBe(claimedBy);
  });
});
