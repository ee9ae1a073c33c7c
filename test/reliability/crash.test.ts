/**
 * Crash safety: the server is killed (SIGKILL, no chance to tidy up) in the middle of a burst of interview
 * submissions. After a restart every submission that got a success response is there, complete; the others are
 * either wholly there or wholly absent, never half-written.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import type { OpenDatabase } from '../../server/db/database.ts';
import { makeAlliance, PASSWORD } from '../helpers/app.ts';
import { makeGuide, TITLE_WORDS, validInterview } from '../helpers/interviews.ts';
import { HttpBrowser, sharedDatabase, startServer, stopServer, type ServerProcess } from '../helpers/processes.ts';

describe('a crash in the middle of a burst of submissions', () => {
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

  it('keeps every acknowledged story, complete', async () => {
    let server: ServerProcess = await startServer(env);
    const interviewer = new HttpBrowser();
    await interviewer.get(`${server.url}/sign-in`);
    expect(
      (await interviewer.post(`${server.url}/sign-in`, { email: people.interviewer.email, password: PASSWORD })).status,
    ).toBe(303);
    const form = `${server.url}/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`;
    await interviewer.get(`${form}/new`);

    const acknowledged: number[] = [];
    const answered: number[] = [];
    let next = 0;
    let killed = false;
    const storyField = `q${guide.questions.find((q) => q.kind === 'story')!.id}`;
    // Ten interviewers' worth of submissions in flight; the server is killed once 60 have been acknowledged.
    const worker = async () => {
      while (!killed && next < 400) {
        const n = next++;
        const fields = validInterview(guide, {
          storyteller: `Crash teller ${n}`,
          [storyField]: `Story ${n}: ${'the day the bus came back and I could get to work again. '.repeat(20)}`,
        }) as Record<string, string | string[]>;
        try {
          const res = await interviewer.post(form, fields);
          answered.push(n);
          if (res.status === 303) acknowledged.push(n);
          if (acknowledged.length >= 60 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          // The connection died with the server: this one was never acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await server.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    server = await startServer(env); // the restart: the database opens again after the crash
    try {
      const stories = await database.db
        .selectFrom('stories')
        .select(['id', 'storyteller', 'status', 'word_count'])
        .where('inquiry_id', '=', guide.inquiry.id)
        .execute();
      const byTeller = new Map(stories.map((s) => [s.storyteller, s]));
      for (const n of acknowledged) {
        const story = byTeller.get(`Crash teller ${n}`);
        expect(story, `acknowledged submission ${n}`).toBeDefined();
        expect(story!.status).toBe('recorded');
      }
      // Whatever is there is complete: its words, as sent, with every required answer.
      const required = guide.questions.filter((q) => q.required).length;
      for (const story of stories) {
        const answers = await database.db
          .selectFrom('story_answers')
          .select(['kind', 'value'])
          .where('story_id', '=', story.id)
          .execute();
        expect(answers.length).toBeGreaterThanOrEqual(required);
        const n = Number(story.storyteller.replace('Crash teller ', ''));
        expect(answers.find((a) => a.kind === 'story')!.value).toMatch(new RegExp(`^Story ${n}: `));
        expect(Number(story.word_count)).toBeGreaterThan(200);
      }
      // And the restarted server serves the stories.
      await interviewer.get(`${server.url}/sign-in`);
      await interviewer.post(`${server.url}/sign-in`, { email: people.interviewer.email, password: PASSWORD });
      const list = await interviewer.get(
        `${server.url}/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/stories`,
      );
      expect(list.status).toBe(200);
      expect(list.body).toContain(TITLE_WORDS);
    } finally {
      await stopServer(server);
    }
  }, 120_000);
});
