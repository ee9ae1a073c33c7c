/**
 * "Nothing acknowledged is lost" for the field (issue 17): the server is killed (SIGKILL) in the middle of a phone's
 * sync. After a restart every interview Hearth acknowledged is stored exactly once, with the code it was acknowledged
 * with; the phone still holds the rest (and, not knowing whether a reply was lost, sends its whole queue again),
 * and each is then stored exactly once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../server/db/database.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { makeAlliance } from '../helpers/app.ts';
import { makeGuide } from '../helpers/interviews.ts';
import { sharedDatabase, startServer, stopServer, type ServerProcess } from '../helpers/processes.ts';
import { HttpPhone } from './http-phone.ts';

describe('the server killed during a sync from the field', () => {
  let database: OpenDatabase;
  let drop = async () => {};
  let env: Record<string, string>;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;

  beforeAll(async () => {
    const shared = await sharedDatabase();
    ({ database, drop } = shared);
    env = { ...shared.env, SESSION_KEY: randomBytes(32).toString('hex') };
    people = await makeAlliance(database.db);
    guide = await makeGuide(database.db, people.alliance.id, people.coordinator);
  });
  afterAll(() => drop());

  it('keeps every acknowledged interview once; the rest stay queued and are stored once when sent again', async () => {
    let server: ServerProcess = await startServer(env);
    const phone = new HttpPhone(server.url);
    await phone.signIn(people.interviewer.email);
    await phone.takeIntoTheField(guide);
    const queue = Array.from({ length: 80 }, (_, n) => phone.record(guide, `Field teller ${n}`));

    // Four senders at once (two tabs and a retry, say); the server is killed once 25 are acknowledged.
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed && next < queue.length) {
        const interview = queue[next++]!;
        try {
          const answer = await phone.send(interview);
          if (answer.code) acknowledged.set(interview.deviceId, answer.code);
          if (acknowledged.size >= 25 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          // The connection died with the server: not acknowledged, so still queued on the phone.
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, sender));
    await server.exited;
    expect(acknowledged.size).toBeGreaterThanOrEqual(25);
    expect(acknowledged.size).toBeLessThan(queue.length);

    const storedNow = async () =>
      database.db
        .selectFrom('stories')
        .select(['device_id', 'code', 'storyteller'])
        .where('inquiry_id', '=', guide.inquiry.id)
        .execute();
    for (const [deviceId, code] of acknowledged) {
      const rows = (await storedNow()).filter((s) => s.device_id === deviceId);
      expect(rows.map((s) => s.code)).toEqual([code]);
    }

    server = await startServer(env); // the database opens again after the crash
    try {
      phone.moveTo(server.url);
      for (const interview of queue) {
        const answer = await phone.send(interview);
        expect(answer.status).toBe(200);
        if (acknowledged.has(interview.deviceId)) expect(answer.code).toBe(acknowledged.get(interview.deviceId));
      }
      const stories = await storedNow();
      expect(stories).toHaveLength(queue.length);
      expect(new Set(stories.map((s) => s.device_id)).size).toBe(queue.length);
      expect(new Set(stories.map((s) => s.storyteller)).size).toBe(queue.length);
    } finally {
      await stopServer(server);
    }
  }, 120_000);
});
