/**
 * Hearth behind a proxy runs as several app servers on one database. Two real server processes share one database
 * (PostgreSQL when the tests have one, else one SQLite file): a session and a CSRF token made on one are honoured by
 * the other, and each queued theme run is done by exactly one of them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../server/db/database.ts';
import { queueRun } from '../../server/themes/runs-store.ts';
import { makeAlliance, PASSWORD } from '../helpers/app.ts';
import {
  HttpBrowser as Browser,
  sharedDatabase,
  startServer,
  stopServer,
  type ServerProcess,
} from '../helpers/processes.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

describe('two app servers on one database', () => {
  let database: OpenDatabase;
  let drop = async () => {};
  const servers: ServerProcess[] = [];
  let seeded: Awaited<ReturnType<typeof makeAlliance>>;
  let inquiryId = 0;

  beforeAll(async () => {
    const shared = await sharedDatabase();
    database = shared.database;
    drop = shared.drop;
    const env: Record<string, string> = { ...shared.env, SESSION_KEY: randomBytes(32).toString('hex') };
    seeded = await makeAlliance(database.db, 'Shared Alliance');
    const inquiry = await makeInquiry(database.db, seeded.alliance, seeded.coordinator);
    inquiryId = inquiry.id;
    const topics = [
      'the bus to the clinic runs on time now',
      'my daughter reads to me every night',
      'the food bank opened on saturdays',
      'neighbours check on each other',
    ];
    for (let i = 0; i < 24; i++)
      await makeStory(database.db, inquiry, { words: `${topics[i % 4]} and that changed my week, story ${i}.` });
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    await drop();
  });

  it('honours on one server the session and CSRF token made on the other', async () => {
    const [a, b] = servers;
    const person = new Browser();
    await person.get(`${a!.url}/sign-in`); // the form, and its token, come from server A
    const signIn = await person.post(`${b!.url}/sign-in`, { email: seeded.coordinator.email, password: PASSWORD }); // posted to B
    expect(signIn.status).toBe(303);
    const onA = await person.get(`${a!.url}/alliances/${seeded.alliance.id}/members`);
    expect(onA.status).toBe(200);
    expect(onA.body).toContain(seeded.reader.name);

    // A form fetched from B and posted to A: the token and session still hold.
    await person.get(`${b!.url}/alliances/${seeded.alliance.id}/inquiries/${inquiryId}/themes`);
    const queued = await person.post(`${a!.url}/alliances/${seeded.alliance.id}/inquiries/${inquiryId}/themes`, {
      k: '2',
      seed: '7',
      domainId: '',
    });
    expect(queued.status).toBe(303);
    expect(queued.location).toMatch(/\/themes\/runs\/\d+$/);

    // A forged token is refused (the form comes back to be sent again), and nothing more is queued.
    const forged = await person.post(`${b!.url}/alliances/${seeded.alliance.id}/inquiries/${inquiryId}/themes`, {
      _csrf: 'forged',
      k: '2',
      seed: '7',
      domainId: '',
    });
    expect(forged.status).toBe(422);
    const runs = await database.db
      .selectFrom('analysis_runs')
      .select('id')
      .where('inquiry_id', '=', inquiryId)
      .execute();
    expect(runs).toHaveLength(1);
  }, 30_000);

  it('does each queued theme run once, on one server', async () => {
    const inquiry = await database.db
      .selectFrom('inquiries')
      .selectAll()
      .where('id', '=', inquiryId)
      .executeTakeFirstOrThrow();
    for (let seed = 1; seed <= 6; seed++)
      await queueRun(database.db, seeded.coordinator, inquiry, { k: 2, seed, domainId: null });
    let runs: { id: number; status: string; k: number | null; claimed_by: string | null; error: string }[] = [];
    for (let i = 0; i < 300; i++) {
      runs = await database.db
        .selectFrom('analysis_runs')
        .select(['id', 'status', 'k', 'claimed_by', 'error'])
        .where('inquiry_id', '=', inquiryId)
        .execute();
      if (runs.every((r) => r.status === 'done' || r.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const run of runs) {
      expect(run.status, `run ${run.id}: ${run.error}`).toBe('done'); // a failed run says why
      expect(run.claimed_by).toMatch(/:\d+$/);
      const themes = await database.db
        .selectFrom('themes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', run.id)
        .executeTakeFirstOrThrow();
      expect(Number(themes.n)).toBe(run.k); // done twice would leave twice the themes
    }
    const pids = new Set(servers.map((s) => String(s.child.pid)));
    for (const run of runs) expect(pids.has(run.claimed_by!.split(':').pop()!)).toBe(true);
  }, 90_000);
});
