/**
 * PostgreSQL restarted in the middle of a burst of interview submissions, under a real Hearth server process: every
 * submission Hearth acknowledged is stored, complete; every other one was answered 503 with Retry-After and a short
 * page in the person's language (never a 500, never a dropped connection); once PostgreSQL is back, submissions
 * succeed again, and the server never stopped. PostgreSQL only, on a throwaway server of its own (.ci/postgres.sh),
 * since it is restarted.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserLanguage } from '../../server/accounts/users-store.ts';
import { openPostgres, type OpenDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { RETRY_AFTER_SECONDS } from '../../server/web/pressure.ts';
import { makeAlliance, PASSWORD } from '../helpers/app.ts';
import { testPostgresUrl } from '../helpers/db.ts';
import { makeGuide, validInterview } from '../helpers/interviews.ts';
import { heading } from '../helpers/pages.ts';
import { HttpBrowser, startServer, stopServer, type ServerProcess } from '../helpers/processes.ts';

const script = join(import.meta.dirname, '..', '..', '.ci', 'postgres.sh');
const postgres = (...args: string[]) => promisify(execFile)(script, args);

type Phase = 'before' | 'restarting' | 'after';
interface Sent {
  n: number;
  phase: Phase;
  status: number | 'connection lost';
  retryAfter?: string | null;
  heading?: string;
}

// global-setup prints why this is skipped on SQLite.
describe.skipIf(!testPostgresUrl)('PostgreSQL restarted during a burst of submissions', () => {
  let dir = '';
  let database: OpenDatabase | undefined;
  let server: ServerProcess | undefined;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  let guide: Guide;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-pg-restart-'));
    const url = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim();
    database = openPostgres(url, 2);
    await migrateToLatest(database.db, database.dialect);
    people = await makeAlliance(database.db);
    guide = await makeGuide(database.db, people.alliance.id, people.coordinator);
    server = await startServer({ DATABASE_URL: url, SESSION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' });
  }, 60_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await database?.db.destroy();
    await postgres('stop', dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged story, answers the rest 503 with Retry-After, and recovers by itself', async () => {
    const hearth = server!;
    const interviewer = new HttpBrowser();
    // A French-speaking interviewer: the 503 page is in French whether or not Hearth could read their account first.
    await setUserLanguage(database!.db, people.interviewer.id, 'fr');
    interviewer.cookies.set('hearth_lang', 'fr');
    await interviewer.get(`${hearth.url}/sign-in`);
    const signIn = await interviewer.post(`${hearth.url}/sign-in`, {
      email: people.interviewer.email,
      password: PASSWORD,
    });
    expect(signIn.status).toBe(303);
    const form = `${hearth.url}/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`;
    await interviewer.get(`${form}/new`);
    const storyField = `q${guide.questions.find((q) => q.kind === 'story')!.id}`;

    const sent: Sent[] = [];
    let phase: Phase = 'before';
    let next = 0;
    const acknowledged = (p: Phase) => sent.filter((s) => s.phase === p && s.status === 303).length;
    const until = Date.now() + 20_000;
    // Eight interviewers' worth of submissions in flight, each a moment after the last, until enough came through
    // after the restart.
    const worker = async () => {
      while (
        Date.now() < until &&
        hearth.child.exitCode === null &&
        !(phase === 'after' && acknowledged('after') >= 10)
      ) {
        const n = next++;
        const at = phase;
        const fields = validInterview(guide, {
          storyteller: `Restart teller ${n}`,
          [storyField]: `Story ${n}: ${'the clinic bus came back and I could get to work again. '.repeat(10)}`,
        }) as Record<string, string | string[]>;
        try {
          const res = await interviewer.post(form, fields);
          sent.push({
            n,
            phase: at,
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            heading: res.status === 303 ? undefined : heading(res.body),
          });
        } catch {
          sent.push({ n, phase: at, status: 'connection lost' });
        }
        await sleep(20);
      }
    };
    const restart = (async () => {
      while (acknowledged('before') < 10 && Date.now() < until) await sleep(20);
      phase = 'restarting';
      await postgres('restart', dir, '2'); // stopped (connections cut), down two seconds, started again
      phase = 'after';
    })();
    await Promise.all([restart, ...Array.from({ length: 8 }, worker)]);

    // Only two answers: stored (303 to the story), or "try again later" (503) with the French page; no 500, and
    // Hearth itself never dropped a connection.
    const refused = sent.filter((s) => s.status !== 303);
    expect(new Set(sent.map((s) => s.status))).toEqual(new Set([303, 503]));
    expect(refused.length).toBeGreaterThan(0); // the restart was felt
    for (const s of refused) {
      expect(s.retryAfter).toBe(String(RETRY_AFTER_SECONDS));
      expect(s.heading).toBe('Revenez dans un instant');
    }
    expect(acknowledged('before')).toBeGreaterThanOrEqual(10);
    // Once PostgreSQL is back, every submission goes through, with no restart of Hearth.
    const after = sent.filter((s) => s.phase === 'after');
    expect(after.length).toBeGreaterThanOrEqual(10);
    expect(after.every((s) => s.status === 303)).toBe(true);
    expect(hearth.child.exitCode).toBeNull();

    // Every acknowledged story is there, complete; whatever else is there is complete too, never half-written.
    const stories = await database!.db
      .selectFrom('stories')
      .select(['id', 'storyteller', 'status'])
      .where('inquiry_id', '=', guide.inquiry.id)
      .execute();
    const stored = new Map(stories.map((s) => [s.storyteller, s]));
    for (const s of sent.filter((x) => x.status === 303))
      expect(stored.get(`Restart teller ${s.n}`)?.status, `acknowledged submission ${s.n}`).toBe('recorded');
    const required = guide.questions.filter((q) => q.required).length;
    for (const story of stories) {
      const answers = await database!.db
        .selectFrom('story_answers')
        .select(['kind', 'value'])
        .where('story_id', '=', story.id)
        .execute();
      expect(answers.length).toBeGreaterThanOrEqual(required);
      const n = story.storyteller.replace('Restart teller ', '');
      expect(answers.find((a) => a.kind === 'story')?.value).toMatch(new RegExp(`^Story ${n}: `));
    }
    // And the same server still serves pages from the database.
    const list = await interviewer.get(
      `${hearth.url}/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/stories`,
    );
    expect(list.status).toBe(200);
  }, 40_000);
});
